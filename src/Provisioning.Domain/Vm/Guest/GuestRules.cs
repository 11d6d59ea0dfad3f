using Provisioning.Domain.Switch;

namespace Provisioning.Domain.Vm.Guest;

/// <summary>
/// The wire fields of a VM's guest OS: <c>image</c>, <c>sshKeys</c> (a list) and <c>userData</c>. Keys and
/// user-data only mean something to cloud-init in an image, so they are refused without one.
/// </summary>
public static class GuestRules
{
    public const string ImageKey = "image";
    public const string SshKeysKey = "sshKeys";
    public const string UserDataKey = "userData";

    /// <summary>The image's login user, written by the engine at submission from the image's record (assigned, like a lease).</summary>
    public const string OsUserKey = "osUser";

    /// <summary>Login names as Debian's adduser takes them.</summary>
    private static readonly System.Text.RegularExpressions.Regex OsUserPattern = new("^[a-z_][a-z0-9_-]{0,31}$");

    /// <summary>Reads the guest fields; null when there is no image (a blank disk, for network installs).</summary>
    public static GuestSetup? Parse(IReadOnlyDictionary<string, string> p, IDictionary<string, string[]> errors)
    {
        var keys = p.TryGetValue(SshKeysKey, out var wireKeys) ? ListRules.Split(wireKeys) : [];
        if (SshKeyRules.Problems(keys) is { Count: > 0 } keyProblems) errors[SshKeysKey] = [.. keyProblems];
        var userData = p.GetValueOrDefault(UserDataKey);
        if (userData is not null && UserDataRules.Problem(userData) is { } userDataProblem) errors[UserDataKey] = [userDataProblem];

        var osUser = p.GetValueOrDefault(OsUserKey);
        if (osUser is not null && !OsUserPattern.IsMatch(osUser)) errors[OsUserKey] = ["must be a login name (^[a-z_][a-z0-9_-]{0,31}$)"];
        if (!p.TryGetValue(ImageKey, out var image))
        {
            foreach (var key in new[] { SshKeysKey, UserDataKey, OsUserKey }.Where(p.ContainsKey))
            {
                errors.TryAdd(key, ["needs an image: cloud-init in the image applies it"]);
            }
            return null;
        }
        if (!VmParameterRules.NamePattern().IsMatch(image) || image.Contains("..", StringComparison.Ordinal))
        {
            errors[ImageKey] = ["must be an image name: " + FieldRules.NameRule];
            return null;
        }
        return new GuestSetup(image, keys, userData, osUser);
    }

    /// <summary>The wire form.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Wire(GuestSetup guest)
    {
        yield return new(ImageKey, guest.Image);
        if (guest.SshKeys.Count > 0) yield return new(SshKeysKey, ListRules.Join(guest.SshKeys));
        if (guest.UserData is { } userData) yield return new(UserDataKey, userData);
        if (guest.OsUser is { } osUser) yield return new(OsUserKey, osUser);
    }
}
