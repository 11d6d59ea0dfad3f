namespace Provisioning.Api.Access;

/// <summary>A project as the admin API shows it.</summary>
public sealed record ProjectView(string Name, string? Description, DateTimeOffset CreatedAt, string CreatedBy)
{
    public static ProjectView From(ProjectRecord p) => new(p.Id, p.Description, p.CreatedAt, p.CreatedBy);
}
