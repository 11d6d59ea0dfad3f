namespace Provisioning.Domain.Vm.Guest;

/// <summary>
/// What makes a VM a server people can log into: the base image its disk is an overlay of, and what cloud-init
/// sets up at first boot (the default user's SSH keys, and the caller's own <c>#cloud-config</c> if any).
/// </summary>
/// <param name="Image">The base image's name, as imported onto the host (<c>debian-12</c>).</param>
/// <param name="SshKeys">OpenSSH public keys for the image's default user.</param>
/// <param name="UserData">The caller's <c>#cloud-config</c> document, merged by cloud-init after ours; null for none.</param>
/// <param name="OsUser">The image's login user, which the engine writes in at submission; null until then or when unknown.</param>
public sealed record GuestSetup(string Image, IReadOnlyList<string> SshKeys, string? UserData, string? OsUser = null);
