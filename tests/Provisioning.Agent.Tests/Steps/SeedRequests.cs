using System.Net;
using Provisioning.Agent.Tests.CloudInit;
using Provisioning.Agent.Tests.Support;
using Provisioning.Domain.Vm.Addressing;
using Provisioning.Domain.Vm.Guest;

namespace Provisioning.Agent.Tests.Steps;

/// <summary>provision-vm requests of VMs with an image, as the engine hands them on: the lease written in.</summary>
public static class SeedRequests
{
    public static readonly VmAddressing Lease = new("vlan100", null,
        new Ipv4Lease(IPAddress.Parse("10.100.0.10"), 24, IPAddress.Parse("10.100.0.1"), [IPAddress.Parse("10.100.0.2")]));

    /// <summary>A VM from an image with the test key and a static lease (or DHCP with <paramref name="dhcp"/>).</summary>
    public static VmRequest WithImage(string host, bool dhcp = false, string? userData = null) =>
        VmRequest.New(host, TestRun.Name("b"), vlan: 100) with
        {
            Guest = new GuestSetup("debian-12", [Seeds.Key], userData),
            Addressing = dhcp ? null : Lease,
        };
}
