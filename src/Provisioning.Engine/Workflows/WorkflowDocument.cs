using System.Text.Json.Serialization;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Workflows;

namespace Provisioning.Engine.Workflows;

/// <summary>The file format of a workflow definition (what the JSON Schema describes).</summary>
public sealed record WorkflowDocument(
    string Name,
    int Version,
    string? Description,
    string Parameters,
    IReadOnlyList<StepDocument> Steps)
{
    /// <summary>The domain model of this definition; each step's undo comes from its <see cref="StepDefinition"/> (known by now).</summary>
    public WorkflowDefinition ToDefinition() => new(Name, Version, Description ?? "", Parameters,
        Steps.Select(s => new StepPlan(s.Name, StepCatalog.Find(s.Name)!.CompensationName, s.TimeoutSeconds, s.Retry is { } r
            ? new RetryPolicy(r.MaxAttempts, r.InitialDelaySeconds, r.BackoffMultiplier, r.MaxDelaySeconds, r.Jitter)
            : RetryPolicy.None)).ToList());
}

/// <summary>One step in the file: which step, and how long and how often it may run. What it does and how it is undone is its definition's.</summary>
public sealed record StepDocument(string Name, string? Description, int TimeoutSeconds, RetryDocument? Retry);

/// <summary>A retry policy in the file.</summary>
public sealed record RetryDocument(int MaxAttempts, double InitialDelaySeconds, double BackoffMultiplier, double MaxDelaySeconds, double Jitter);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(WorkflowDocument))]
internal sealed partial class WorkflowJson : JsonSerializerContext;
