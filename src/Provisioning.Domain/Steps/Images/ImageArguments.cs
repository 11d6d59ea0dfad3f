using Provisioning.Domain.Images;

namespace Provisioning.Domain.Steps.Images;

/// <summary>One base image onto one host: <paramref name="Name"/> from <paramref name="Source"/>, which must hash to <paramref name="Sha256"/>.</summary>
/// <param name="Format">qcow2 or raw; null to take what the file is.</param>
public sealed record ImageArguments(string Name, string Source, string Sha256, string? Format) : IStepArguments
{
    public IReadOnlyDictionary<string, string[]> Problems() => new Checks()
        .Name("name", Name)
        .That(ImageRules.SourceProblem(Source) is null, "source", ImageRules.SourceProblem(Source) ?? "")
        .That(ImageRules.Sha256Problem(Sha256) is null && Sha256 == Sha256?.ToLowerInvariant(), "sha256", ImageRules.Sha256Problem(Sha256) ?? "must be lower case")
        .That(Format is null || ImageFormats.IsKnown(Format), "format", ImageRules.FormatProblem(Format) ?? "")
        .Result;
}
