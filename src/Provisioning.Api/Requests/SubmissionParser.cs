using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Provisioning.Domain.Hosts;
using Provisioning.Domain.Images;
using Provisioning.Domain.Switch;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Workflows;
using Provisioning.Engine.Inventory;
using Provisioning.Engine.Requests;
using Provisioning.Engine.Workflows;

namespace Provisioning.Api.Requests;

/// <summary>
/// Turns a raw JSON body into a validated submission, collecting every problem per field (JSON Pointer-ish
/// names such as <c>parameters.vlan</c>), so one 400 tells the client everything at once.
/// </summary>
public static partial class SubmissionParser
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.:/#-]{0,127}$")]
    private static partial Regex TicketPattern();

    /// <summary>A submission that passed every rule.</summary>
    /// <param name="Parameters">The validated parameters of the workflow's parameter set.</param>
    /// <param name="BodyHash">A hash of the normalised request, so a repeated Idempotency-Key can tell the same body from another.</param>
    public sealed record Parsed(WorkflowDefinition Definition, IRequestParameters Parameters, string? Ticket, string BodyHash)
    {
        /// <summary>
        /// Why only an operator may ask for this (a requester's token or a ticket may not), with the field that makes it
        /// so; null when anyone who may submit may.
        /// </summary>
        public (string Field, string What)? OperatorOnly => Parameters switch
        {
            VmDecommission { Force: true } => ("parameters.force", "removing a VM Provisioning did not make"),
            // A host NIC enslaved to a new bridge takes whatever the NIC carried (the management network) with it.
            VmSpec { Uplink: not null } => ("parameters.uplink", "putting a host's network interface into a bridge"),
            SwitchSpec => ("workflow", "building a switch, and its uplink, on hypervisors"),
            VlanChange => ("workflow", "changing which VLANs a switch carries"),
            HostReference => ("workflow", "admitting a host to the fleet that placement chooses from"),
            ImageSpec => ("workflow", "fetching a file or URL onto hypervisors as a base image"),
            _ => null,
        };

        /// <summary>The submission of this request, new, by <paramref name="actor"/> from <paramref name="source"/>.</summary>
        public Submission ToSubmission(string actor, string source, string? idempotencyKey, string? project, VmScope scope) =>
            new(Guid.CreateVersion7(), Definition, Parameters, Ticket, actor, source, idempotencyKey, BodyHash, project) { Scope = scope };
    }

    /// <summary>Parses and validates; returns null and fills <paramref name="errors"/> when anything is wrong.</summary>
    public static Parsed? Parse(JsonElement body, WorkflowCatalog catalog, Dictionary<string, string[]> errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["must be a JSON object with workflow, parameters and optional ticket"];
            return null;
        }
        foreach (var property in body.EnumerateObject().Where(p => p.Name is not ("workflow" or "parameters" or "ticket")))
        {
            errors[property.Name] = ["is not a known field"];
        }

        WorkflowDefinition? definition = null;
        if (!body.TryGetProperty("workflow", out var workflow) || workflow.ValueKind != JsonValueKind.String)
        {
            errors["workflow"] = ["is required and must be a string"];
        }
        else if ((definition = catalog.Find(workflow.GetString()!)) is null)
        {
            errors["workflow"] = [$"unknown workflow; known: {string.Join(", ", catalog.All.Select(d => d.Name).Order())}"];
        }

        string? ticket = null;
        if (body.TryGetProperty("ticket", out var t) && t.ValueKind != JsonValueKind.Null)
        {
            if (t.ValueKind != JsonValueKind.String || !TicketPattern().IsMatch(t.GetString()!))
            {
                errors["ticket"] = ["must be a ticket reference: letters, digits and _ . : / # - (at most 128)"];
            }
            else
            {
                ticket = t.GetString();
            }
        }

        if (!body.TryGetProperty("parameters", out var parameters) || parameters.ValueKind != JsonValueKind.Object)
        {
            errors["parameters"] = ["is required and must be an object"];
        }

        // The rules follow the workflow: its definition names the parameter set (checked at start-up).
        if (definition is null || errors.ContainsKey("parameters")) return null;
        var set = ParameterSets.Find(definition.Parameters)
            ?? throw new InvalidOperationException($"workflow {definition.Name} declares unknown parameter set {definition.Parameters}");
        var wire = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in parameters.EnumerateObject())
        {
            if (set.AssignedFields.Contains(p.Name))
            {
                errors[$"parameters.{p.Name}"] = ["is assigned by the engine (from an address pool); name a pool or an address instead"];
            }
            else if (ToWire(p, set.KindOf(p.Name), errors) is { } value)
            {
                wire[p.Name] = value;
            }
        }
        var parameterErrors = new Dictionary<string, string[]>();
        var validated = set.Parse(wire, parameterErrors);
        foreach (var (key, value) in parameterErrors)
        {
            errors.TryAdd($"parameters.{key}", value);
        }
        if (errors.Count > 0 || validated is null) return null;

        return new Parsed(definition, validated, ticket, Hash(definition.Name, validated.ToParameters(), ticket));
    }

    private static string? ToWire(JsonProperty p, ParameterKind kind, Dictionary<string, string[]> errors)
    {
        var key = $"parameters.{p.Name}";
        switch (kind)
        {
            case ParameterKind.Integer:
                if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt64(out var n))
                {
                    return n.ToString(CultureInfo.InvariantCulture);
                }
                errors[key] = ["must be a whole number"];
                return null;
            case ParameterKind.TextList or ParameterKind.IntegerList:
                return ListToWire(p, kind, key, errors);
            case ParameterKind.Boolean:
                if (p.Value.ValueKind is JsonValueKind.True or JsonValueKind.False) return p.Value.GetBoolean() ? "true" : "false";
                errors[key] = ["must be true or false"];
                return null;
            default:
                if (p.Value.ValueKind == JsonValueKind.String) return p.Value.GetString();
                errors[key] = [p.Value.ValueKind == JsonValueKind.Null ? "must not be null" : "must be a string"];
                return null;
        }
    }

    /// <summary>A JSON array as its items joined by ',' (the wire form of a list); items that would not split back are refused.</summary>
    private static string? ListToWire(JsonProperty p, ParameterKind kind, string key, Dictionary<string, string[]> errors)
    {
        var integers = kind == ParameterKind.IntegerList;
        var rule = integers ? "must be a list of whole numbers" : "must be a list of strings";
        if (p.Value.ValueKind != JsonValueKind.Array)
        {
            errors[key] = [rule];
            return null;
        }
        var items = new List<string>();
        foreach (var item in p.Value.EnumerateArray())
        {
            if (integers && item.ValueKind == JsonValueKind.Number && item.TryGetInt64(out var n))
            {
                items.Add(n.ToString(CultureInfo.InvariantCulture));
            }
            else if (!integers && item.ValueKind == JsonValueKind.String && !item.GetString()!.Contains(',', StringComparison.Ordinal))
            {
                items.Add(item.GetString()!);
            }
            else
            {
                errors[key] = integers ? [rule] : [$"{rule}, none containing ','"];
                return null;
            }
        }
        return string.Join(',', items);
    }

    /// <summary>A hash of the normalised request, so whitespace or key order do not make "a different body".</summary>
    private static string Hash(string workflow, IReadOnlyDictionary<string, string> parameters, string? ticket)
    {
        var canonical = new StringBuilder(workflow).Append('\n').Append(ticket ?? "").Append('\n');
        foreach (var (k, v) in parameters.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            canonical.Append(k).Append('=').Append(v).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }
}
