using Marten;
using Provisioning.Api.Access;
using Provisioning.Api.Problems;
using Provisioning.Engine.ErrorQueues;
using Provisioning.Engine.Fleet;
using Provisioning.Hosting;
using RabbitMQ.Client.Exceptions;

namespace Provisioning.Api.ErrorQueues;

/// <summary>
/// The error queues: what the engine or an agent faulted on for good (after its retries; a PostgreSQL outage is waited
/// out and never lands there), visible and re-drivable, instead of a backlog nobody sees until its steps time out.
/// </summary>
public static class ErrorQueueEndpoints
{
    public static void MapErrorQueues(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/error-queues", List)
            .RequirePermission(Permission.ReadHosts)
            .WithName("ListErrorQueues").WithSummary("The engine's error queues and each host's, with how many messages each holds")
            .Produces<IReadOnlyList<ErrorQueueView>>().ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapPost("/api/error-queues/{name}/redrive", Redrive)
            .RequirePermission(Permission.ActOnRequests)
            .WithName("RedriveErrorQueue").WithSummary("Send an error queue's messages back to the queue they came from, oldest first (at most max, default all)")
            .Produces<RedriveView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> List(HttpContext http, IQuerySession session, RabbitMqOptions rabbit, BrokerErrorQueues broker, CancellationToken ct)
    {
        var queues = await KnownAsync(session, rabbit, ct);
        try
        {
            var depths = await broker.DepthsAsync(queues.Select(q => q.Name), ct);
            return Results.Ok(queues.Select(q => ErrorQueueView.From(q, depths)).ToList());
        }
        catch (Exception e) when (e is BrokerUnreachableException or OperationInterruptedException)
        {
            return Problem.Unavailable(http, "The broker does not answer: error queues cannot be read now.");
        }
    }

    private static async Task<IResult> Redrive(string name, int? max, HttpContext http, IQuerySession session, RabbitMqOptions rabbit, BrokerErrorQueues broker,
        ILoggerFactory logs, CancellationToken ct)
    {
        if (max is < 1 or > BrokerErrorQueues.MaxPerRedrive)
            return Problem.Invalid(new Dictionary<string, string[]> { ["max"] = [$"between 1 and {BrokerErrorQueues.MaxPerRedrive}"] });
        // Only the installation's own error queues: the name is matched, never passed through to the broker.
        var queue = (await KnownAsync(session, rabbit, ct)).FirstOrDefault(q => q.Name == name);
        if (queue is null) return Problem.NotFound($"No error queue {name}: GET /api/error-queues lists them.");
        try
        {
            var outcome = await broker.RedriveAsync(queue, max ?? BrokerErrorQueues.MaxPerRedrive, ct);
            logs.CreateLogger(typeof(ErrorQueueEndpoints)).LogWarning("{Subject} re-drove {Moved} messages of {ErrorQueue}", Caller.Of(http).Subject, outcome.Moved, queue.Name);
            return outcome.Refused is { } why
                ? Problem.Conflict($"Moved {outcome.Moved}, then stopped: {why}. {outcome.Left} left in {queue.Name}.")
                : Results.Ok(new RedriveView(queue.Name, queue.Of, outcome.Moved, outcome.Left));
        }
        catch (Exception e) when (e is BrokerUnreachableException or OperationInterruptedException)
        {
            // Each message is removed only after its copy was confirmed: whatever was not moved is still there.
            return Problem.Unavailable(http, "The broker does not answer or closed the connection: what was not moved is still in the error queue.");
        }
    }

    private static async Task<IReadOnlyList<ErrorQueue>> KnownAsync(IQuerySession session, RabbitMqOptions rabbit, CancellationToken ct)
    {
        var hosts = await session.Query<HostRecord>().Select(h => h.Name).ToListAsync(ct);
        return ErrorQueue.All(rabbit.QueuePrefix, hosts);
    }
}
