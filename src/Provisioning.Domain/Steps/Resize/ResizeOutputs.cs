namespace Provisioning.Domain.Steps.Resize;

/// <summary>The VM's sizes after the resize, and before it.</summary>
public sealed record ResizeOutputs(string Domain, int MemoryMiB, int Vcpus, int PreviousMemoryMiB, int PreviousVcpus);
