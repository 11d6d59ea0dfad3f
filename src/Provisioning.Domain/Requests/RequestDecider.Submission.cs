using System.Globalization;
using Provisioning.Contracts;
using Provisioning.Domain.Images;
using Provisioning.Domain.Vm.Addressing;
using Provisioning.Domain.Vm.Guest;

namespace Provisioning.Domain.Requests;

public static partial class RequestDecider
{
    /// <summary>
    /// Decides a submission with what the engine read of the fleet for it. A request whose host's agent is not there,
    /// that gets no address from its pool, or that no host fits, is recorded with the reason and fails at once: nothing
    /// is dispatched. A placed request, or one given an address, starts like any other, with the choice recorded right
    /// after <see cref="RequestSubmitted"/> (<see cref="HostPlaced"/>, <see cref="AddressAllocated"/>) and written into its
    /// parameters (the host; the lease's ipv4, gateway and dns), so steps and agents see a request that named them. A repeated submission of a request
    /// that exists is decided with the request's state instead (<see cref="Decide"/>), and changes nothing.
    /// </summary>
    public static Decision Submit(SubmitRequest c, SubmissionFacts facts, DecisionContext ctx) =>
        RequestEnd.Conclude(null, SubmitOne(c, facts, ctx), ctx);

    private static Decision SubmitOne(SubmitRequest c, SubmissionFacts facts, DecisionContext ctx)
    {
        if (c.Parts is { Count: > 0 }) return ParentDecider.Submit(c, ctx);
        if (facts.Agent?.WhyNotReady(c.Host) is { } notReady)
        {
            return new Decision([Submitted(c, ctx), new RequestFailed(notReady, ctx.Now)]);
        }
        if (facts.Image is { } image && ImageCheck.Problem(image, c.Host, DiskGiB(c)) is { } problem)
        {
            return new Decision([Submitted(c, ctx), new ImageRefused(problem.Field, problem.Reason, ctx.Now), new RequestFailed(problem.Reason, ctx.Now)]);
        }
        // Then the address: a pool that does not fit the VM is the request's fault, wherever it would run.
        if (facts.Address is { Allocated: false } noAddress)
        {
            return new Decision([
                Submitted(c, ctx),
                new AddressRefused(noAddress.Reason, noAddress.Field ?? AddressRules.PoolKey, noAddress.Pool, ctx.Now),
                new RequestFailed(noAddress.Reason, ctx.Now),
            ]);
        }
        if (facts.Placement is { Host: null } refused)
        {
            return new Decision([
                Submitted(c with { Host = "" }, ctx),
                new PlacementRefused(refused.Reason, refused.Candidates, ctx.Now),
                new RequestFailed(refused.Reason, ctx.Now),
            ]);
        }
        if (facts.Placement is null && facts.Address is null && facts.Image is null) return Start(c, ctx);

        // What the engine settled is written into the parameters, so steps and agents see a request that named it.
        var parameters = new Dictionary<string, string>(c.Parameters);
        var host = c.Host;
        var settled = new List<object>();
        if (facts.Placement is { Host: { } chosen } placement)
        {
            parameters["host"] = host = chosen;
            settled.Add(new HostPlaced(chosen, placement.Reason, placement.Candidates, ctx.Now));
        }
        if (facts.Address is { Pool: { } pool, Lease: { } lease } address)
        {
            var asked = c.Parameters.GetValueOrDefault(AddressRules.AddressKey);
            foreach (var (key, value) in AddressRules.Wire(new VmAddressing(pool, asked, lease))) parameters[key] = value;
            settled.Add(new AddressAllocated(pool, lease.Address.ToString(), c.RequestId, RequestState.SubjectOf(c.Parameters) ?? "", address.Reason, ctx.Now));
        }
        // Who logs in: the image's user on the host it runs on, so the request can say "(user debian)" when it is up.
        if (facts.Image?.On(host)?.OsUser is { } user) parameters[GuestRules.OsUserKey] = user;
        var started = Start(c with { Host = host, Parameters = parameters }, ctx).Events.ToList();
        started.InsertRange(1, settled);
        return new Decision(started);
    }

    // The engine reads image facts only for a VM, whose parameters passed their rules: diskGiB is there and a number.
    private static int DiskGiB(SubmitRequest c) => int.Parse(c.Parameters["diskGiB"], CultureInfo.InvariantCulture);

    private static Decision Start(SubmitRequest c, DecisionContext ctx)
    {
        var submitted = Submitted(c, ctx);
        var state = RequestState.Initial(submitted);
        return new Decision(c.Definition.Steps.Count == 0
            ? [submitted, new RequestSucceeded(ctx.Now)]
            : [submitted, Dispatch(state, c.Definition.Steps[0].Name, StepMode.Execute, 1, ctx)]);
    }

    /// <summary>
    /// The one place a <see cref="RequestSubmitted"/> is made, for requests, parents and children alike: what the
    /// submitter asked for, the workflow's parameter set (what the request is about, for what it does when it ends),
    /// and the plan it runs (a parent's is empty: its children run the steps).
    /// </summary>
    internal static RequestSubmitted Submitted(SubmitRequest c, DecisionContext ctx, bool runsSteps = true) =>
        new(c.RequestId, c.Definition.Name, c.Definition.Version, runsSteps ? c.Definition.Steps : [], c.Parameters, c.Host,
            c.Ticket, c.Actor, c.Source, c.IdempotencyKey, ctx.Now, c.Project, c.ParentId, c.Definition.Parameters);
}
