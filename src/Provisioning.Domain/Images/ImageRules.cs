using System.Text.RegularExpressions;
using Provisioning.Domain.Switch;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Images;

/// <summary>
/// The rules for import-image parameters: <c>name</c> (the image, a libvirt-safe name), <c>hosts</c> (a list),
/// <c>source</c> (an absolute path on the host or an http(s) URL), <c>sha256</c> (required), <c>format</c>? (qcow2 or
/// raw; left out, the file says) and <c>osUser</c>? (the image's login user, <c>debian</c> by default). Shared by the API
/// and the agent (which re-checks every command's arguments with the same words).
/// </summary>
public static partial class ImageRules
{
    public const string NameKey = "name";
    public const string HostsKey = "hosts";
    public const string SourceKey = "source";
    public const string Sha256Key = "sha256";
    public const string FormatKey = "format";
    public const string OsUserKey = "osUser";

    /// <summary>The login user of the images the project builds (Debian's cloud images).</summary>
    public const string DefaultOsUser = "debian";

    /// <summary>A source longer than this is a mistake (or an attack on whatever logs it).</summary>
    public const int MaxSourceLength = 2048;

    public const string SourceRule = "must be an absolute file path on the host or an http(s) URL, without '..', control characters or credentials";

    public const string Sha256Rule = "must be the image's SHA-256: 64 hex digits";

    public const string OsUserRule = "must be a Linux user name: a lower-case letter or '_', then up to 31 lower-case letters, digits, '_' or '-'";

    [GeneratedRegex("^[0-9A-Fa-f]{64}$")]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex("^[a-z_][a-z0-9_-]{0,31}$")]
    private static partial Regex OsUserPattern();

    public static IReadOnlyDictionary<string, ParameterKind> Fields { get; } = new Dictionary<string, ParameterKind>
    {
        [NameKey] = ParameterKind.Text,
        [HostsKey] = ParameterKind.TextList,
        [SourceKey] = ParameterKind.Text,
        [Sha256Key] = ParameterKind.Text,
        [FormatKey] = ParameterKind.Text,
        [OsUserKey] = ParameterKind.Text,
    };

    /// <summary>Checks the wire form; fills <paramref name="errors"/> per field and returns null when anything is wrong.</summary>
    public static ImageSpec? Parse(IReadOnlyDictionary<string, string> p, IDictionary<string, string[]> errors)
    {
        FieldRules.RefuseUnknown(p, Fields.Keys.ToList(), ParameterSets.ImportImage, errors);
        var name = FieldRules.Text(p, NameKey, VmParameterRules.NamePattern(), "must be an image name: " + FieldRules.NameRule, errors);
        var hosts = ListRules.Hosts(p, HostsKey, errors);
        var source = Required(p, SourceKey, SourceProblem, errors);
        var sha = Required(p, Sha256Key, Sha256Problem, errors)?.ToLowerInvariant();
        var format = p.TryGetValue(FormatKey, out var f) ? Checked(FormatKey, f, FormatProblem, errors) : null;
        var user = p.TryGetValue(OsUserKey, out var u) ? Checked(OsUserKey, u, OsUserProblem, errors) : DefaultOsUser;
        return errors.Count == 0 ? new ImageSpec(hosts!, name!, source!, sha!, format, user!) : null;
    }

    /// <summary>
    /// Why <paramref name="source"/> may not be fetched, or null. Only two kinds: a file the host has, by absolute path, and
    /// http(s). No <c>..</c> anywhere (a path must say where it is), no control characters (they end up in logs and events),
    /// and no user:password in a URL (the request's parameters are stored and shown to every reader).
    /// </summary>
    public static string? SourceProblem(string? source)
    {
        if (string.IsNullOrEmpty(source)) return "is required";
        if (source.Length > MaxSourceLength) return $"must be at most {MaxSourceLength} characters";
        if (source.Any(char.IsControl) || source.Contains("..", StringComparison.Ordinal) || source.Contains('\\')) return SourceRule;
        if (source.StartsWith('/')) return source.EndsWith('/') || source.Contains("//", StringComparison.Ordinal) ? SourceRule : null;
        if (!Uri.TryCreate(source, UriKind.Absolute, out var uri)) return SourceRule;
        if (uri.Scheme is not ("http" or "https") || uri.Host.Length == 0 || uri.UserInfo.Length > 0 || uri.Fragment.Length > 0) return SourceRule;
        return null;
    }

    /// <summary>True when <paramref name="source"/> (checked) names a file on the host rather than a URL.</summary>
    public static bool IsFile(string source) => source.StartsWith('/');

    /// <summary>Why <paramref name="sha256"/> is not a SHA-256 in hex, or null.</summary>
    public static string? Sha256Problem(string? sha256) =>
        string.IsNullOrEmpty(sha256) ? "is required" : Sha256Pattern().IsMatch(sha256) ? null : Sha256Rule;

    /// <summary>Why <paramref name="format"/> is not one an image may have, or null.</summary>
    public static string? FormatProblem(string? format) =>
        ImageFormats.IsKnown(format) ? null : $"must be one of {string.Join(", ", ImageFormats.All)} (or left out: the file says)";

    /// <summary>Why <paramref name="user"/> is not a login name, or null.</summary>
    public static string? OsUserProblem(string? user) => user is not null && OsUserPattern().IsMatch(user) ? null : OsUserRule;

    private static string? Required(IReadOnlyDictionary<string, string> p, string key, Func<string?, string?> problem, IDictionary<string, string[]> errors) =>
        Checked(key, p.GetValueOrDefault(key), problem, errors);

    private static string? Checked(string key, string? value, Func<string?, string?> problem, IDictionary<string, string[]> errors)
    {
        if (problem(value) is { } wrong)
        {
            errors[key] = [wrong];
            return null;
        }
        return value;
    }
}
