namespace Provisioning.Domain.Workflows;

/// <summary>How a parameter travels in a request's JSON body; on the wire (events, commands) every value is a string.</summary>
public enum ParameterKind
{
    /// <summary>A JSON string.</summary>
    Text,

    /// <summary>A JSON integer, carried as invariant digits.</summary>
    Integer,

    /// <summary>A JSON <c>true</c> or <c>false</c>, carried as <c>"true"</c>/<c>"false"</c>.</summary>
    Boolean,

    /// <summary>A JSON array of strings (none containing ','), carried as the items joined by ','.</summary>
    TextList,

    /// <summary>A JSON array of integers, carried as invariant digits joined by ','.</summary>
    IntegerList,
}
