namespace Provisioning.Hosting;

/// <summary>
/// An exception and what it wraps: the one walk every "is this failure of kind X" question takes, since MassTransit,
/// Marten and Npgsql each wrap the cause that matters one or more levels down.
/// </summary>
public static class ExceptionChain
{
    /// <summary>
    /// <paramref name="e"/>, then each inner exception in turn; at an aggregate, each of its inner exceptions with all it
    /// wraps, in order (depth first).
    /// </summary>
    public static IEnumerable<Exception> Of(Exception? e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            yield return x;
            if (x is not AggregateException aggregate) continue;
            foreach (var inner in aggregate.InnerExceptions)
            {
                foreach (var y in Of(inner)) yield return y;
            }
            // Its InnerException is the first of those: walked already.
            yield break;
        }
    }

    /// <summary>Whether <paramref name="e"/> or anything it wraps satisfies <paramref name="kind"/>.</summary>
    public static bool Any(Exception? e, Func<Exception, bool> kind) => Of(e).Any(kind);
}
