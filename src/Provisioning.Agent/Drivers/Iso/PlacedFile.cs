namespace Provisioning.Agent.Drivers.Iso;

/// <summary>A file of the image with its level-1 name and the sector its data starts at.</summary>
internal sealed record PlacedFile(IsoFile File, string PrimaryName, int Sector);
