using Provisioning.Domain.Switch;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Images;

/// <summary>
/// A validated import-image request: the base image <paramref name="Image"/> put onto each of <paramref name="Hosts"/>
/// (one child request per host) from <paramref name="Source"/>, checked against <paramref name="Sha256"/>.
/// </summary>
/// <param name="Source">An absolute file path on the host, or an http(s) URL (see <see cref="ImageRules"/>).</param>
/// <param name="Sha256">The image's SHA-256, 64 lower-case hex digits.</param>
/// <param name="Format">qcow2 or raw; null to take what the file is.</param>
/// <param name="OsUser">The image's default login user, for what the VMs built on it say ("user debian").</param>
public sealed record ImageSpec(IReadOnlyList<string> Hosts, string Image, string Source, string Sha256, string? Format, string OsUser)
    : IRequestParameters, IFanOutParameters
{
    /// <summary>The image's name: what the request is about.</summary>
    public string Name => Image;

    /// <summary>Every host, comma-separated: a parent request runs on all of them.</summary>
    public string Host => string.Join(',', Hosts);

    public IReadOnlyDictionary<string, string> ToParameters()
    {
        var p = new Dictionary<string, string>
        {
            [ImageRules.NameKey] = Image,
            [ImageRules.HostsKey] = ListRules.Join(Hosts),
            [ImageRules.SourceKey] = Source,
            [ImageRules.Sha256Key] = Sha256,
            [ImageRules.OsUserKey] = OsUser,
        };
        if (Format is { } format) p[ImageRules.FormatKey] = format;
        return p;
    }

    public IReadOnlyDictionary<string, string> ForHost(string host) => (this with { Hosts = [host] }).ToParameters();

    /// <summary>Reads the wire form back, re-checking every rule; throws <see cref="ArgumentException"/> naming the bad fields.</summary>
    public static ImageSpec FromParameters(IReadOnlyDictionary<string, string> parameters)
    {
        var errors = new Dictionary<string, string[]>();
        return FieldRules.OrThrow(ImageRules.Parse(parameters, errors), ParameterSets.ImportImage, errors);
    }
}
