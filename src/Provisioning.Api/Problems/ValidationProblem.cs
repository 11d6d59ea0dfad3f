namespace Provisioning.Api.Problems;

/// <summary>RFC 9457 problem details for the API's refusals, one shape everywhere.</summary>
public static class Problem
{
    /// <summary>The most fields one 400 names: a body of thousands of unknown keys is not echoed back whole.</summary>
    public const int MaxErrors = 20;

    /// <summary>The longest field name a 400 echoes (longer ones are cut, marked with an ellipsis).</summary>
    public const int MaxFieldName = 100;

    /// <summary>The most messages one field of a 400 carries.</summary>
    public const int MaxMessagesPerField = 5;

    /// <summary>400: the body names each bad field (the first <see cref="MaxErrors"/>, and how many more there were).</summary>
    public static IResult Invalid(IDictionary<string, string[]> errors, string detail = "One or more fields are invalid; nothing was changed.")
    {
        var shown = new Dictionary<string, string[]>();
        var named = 0;
        foreach (var (field, messages) in errors)
        {
            var name = field.Length > MaxFieldName ? field[..MaxFieldName] + "\u2026" : field;
            if (shown.Count == MaxErrors && !shown.ContainsKey(name)) break;
            // Long names cut alike are one entry: their messages are joined, a few of them.
            shown[name] = shown.TryGetValue(name, out var earlier) ? [.. earlier.Concat(messages).Take(MaxMessagesPerField)] : [.. messages.Take(MaxMessagesPerField)];
            named++;
        }
        if (errors.Count > named) detail += $" ({errors.Count - named} more not shown.)";
        return Results.ValidationProblem(shown, detail: detail, title: "Invalid request", type: "https://provisioning.dev/problems/invalid-request");
    }

    /// <summary>413: the body is larger than the endpoint reads.</summary>
    public static IResult TooLarge(long limit) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large",
            detail: $"This endpoint reads at most {limit} bytes; nothing was changed.", type: "https://provisioning.dev/problems/body-too-large");

    /// <summary>404 for an id that is not there.</summary>
    public static IResult NotFound(string what) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: what, type: "https://provisioning.dev/problems/not-found");

    /// <summary>404 for something a field of the body names that is not there (or not the caller's to see), with the field in <c>errors</c>.</summary>
    public static IResult NotFound(string what, string field) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: what, type: "https://provisioning.dev/problems/not-found",
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [what] } });

    /// <summary>
    /// 429 with Retry-After: the host's backlog is full, nothing was stored; the same request later is welcome (with its
    /// Idempotency-Key it cannot run twice).
    /// </summary>
    public static IResult Busy(HttpContext http, string detail, int retryAfterSeconds)
    {
        http.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests waiting", detail: detail,
            type: "https://provisioning.dev/problems/backlog-full");
    }

    /// <summary>503 with Retry-After: a service the answer needs (PostgreSQL, the broker) does not answer; nothing was changed.</summary>
    public static IResult Unavailable(HttpContext http, string detail)
    {
        http.Response.Headers.RetryAfter = UnavailableRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service unavailable", detail: detail, type: UnavailableType);
    }

    /// <summary>The Retry-After of a 503: outages worth answering 503 for last seconds to minutes.</summary>
    private const int UnavailableRetryAfterSeconds = 5;

    /// <summary>The type of every 503 the API answers.</summary>
    private const string UnavailableType = "https://provisioning.dev/problems/unavailable";

    /// <summary>409: the request makes no sense in the current state.</summary>
    public static IResult Conflict(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail, type: "https://provisioning.dev/problems/conflict");
}
