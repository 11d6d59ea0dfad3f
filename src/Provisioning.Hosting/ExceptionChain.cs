namespace Provisioning.Hosting;

/// <summary>
/// An exception and what it wraps: the one walk every "is this failure of kind X" question takes, since MassTransit,
/// Marten and Npgsql each wrap the cause that matters one or more levels down.
/// </summary>
public static class ExceptionChain
{
    /// <summary><paramref name="e"/>, then each inner exception in turn, with every inner exception of an aggregate on the way (depth first).</summary>
    public static IEnumerable<Exception> Of(Exception? e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            yield return x;
            // An aggregate's InnerException is its first; the others are walked here.
            if (x is AggregateException aggregate)
            {
                foreach (var other in aggregate.InnerExceptions.Skip(1))
                {
                    foreach (var y in Of(other)) yield return y;
                }
            }
        }
    }

    /// <summary>Whether <paramref name="e"/> or anything it wraps satisfies <paramref name="kind"/>.</summary>
    public static bool Any(Exception? e, Func<Exception, bool> kind) => Of(e).Any(kind);
}
