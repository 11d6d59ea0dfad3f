namespace Provisioning.Domain.Placement;

/// <summary>One host as placement judged it for a request, recorded in the request's stream.</summary>
/// <param name="Host">The host name.</param>
/// <param name="Fits">Online, onboarded and with room for the request.</param>
/// <param name="Verdict">Why it fits or not, in words.</param>
/// <param name="HasOvsBridge">The host has an Open vSwitch bridge of the requested name.</param>
/// <param name="HasNetwork">The host has a libvirt network of the requested name (what create-bridge makes on it).</param>
/// <param name="Room">Its room before this request.</param>
public sealed record PlacementCandidate(string Host, bool Fits, string Verdict, bool HasOvsBridge, bool HasNetwork, HostRoom Room);
