namespace Provisioning.Domain.Requests;

// The events of one host's part of an import-image request (parameter set import-image): what its end means for the
// images each host holds, decided with the end itself. And the refusal of a VM whose image a host does not hold.

/// <summary>
/// The request succeeded, so <paramref name="Host"/> holds the image <paramref name="Name"/> as the step reported it,
/// and this request is one of those that rely on it. Right before <see cref="RequestSucceeded"/>.
/// </summary>
/// <param name="Created">The request put it there (rather than finding it there with the same SHA-256).</param>
public sealed record ImageImported(
    string Host,
    string Name,
    string Pool,
    string Volume,
    string Path,
    string Format,
    long VirtualSizeBytes,
    string Sha256,
    string OsUser,
    bool Created,
    string Actor,
    DateTimeOffset At);

/// <summary>
/// The request that imported <paramref name="Name"/> onto <paramref name="Host"/> was undone, and its undo succeeded:
/// it no longer holds the image (the host removed it when no other request held it). Right before the event that ends
/// the undo. A failed undo (a VM built on the image) releases nothing: the image stays, and so does its record.
/// </summary>
public sealed record ImageReleased(string Host, string Name, DateTimeOffset At);

/// <summary>
/// A VM's submission was refused for its image: <paramref name="Field"/> (<c>image</c> or <c>diskGiB</c>) for
/// <paramref name="Reason"/>. A <see cref="RequestFailed"/> follows at once: nothing was dispatched.
/// </summary>
public sealed record ImageRefused(string Field, string Reason, DateTimeOffset At);
