using System.Text.Json;
using System.Text.RegularExpressions;

namespace Provisioning.Api.Access;

/// <summary>
/// Validation of the admin bodies, in the style of the submission's: every problem per field, so one 400
/// tells the client everything at once.
/// </summary>
public static partial class AccessNames
{
    public const int MaxDescriptionLength = 500;

    // Subjects may be e-mail-like (alice@example.com): they name people, as the actor on events.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}$")]
    private static partial Regex SubjectPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")]
    private static partial Regex ProjectPattern();

    /// <summary>Whether <paramref name="name"/> is a well-formed project name.</summary>
    public static bool IsProject(string? name) => name is not null && ProjectPattern().IsMatch(name);

    /// <summary>Whether <paramref name="subject"/> is a well-formed token subject.</summary>
    public static bool IsSubject(string? subject) => subject is not null && SubjectPattern().IsMatch(subject);

    /// <summary>The body of <c>POST /api/tokens</c>, or null with <paramref name="errors"/> filled. Whether the project exists is the caller's check.</summary>
    public static NewToken? ParseToken(JsonElement body, Dictionary<string, string[]> errors)
    {
        if (!IsObject(body, ["subject", "role", "project"], errors)) return null;
        var subject = String(body, "subject", errors, IsSubject, "is required: letters, digits and _ . @ - (at most 128), starting with a letter or digit");
        var role = String(body, "role", errors, Roles.IsKnown, $"is required: one of {string.Join(", ", Roles.All)}");
        var project = OptionalString(body, "project", errors, IsProject, "must be a project name: letters, digits and _ . - (at most 63), starting with a letter or digit");
        if (role is not null && Roles.NeedsProject(role) && project is null && !errors.ContainsKey("project"))
        {
            errors["project"] = [$"is required for a {role} token: its requests belong to that project"];
        }
        return errors.Count > 0 ? null : new NewToken(subject!, role!, project);
    }

    /// <summary>The body of <c>POST /api/projects</c>, or null with <paramref name="errors"/> filled.</summary>
    public static NewProject? ParseProject(JsonElement body, Dictionary<string, string[]> errors)
    {
        if (!IsObject(body, ["name", "description"], errors)) return null;
        var name = String(body, "name", errors, IsProject, "is required: letters, digits and _ . - (at most 63), starting with a letter or digit");
        var description = OptionalString(body, "description", errors, d => d.Length <= MaxDescriptionLength && !d.Any(char.IsControl),
            $"must be text of at most {MaxDescriptionLength} characters without control characters");
        return errors.Count > 0 ? null : new NewProject(name!, description);
    }

    private static bool IsObject(JsonElement body, string[] fields, Dictionary<string, string[]> errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = [$"must be a JSON object with {string.Join(", ", fields)}"];
            return false;
        }
        foreach (var property in body.EnumerateObject().Where(p => !fields.Contains(p.Name)))
        {
            errors[property.Name] = ["is not a known field"];
        }
        return true;
    }

    private static string? String(JsonElement body, string field, Dictionary<string, string[]> errors, Func<string, bool> valid, string rule)
    {
        if (body.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && valid(value.GetString()!)) return value.GetString();
        errors[field] = [rule];
        return null;
    }

    private static string? OptionalString(JsonElement body, string field, Dictionary<string, string[]> errors, Func<string, bool> valid, string rule) =>
        !body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null ? null : String(body, field, errors, valid, rule);
}

/// <summary>A validated <c>POST /api/tokens</c>.</summary>
public sealed record NewToken(string Subject, string Role, string? Project);

/// <summary>A validated <c>POST /api/projects</c>.</summary>
public sealed record NewProject(string Name, string? Description);
