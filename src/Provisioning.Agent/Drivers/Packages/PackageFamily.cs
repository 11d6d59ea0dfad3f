namespace Provisioning.Agent.Drivers.Packages;

/// <summary>Which package manager a host has.</summary>
public enum PackageFamily
{
    /// <summary>Neither dpkg nor rpm was found.</summary>
    Unknown,

    /// <summary>Debian, Ubuntu: dpkg-query and apt-get.</summary>
    Debian,

    /// <summary>RHEL, Rocky, Fedora: rpm and dnf.</summary>
    Rhel,
}
