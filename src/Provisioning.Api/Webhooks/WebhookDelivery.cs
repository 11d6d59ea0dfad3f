namespace Provisioning.Api.Webhooks;

/// <summary>One delivery of a ticket system that asks for a request: where it came from and what it asks.</summary>
/// <param name="Source">The webhook source (<c>generic</c>, <c>github</c>, <c>jira</c>).</param>
/// <param name="Id">The sender's delivery id, for the log (<c>-</c> when it sends none).</param>
/// <param name="Project">The project requests from tickets belong to.</param>
public sealed record WebhookDelivery(string Source, string Id, TicketReading.Trigger Trigger, string? Project, ILogger Log);
