using System.Text.Json;

namespace Provisioning.Api.Requests;

/// <summary>What a client posts to <c>/api/requests</c> (documented shape; the endpoint reads raw JSON to report every bad field).</summary>
/// <param name="Workflow">Workflow name, e.g. <c>provision-vm</c>.</param>
/// <param name="Parameters">The workflow's parameters, e.g. name, host, memoryMiB, vcpus, diskGiB, bridge, vlan, uplink.</param>
/// <param name="Ticket">Optional ticket reference, e.g. <c>OPS-123</c>.</param>
public sealed record SubmitRequestBody(string Workflow, JsonElement Parameters, string? Ticket);

/// <summary>The answer to a submission.</summary>
/// <param name="Id">The request id.</param>
/// <param name="Status">Its status.</param>
public sealed record SubmittedResponse(Guid Id, string Status);
