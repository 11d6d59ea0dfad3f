using System.Text.Json;
using Provisioning.Contracts;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Steps;

namespace Provisioning.Agent.Tests.Support;

/// <summary>Commands as the engine builds them: each step's arguments taken from the request's parameters by the step's definition.</summary>
public static class Commands
{
    /// <summary>A command with a fresh command id; <paramref name="outputs"/> are the execution's, for an undo.</summary>
    public static ExecuteStep For(Guid requestId, string workflow, string step, StepMode mode, string host, IReadOnlyDictionary<string, string> parameters,
        JsonElement? outputs, string ticket, int timeoutSeconds) =>
        new(Guid.NewGuid(), requestId, workflow, step, mode, 1, host, Arguments(step, parameters), outputs,
            "tests@" + TestRun.Prefix, ticket, timeoutSeconds, RequestState.SubjectOf(parameters));

    /// <summary>The arguments of <paramref name="step"/> for a request with these parameters (as they are for a step no definition knows).</summary>
    public static JsonElement Arguments(string step, IReadOnlyDictionary<string, string> parameters) =>
        StepCatalog.Find(step)?.ArgumentsFor(parameters) ?? StepJson.Write(parameters);
}
