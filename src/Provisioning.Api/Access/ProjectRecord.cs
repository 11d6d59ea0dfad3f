namespace Provisioning.Api.Access;

/// <summary>A project (tenant): what a requester's token is scoped to. Its name is its id.</summary>
public sealed class ProjectRecord
{
    public string Id { get; set; } = "";

    public string? Description { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";
}
