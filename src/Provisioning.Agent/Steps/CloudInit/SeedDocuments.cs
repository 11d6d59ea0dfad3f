using System.Text;
using Provisioning.Agent.Drivers.Iso;
using Provisioning.Domain.Steps.Guests;

namespace Provisioning.Agent.Steps.CloudInit;

/// <summary>The three files of a VM's NoCloud seed, and the ISO 9660 image that carries them.</summary>
public sealed record SeedDocuments(string MetaData, string UserData, string NetworkConfig)
{
    /// <summary>The label cloud-init's ds-identify and NoCloud look for (<c>cidata</c> or <c>CIDATA</c>).</summary>
    public const string VolumeLabel = "cidata";

    /// <summary>
    /// Every timestamp in the image: the Unix epoch, as reproducible builds do, so the same documents make the same
    /// bytes and a retry can tell "already written" from "written for other arguments" by comparing them.
    /// </summary>
    public static readonly DateTimeOffset Recorded = DateTimeOffset.UnixEpoch;

    public static SeedDocuments For(SeedArguments seed, Guid requestId) => new(
        CloudInit.MetaData.For(seed, requestId),
        CloudInit.UserData.For(seed),
        CloudInit.NetworkConfig.For(seed, requestId));

    /// <summary>The seed image: the three files in its root, labelled <see cref="VolumeLabel"/>.</summary>
    public byte[] ToIso() => IsoImage.Build(VolumeLabel,
    [
        new IsoFile("meta-data", Encoding.UTF8.GetBytes(MetaData)),
        new IsoFile("user-data", Encoding.UTF8.GetBytes(UserData)),
        new IsoFile("network-config", Encoding.UTF8.GetBytes(NetworkConfig)),
    ], Recorded);
}
