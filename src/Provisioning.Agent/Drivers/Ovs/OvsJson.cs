using System.Text.Json;

namespace Provisioning.Agent.Drivers.Ovs;

/// <summary>
/// Reads <c>ovs-vsctl --format=json</c> output: <c>{"headings":[...],"data":[[cell,...],...]}</c>,
/// where a cell is an atom, <c>["set",[...]]</c>, <c>["map",[[k,v],...]]</c> or <c>["uuid","..."]</c>.
/// </summary>
public static class OvsJson
{
    public static IReadOnlyList<JsonElement[]> Rows(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("data").EnumerateArray()
            .Select(row => row.EnumerateArray().Select(cell => cell.Clone()).ToArray())
            .ToList();
    }

    /// <summary>A map cell as a dictionary; an empty or absent map is empty.</summary>
    public static Dictionary<string, string> Map(JsonElement cell)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (cell.ValueKind != JsonValueKind.Array || cell.GetArrayLength() != 2 || cell[0].GetString() != "map") return map;
        foreach (var pair in cell[1].EnumerateArray())
        {
            map[Atom(pair[0])] = Atom(pair[1]);
        }
        return map;
    }

    /// <summary>An integer cell (<c>100</c>) or set of integers (<c>["set",[100,200]]</c>) as a list; an empty set is empty.</summary>
    public static IReadOnlyList<int> Numbers(JsonElement cell) => cell.ValueKind switch
    {
        JsonValueKind.Number => [cell.GetInt32()],
        JsonValueKind.Array when cell.GetArrayLength() == 2 && cell[0].GetString() == "set" =>
            cell[1].EnumerateArray().Where(n => n.ValueKind == JsonValueKind.Number).Select(n => n.GetInt32()).ToList(),
        _ => [],
    };

    /// <summary>An optional string column: the string, or null for an empty set (<c>["set",[]]</c>).</summary>
    public static string? OptionalString(JsonElement cell) => cell.ValueKind == JsonValueKind.String ? cell.GetString() : null;

    private static string Atom(JsonElement atom) => atom.ValueKind switch
    {
        JsonValueKind.String => atom.GetString()!,
        JsonValueKind.Array when atom.GetArrayLength() == 2 => Atom(atom[1]),
        _ => atom.GetRawText(),
    };
}
