using Provisioning.Agent.Drivers.Libvirt;

namespace Provisioning.Agent.Tests.Libvirt;

public sealed class DomainSizingTests
{
    private const string Plain = """
        <domain type='kvm'>
          <name>vm1</name>
          <memory unit='KiB'>65536</memory>
          <currentMemory unit='KiB'>32768</currentMemory>
          <vcpu placement='static' current='1'>2</vcpu>
          <os><type>hvm</type></os>
        </domain>
        """;

    [Fact]
    public void the_sizes_are_read_in_kib_whatever_the_unit()
    {
        var xml = Plain.Replace("<memory unit='KiB'>65536</memory>", "<memory unit='GiB'>2</memory><maxMemory slots='4' unit='M'>4096</maxMemory>", StringComparison.Ordinal);

        Assert.Equal(new DomainSize(2 * 1024 * 1024, 32768, 2, 1, 4096 * 1024), DomainSizing.Of(xml));
    }

    [Fact]
    public void a_resize_sets_memory_current_memory_and_vcpus_and_drops_the_current_vcpu_count()
    {
        var resized = DomainSizing.Resize(Plain, 131072, 4);

        Assert.True(DomainSizing.Of(resized).Is(131072, 4));
        Assert.DoesNotContain("current=", resized, StringComparison.Ordinal);
        Assert.Contains("placement=\"static\"", resized, StringComparison.Ordinal);
    }

    [Fact]
    public void a_hot_plug_ceiling_below_the_new_memory_is_raised_and_one_above_it_is_kept()
    {
        var xml = Plain.Replace("<vcpu", "<maxMemory slots='4' unit='KiB'>100000</maxMemory><vcpu", StringComparison.Ordinal);

        Assert.Equal(131072, DomainSizing.Of(DomainSizing.Resize(xml, 131072, 2)).MaxMemoryKiB);
        Assert.Equal(100000, DomainSizing.Of(DomainSizing.Resize(xml, 98304, 2)).MaxMemoryKiB);
    }

    [Fact]
    public void a_missing_current_memory_is_added()
    {
        var xml = Plain.Replace("<currentMemory unit='KiB'>32768</currentMemory>", "", StringComparison.Ordinal);

        Assert.Equal(98304, DomainSizing.Of(DomainSizing.Resize(xml, 98304, 1)).CurrentMemoryKiB);
    }

    [Fact]
    public void a_cpu_topology_gets_the_sockets_that_make_the_new_count()
    {
        var xml = Plain.Replace("<os>", "<cpu><topology sockets='1' dies='1' cores='2' threads='1'/></cpu><os>", StringComparison.Ordinal);

        Assert.Null(DomainSizing.CannotResize(xml, 6));
        Assert.Contains("sockets=\"3\"", DomainSizing.Resize(xml, 65536, 6), StringComparison.Ordinal);
        Assert.Contains("does not divide 5", DomainSizing.CannotResize(xml, 5), StringComparison.Ordinal);
    }

    [Fact]
    public void memory_in_numa_cells_is_left_to_a_person()
    {
        var xml = Plain.Replace("<os>", "<cpu><numa><cell id='0' cpus='0-1' memory='65536' unit='KiB'/></numa></cpu><os>", StringComparison.Ordinal);

        Assert.Contains("NUMA", DomainSizing.CannotResize(xml, 2), StringComparison.Ordinal);
    }

    [Fact]
    public void a_definition_already_at_the_sizes_is_recognised()
    {
        Assert.False(DomainSizing.Of(Plain).Is(65536, 2));
        Assert.True(DomainSizing.Of(DomainSizing.Resize(Plain, 65536, 2)).Is(65536, 2));
    }
}
