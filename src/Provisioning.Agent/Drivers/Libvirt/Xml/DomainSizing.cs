using System.Globalization;
using System.Xml.Linq;

namespace Provisioning.Agent.Drivers.Libvirt;

/// <summary>
/// Reads and changes memory and vCPUs in a domain definition with LINQ to XML: <c>memory</c>,
/// <c>currentMemory</c>, <c>vcpu</c> (dropping <c>current</c>), <c>maxMemory</c> when it would be
/// below the new memory, and the sockets of a CPU topology so that it still adds up.
/// </summary>
public static class DomainSizing
{
    private const long KiB = 1024;

    /// <summary>The definition's sizes.</summary>
    public static DomainSize Of(string domainXml)
    {
        var domain = Parse(domainXml);
        var memory = Scaled(domain.Element("memory")) ?? throw new ArgumentException("The domain has no <memory>.", nameof(domainXml));
        var vcpu = domain.Element("vcpu");
        var vcpus = vcpu is null ? 1 : int.Parse(vcpu.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
        var current = (string?)vcpu?.Attribute("current") is { } c ? int.Parse(c, NumberStyles.None, CultureInfo.InvariantCulture) : vcpus;
        return new DomainSize(memory, Scaled(domain.Element("currentMemory")) ?? memory, vcpus, current, Scaled(domain.Element("maxMemory")));
    }

    /// <summary>
    /// Why this definition cannot simply be given <paramref name="vcpus"/> and new memory, or null when it
    /// can: memory laid out in NUMA cells, per-vCPU settings, or a CPU topology that no socket count fits.
    /// </summary>
    public static string? CannotResize(string domainXml, int vcpus)
    {
        var domain = Parse(domainXml);
        if (domain.Element("cpu")?.Element("numa")?.Elements("cell").Any() == true)
        {
            return "its memory is laid out in NUMA cells (<cpu><numa>); resize it by hand";
        }
        if (domain.Element("vcpus") is not null) return "it has per-vCPU settings (<vcpus>); resize it by hand";
        if (domain.Element("cpu")?.Element("topology") is { } topology && vcpus % PerSocket(topology) != 0)
        {
            return $"its CPU topology has {PerSocket(topology)} vCPUs per socket, which does not divide {vcpus}";
        }
        return null;
    }

    /// <summary>The definition with this memory and vCPU count; check <see cref="CannotResize"/> first.</summary>
    public static string Resize(string domainXml, long memoryKiB, int vcpus)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(memoryKiB, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(vcpus, 1);
        var domain = Parse(domainXml);
        var memory = domain.Element("memory") ?? throw new ArgumentException("The domain has no <memory>.", nameof(domainXml));
        SetKiB(memory, memoryKiB);
        if (domain.Element("currentMemory") is { } current) SetKiB(current, memoryKiB);
        else memory.AddAfterSelf(Kib("currentMemory", memoryKiB));
        if (domain.Element("maxMemory") is { } max && (Scaled(max) ?? 0) < memoryKiB) SetKiB(max, memoryKiB);

        var vcpu = domain.Element("vcpu");
        if (vcpu is null)
        {
            domain.Element("currentMemory")!.AddAfterSelf(new XElement("vcpu", vcpus));
        }
        else
        {
            vcpu.Value = vcpus.ToString(CultureInfo.InvariantCulture);
            vcpu.Attribute("current")?.Remove();
        }
        if (domain.Element("cpu")?.Element("topology") is { } topology)
        {
            topology.SetAttributeValue("sockets", vcpus / PerSocket(topology));
        }
        return domain.ToString();
    }

    private static int PerSocket(XElement topology) =>
        new[] { "dies", "cores", "threads" }.Aggregate(1, (n, a) => n * ((int?)topology.Attribute(a) ?? 1));

    private static void SetKiB(XElement element, long kib)
    {
        element.SetAttributeValue("unit", "KiB");
        element.Value = kib.ToString(CultureInfo.InvariantCulture);
    }

    private static XElement Kib(string name, long kib) =>
        new(name, new XAttribute("unit", "KiB"), kib.ToString(CultureInfo.InvariantCulture));

    /// <summary>A libvirt scaled integer in KiB (the unit defaults to KiB for memory elements).</summary>
    private static long? Scaled(XElement? element)
    {
        if (element is null) return null;
        var value = long.Parse(element.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
        var bytes = ((string?)element.Attribute("unit") ?? "KiB") switch
        {
            "b" or "bytes" => value,
            "KB" => value * 1000,
            "k" or "K" or "KiB" => value * KiB,
            "MB" => value * 1000 * 1000,
            "M" or "MiB" => value * KiB * KiB,
            "GB" => value * 1000 * 1000 * 1000,
            "G" or "GiB" => value * KiB * KiB * KiB,
            "TB" => value * 1000 * 1000 * 1000 * 1000,
            "T" or "TiB" => value * KiB * KiB * KiB * KiB,
            var unit => throw new ArgumentException($"Unknown memory unit '{unit}'."),
        };
        return bytes / KiB;
    }

    private static XElement Parse(string domainXml)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domainXml);
        var root = XElement.Parse(domainXml);
        return root.Name == "domain" ? root : throw new ArgumentException("Not a libvirt domain XML.", nameof(domainXml));
    }
}
