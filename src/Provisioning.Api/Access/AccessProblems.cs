namespace Provisioning.Api.Access;

/// <summary>The 401 and 403 answers: RFC 9457 problem details, the same whatever was asked for.</summary>
public static class AccessProblems
{
    /// <summary>401: no usable credentials.</summary>
    public static IResult Unauthorized(bool tokenPresented) => Results.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Unauthorized",
        detail: tokenPresented
            ? "The bearer token is not valid (unknown, revoked or malformed)."
            : "This endpoint needs a token: send 'Authorization: Bearer <token>'.",
        type: "https://provisioning.dev/problems/unauthorized");

    /// <summary>403: a valid token whose role does not allow this.</summary>
    public static IResult Forbidden() => Results.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "Forbidden",
        detail: "The token's role does not allow this.",
        type: "https://provisioning.dev/problems/forbidden");
}
