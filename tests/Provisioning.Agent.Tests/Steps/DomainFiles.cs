using System.Xml.Linq;

namespace Provisioning.Agent.Tests.Steps;

/// <summary>Domains made "by hand" (virsh define) for tests that need a user of a network's portgroup.</summary>
public static class DomainFiles
{
    /// <summary>Defines (does not start) a disk-less domain whose one interface is in <paramref name="portgroup"/> of <paramref name="network"/>.</summary>
    public static async Task DefineWithInterface(string name, string network, string portgroup)
    {
        var xml = new XElement("domain", new XAttribute("type", "qemu"),
            new XElement("name", name),
            new XElement("memory", new XAttribute("unit", "MiB"), 64),
            new XElement("vcpu", 1),
            new XElement("os", new XElement("type", new XAttribute("arch", "x86_64"), "hvm")),
            new XElement("devices",
                new XElement("interface", new XAttribute("type", "network"),
                    new XElement("source", new XAttribute("network", network), new XAttribute("portgroup", portgroup)),
                    new XElement("model", new XAttribute("type", "virtio")))));
        var file = Path.Combine(Path.GetTempPath(), name + ".xml");
        try
        {
            await File.WriteAllTextAsync(file, xml.ToString());
            var defined = await HostProbe.Virsh("define", file);
            if (defined.ExitCode != 0) throw new InvalidOperationException($"virsh define {name} failed: {defined.Stderr}");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
