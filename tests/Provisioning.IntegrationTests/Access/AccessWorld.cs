using System.Net;
using System.Text;
using System.Text.Json;
using Provisioning.Api.Access;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Access;

/// <summary>
/// What the access tests share on the stack: projects A and B, a token of every role (requesters of A and of B),
/// a revoked token, and one request in each project, submitted by that project's requester on a host with no
/// agent (so it only waits at its first step; nothing is made on the host). Made once per run.
/// </summary>
public sealed class AccessWorld
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static AccessWorld? made;

    private AccessWorld(StackFixture stack) => Stack = stack;

    public StackFixture Stack { get; }

    public string ProjectA => $"{Stack.Prefix}-a";

    public string ProjectB => $"{Stack.Prefix}-b";

    /// <summary>A host no agent serves: requests to it wait at install-host and touch nothing.</summary>
    public string NoHost => $"{Stack.Prefix}-nohost";

    /// <summary>Secrets by caller name: requester (of A), requesterB, operator, auditor, admin, revoked.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; private set; } = null!;

    /// <summary>Subjects by caller name (the actor on what each causes).</summary>
    public IReadOnlyDictionary<string, string> Subjects { get; private set; } = null!;

    /// <summary>The VM of <see cref="RequestA"/>, in project A's inventory.</summary>
    public string VmA => $"{Stack.Prefix}-acca";

    /// <summary>The VM of <see cref="RequestB"/>, in project B's inventory.</summary>
    public string VmB => $"{Stack.Prefix}-accb";

    /// <summary>The request requester A submitted (project A).</summary>
    public Guid RequestA { get; private set; }

    /// <summary>The request requester B submitted (project B).</summary>
    public Guid RequestB { get; private set; }

    /// <summary>An id of a live token (for GET /api/tokens/{id}).</summary>
    public string SomeTokenId { get; private set; } = "";

    /// <summary>An id of a token that only the table's DELETE row revokes.</summary>
    public string ThrowawayTokenId { get; private set; } = "";

    public static async Task<AccessWorld> OfAsync(StackFixture stack)
    {
        await Gate.WaitAsync();
        try
        {
            if (made is null || !ReferenceEquals(made.Stack, stack))
            {
                var world = new AccessWorld(stack);
                await world.MakeAsync();
                made = world;
            }
            return made;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>A client sending caller <paramref name="name"/>'s token (none for <c>anonymous</c>).</summary>
    public HttpClient Client(string name)
    {
        if (name == Callers.Anonymous) return new HttpClient { BaseAddress = Stack.Process.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        return Tokens.Client(Stack.Process.BaseAddress, Secrets[name]);
    }

    /// <summary>A provision-vm body for guest <paramref name="vm"/> on <see cref="NoHost"/>.</summary>
    public string SubmitBody(string vm) => JsonSerializer.Serialize(new
    {
        workflow = "provision-vm",
        ticket = "ACCESS-1",
        parameters = new { name = vm, host = NoHost, memoryMiB = 64, vcpus = 1, diskGiB = 1, bridge = $"{Stack.Prefix}ab", vlan = 100 },
    });

    /// <summary>Submits as <paramref name="caller"/>; returns the request id.</summary>
    public async Task<Guid> SubmitAsync(string caller, string vm)
    {
        using var client = Client(caller);
        using var response = await client.PostAsync("/api/requests", new StringContent(SubmitBody(vm), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{caller} submitting answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    private async Task MakeAsync()
    {
        var admin = Stack.Http;
        await Tokens.EnsureProjectAsync(admin, ProjectA);
        await Tokens.EnsureProjectAsync(admin, ProjectB);
        var subjects = new Dictionary<string, string>
        {
            [Callers.Requester] = "rita", [Callers.RequesterB] = "rob", [Callers.Operator] = "olga", [Callers.Auditor] = "aude",
            [Callers.Admin] = "adam", [Callers.Revoked] = "rev",
        };
        var secrets = new Dictionary<string, string>
        {
            [Callers.Requester] = (await Tokens.MintAsync(admin, subjects[Callers.Requester], Roles.Requester, ProjectA)).Secret,
            [Callers.RequesterB] = (await Tokens.MintAsync(admin, subjects[Callers.RequesterB], Roles.Requester, ProjectB)).Secret,
            [Callers.Operator] = (await Tokens.MintAsync(admin, subjects[Callers.Operator], Roles.Operator)).Secret,
            [Callers.Auditor] = (await Tokens.MintAsync(admin, subjects[Callers.Auditor], Roles.Auditor)).Secret,
        };
        var (adminId, adminSecret) = await Tokens.MintAsync(admin, subjects[Callers.Admin], Roles.Admin);
        secrets[Callers.Admin] = adminSecret;
        // A token that worked (operator: it could do a lot) and was then revoked.
        var (revokedId, revokedSecret) = await Tokens.MintAsync(admin, subjects[Callers.Revoked], Roles.Operator);
        secrets[Callers.Revoked] = revokedSecret;
        await Tokens.RevokeAsync(admin, revokedId);
        Secrets = secrets;
        Subjects = subjects;
        SomeTokenId = adminId;
        ThrowawayTokenId = (await Tokens.MintAsync(admin, "throwaway", Roles.Auditor)).Id;

        RequestA = await SubmitAsync(Callers.Requester, VmA);
        RequestB = await SubmitAsync(Callers.RequesterB, VmB);
    }
}
