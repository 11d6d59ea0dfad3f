namespace Provisioning.Agent.Drivers.Iso;

/// <summary>One file in the root directory of an ISO 9660 image.</summary>
/// <param name="Name">Its name as readers of the Joliet tree see it (<c>meta-data</c>): case and hyphens kept.</param>
public sealed record IsoFile(string Name, byte[] Content);
