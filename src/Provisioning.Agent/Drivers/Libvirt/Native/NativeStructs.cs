using System.Runtime.InteropServices;

namespace Provisioning.Agent.Drivers.Libvirt.Native;

// Mirrors of libvirt's C structs (libvirt 9.0 headers), laid out as the C compiler does on
// LP64 Linux: `unsigned long` is CULong so the layout stays right where it is 32 bits.

/// <summary>The leading fields of <c>virError</c>; we only ever read through a pointer, never copy it.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct VirError
{
    public int Code;
    public int Domain;
    public nint Message;
    public int Level;
}

/// <summary><c>virNodeInfo</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct VirNodeInfo
{
    public fixed byte Model[32];
    public CULong Memory;
    public uint Cpus;
    public uint Mhz;
    public uint Nodes;
    public uint Sockets;
    public uint Cores;
    public uint Threads;
}

/// <summary><c>virDomainInfo</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct VirDomainInfo
{
    public byte State;
    public CULong MaxMem;
    public CULong Memory;
    public ushort NrVirtCpu;
    public ulong CpuTime;
}

/// <summary><c>virStoragePoolInfo</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct VirStoragePoolInfo
{
    public int State;
    public ulong Capacity;
    public ulong Allocation;
    public ulong Available;
}

/// <summary><c>virStorageVolInfo</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct VirStorageVolInfo
{
    public int Type;
    public ulong Capacity;
    public ulong Allocation;
}
