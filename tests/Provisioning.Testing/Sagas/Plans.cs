using Provisioning.Domain.Steps;
using Provisioning.Domain.Workflows;

namespace Provisioning.Testing.Sagas;

/// <summary>Plans and definitions shaped like the shipped provision-vm workflow, with knobs tests turn.</summary>
public static class Plans
{
    public static readonly string InstallHost = StepCatalog.InstallHost.Name;
    public static readonly string CreateBridge = StepCatalog.CreateBridge.Name;
    public static readonly string DefineDomain = StepCatalog.DefineDomain.Name;
    public static readonly string AttachPort = StepCatalog.AttachPort.Name;
    public static readonly string Boot = StepCatalog.Boot.Name;

    /// <summary>2 s, then 4 s, 8 s ... capped at 30 s, jitter 20 %.</summary>
    public static RetryPolicy Retry(int maxAttempts = 3) => new(maxAttempts, 2, 2, 30, 0.2);

    /// <summary>A step with the compensation its definition fixes (none for a name the catalog does not know).</summary>
    public static StepPlan Step(string name, int maxAttempts = 3, int timeoutSeconds = 60) =>
        new(name, StepCatalog.Find(name)?.CompensationName ?? StepPlan.NoCompensation, timeoutSeconds, Retry(maxAttempts));

    /// <summary>The five provision-vm steps in order, each with a distinct timeout.</summary>
    public static IReadOnlyList<StepPlan> ProvisionVm(int maxAttempts = 3) =>
    [
        Step(InstallHost, maxAttempts, 900),
        Step(CreateBridge, maxAttempts, 120),
        Step(DefineDomain, maxAttempts, 300),
        Step(AttachPort, maxAttempts, 150),
        Step(Boot, maxAttempts, 240),
    ];

    public static WorkflowDefinition Definition(IReadOnlyList<StepPlan> steps) =>
        new("provision-vm", 3, "for tests", ParameterSets.ProvisionVm, steps);

    /// <summary>A valid provision-vm parameter set.</summary>
    public static IReadOnlyDictionary<string, string> VmParameters() => new Dictionary<string, string>
    {
        ["name"] = "web-01",
        ["host"] = "kvm-01",
        ["memoryMiB"] = "2048",
        ["vcpus"] = "2",
        ["diskGiB"] = "20",
        ["bridge"] = "br-prod",
        ["vlan"] = "42",
    };
}
