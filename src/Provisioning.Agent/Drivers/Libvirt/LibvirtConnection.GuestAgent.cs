using System.Text.Json;
using Provisioning.Agent.Drivers.Libvirt.Native;

namespace Provisioning.Agent.Drivers.Libvirt;

public sealed partial class LibvirtConnection
{
    /// <summary>
    /// Sends a command to the QEMU guest agent in the domain and returns its <c>return</c> value. Throws
    /// <see cref="LibvirtException"/> when the agent does not answer (not running yet, or no channel): callers that
    /// wait for a guest treat that as "not up yet".
    /// </summary>
    /// <param name="timeoutSeconds">How long libvirt waits for the agent's reply.</param>
    public JsonElement GuestAgentCommand(Guid uuid, string command, int timeoutSeconds = 5)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        using var domain = OpenDomain(uuid);
        var request = JsonSerializer.Serialize(new { execute = command });
        var reply = NativeString.Take(LibvirtNative.virDomainQemuAgentCommand(domain, request, timeoutSeconds, 0))
            ?? throw LibvirtException.FromLastError("virDomainQemuAgentCommand");
        using var document = JsonDocument.Parse(reply);
        return document.RootElement.TryGetProperty("return", out var value) ? value.Clone() : default;
    }
}
