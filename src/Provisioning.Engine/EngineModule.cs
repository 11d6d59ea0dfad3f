using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Provisioning.Contracts;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Admission;
using Provisioning.Engine.Audit;
using Provisioning.Engine.Children;
using Provisioning.Engine.ErrorQueues;
using Provisioning.Engine.Faults;
using Provisioning.Engine.Fleet;
using Provisioning.Engine.Images;
using Provisioning.Engine.Integrity;
using Provisioning.Engine.Onboarding;
using Provisioning.Engine.Outages;
using Provisioning.Engine.Outbox;
using Provisioning.Engine.Placement;
using Provisioning.Engine.Pools;
using Provisioning.Engine.Requests;
using Provisioning.Engine.Results;
using Provisioning.Engine.Storage;
using Provisioning.Engine.Tickets;
using Provisioning.Engine.Timers;
using Provisioning.Engine.Workflows;
using Provisioning.Hosting;
using Provisioning.Hosting.Faults;
using Weasel.Core;

namespace Provisioning.Engine;

/// <summary>Registers the saga runtime: Marten, the outbox subscription, result consumers and timers.</summary>
public static class EngineModule
{
    /// <summary>
    /// Adds the event store and the request services. With <see cref="EngineOptions.RunSaga"/> the outbox
    /// (async daemon, hot/cold so one replica forwards at a time) and the deadline poller run here too.
    /// Throws <see cref="WorkflowDefinitionException"/> when a workflow definition is invalid, and
    /// <see cref="InvalidOperationException"/> when <c>Engine:Faults:File</c> is set without <c>Engine:Faults:Enabled=true</c>.
    /// </summary>
    public static IServiceCollection AddProvisioningEngine(this IServiceCollection services, IConfiguration configuration)
    {
        var options = EngineOptions.From(configuration);
        options.Faults.ThrowIfRefused(EngineOptions.Section);
        if (options.Problems().Concat(options.Placement.Problems()).ToList() is { Count: > 0 } problems)
        {
            throw new InvalidOperationException($"invalid {EngineOptions.Section} configuration: {string.Join("; ", problems)}");
        }
        services.AddSingleton(options);
        var workflows = WorkflowLoader.LoadDirectory(WorkflowsDirectory.Resolve(options.WorkflowsDirectory));
        services.AddSingleton(workflows);
        services.AddSingleton(TimeProvider.System);

        var connection = PostgresConnection.WithDefaults(configuration.GetConnectionString("Postgres"));
        var marten = services.AddMarten(opts =>
        {
            opts.Connection(connection);
            opts.DatabaseSchemaName = options.Schema;
            opts.Events.DatabaseSchemaName = options.Schema;
            opts.Events.StreamIdentity = StreamIdentity.AsGuid;
            opts.Events.MetadataConfig.EnableAll();
            opts.Events.MetadataConfig.UserNameEnabled = true;
            // Subscriptions hear of appends within milliseconds instead of the polling lag.
            opts.Events.UseListenNotifyForEventAppends = true;
            opts.UseSystemTextJsonForSerialization(EnumStorage.AsString);
            // Stored as step_still_queued before the timeouts took Temporal's names: read as the event it became.
            opts.Events.Upcast<StepAwaitingStart, StepAwaitingStart>("step_still_queued", e => e);
            opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            opts.Projections.Add(new RequestAggregateProjection(workflow => workflows.Find(workflow)?.Parameters), ProjectionLifecycle.Live);
            opts.Projections.Add<RequestSummaryProjection>(ProjectionLifecycle.Inline);
            // Side documents that follow a request's events, in the same transaction.
            opts.Projections.Add<HostReservationProjection>(ProjectionLifecycle.Inline);
            opts.Projections.Add<HostOnboardingProjection>(ProjectionLifecycle.Inline);
            opts.Projections.Add<ImageRecordProjection>(ProjectionLifecycle.Inline);
            opts.Schema.For<RequestSummary>().Index(x => x.Status).Index(x => x.Ticket!).Index(x => x.SubmittedAt);
            opts.Schema.For<StepDeadline>().Index(x => x.DueAt).Index(x => x.Host);
            opts.Schema.For<SlotWaiter>().Identity(x => x.Id).Index(x => x.Host);
            opts.Schema.For<ParkedCommand>().Identity(x => x.Id).Index(x => x.Host);
            opts.Schema.For<IdempotencyRecord>().Identity(x => x.Id);
            // Heartbeats are state the next one replaces, not audit history: a document per host, not events.
            opts.Schema.For<HostRecord>().Identity(x => x.Id).UseOptimisticConcurrency(true);
            opts.Schema.For<HostOnboarding>().Identity(x => x.Id);
            opts.Schema.For<HostReservation>().Index(x => x.Host);
            opts.Schema.For<ImageRecord>().Identity(x => x.Id).Index(x => x.Name).Index(x => x.Host);
            opts.Schema.For<TicketLink>().Index(x => x.Ticket);
            AuditStore.Configure(opts);
            AddressLeases.Configure(opts);
            HashChain.Configure(opts);
        })
        .UseLightweightSessions()
        .ApplyAllDatabaseChangesOnStartup();

        // One road for every command: the dispatcher after each commit, the outbox subscription as the guarantee, both
        // through one sender, which fault injection decorates when (and only when) it is enabled.
        services.AddSingleton<NackedCommands>();
        services.AddSendObserver(sp => sp.GetRequiredService<NackedCommands>());
        services.AddSingleton<BusCommandSender>();
        services.AddSingleton<BrokerErrorQueues>();
        if (options.Faults.Active)
        {
            services.AddSingleton(sp => new FaultingCommandSender(sp.GetRequiredService<BusCommandSender>(),
                new FaultFile(options.Faults.File!, sp.GetRequiredService<ILogger<FaultingCommandSender>>()), sp.GetRequiredService<ILogger<FaultingCommandSender>>()));
            services.AddSingleton<ICommandSender>(sp => sp.GetRequiredService<FaultingCommandSender>());
            services.AddHostedService(sp => sp.GetRequiredService<FaultingCommandSender>());
        }
        else
        {
            services.AddSingleton<ICommandSender>(sp => sp.GetRequiredService<BusCommandSender>());
        }
        services.AddSingleton(sp => new Lazy<ICommandSender>(sp.GetRequiredService<ICommandSender>));
        services.AddSingleton(sp => new ParkedSends(new Lazy<IDocumentStore>(sp.GetRequiredService<IDocumentStore>), sp.GetRequiredService<Lazy<ICommandSender>>(),
            sp.GetRequiredService<EngineOptions>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ParkedSends>>()));
        services.AddSingleton<ICommandParking>(sp => sp.GetRequiredService<ParkedSends>());
        services.AddSingleton<CommandDispatcher>();

        if (options.RunSaga)
        {
            marten.AddSubscriptionWithServices<StepDispatchForwarder>(ServiceLifetime.Singleton);
            marten.AddSubscriptionWithServices<ChildRequestRelay>(ServiceLifetime.Singleton);
            marten.AddSubscriptionWithServices<TicketCommenter>(ServiceLifetime.Singleton);
            marten.AddAsyncDaemon(DaemonMode.HotCold);
            services.AddHostedService<DeadlinePoller>();
            services.AddHostedService(sp => sp.GetRequiredService<ParkedSends>());
        }

        services.AddSingleton<Placing>();
        services.AddSingleton<Allocating>();
        services.AddSingleton<PoolAdministration>();
        services.AddSingleton<RequestStore>();
        services.AddSingleton<HostAdmission>();
        services.AddSingleton<RequestSubmission>();
        services.AddSingleton(configuration.GetSection(TicketOptions.Section).Get<TicketOptions>() ?? new TicketOptions());
        services.AddHttpClient<TicketCommentClient>(c => c.Timeout = TimeSpan.FromSeconds(30));
        return services;
    }

    /// <summary>The engine's part of the bus: results and progress from every agent on one queue, heartbeats on another.</summary>
    public static void Configure(IBusRegistrationConfigurator bus, RabbitMqOptions rabbit)
    {
        // A result must not end in an error queue because PostgreSQL is away: while it is, every one is retried in-process
        // until it is back (the outer policy), and the consumer's slots stay taken, so no more are consumed meanwhile: the
        // results wait in the queue, not in _error. Any other failure is retried for about a minute (the inner policy). The
        // decider makes a retried append harmless.
        bus.AddConsumer<StepResultConsumer>((_, c) =>
            {
                c.UseMessageRetry(StoreOutage.WaitOut);
                c.UseMessageRetry(StoreOutage.RetryOthers);
                // One request's StepStarted and StepResult one at a time inside this engine.
                c.UsePartitioner(16, m => m.CorrelationId ?? m.MessageId ?? Guid.Empty);
            })
            .Endpoint(e =>
        {
            e.Name = Queues.Engine(rabbit.QueuePrefix);
            e.ConcurrentMessageLimit = 16;
        });
        // Commands a host's quorum queue gave up delivering (its delivery limit): recorded as their steps' failures.
        bus.AddConsumer<DeadLetteredCommandConsumer>(typeof(DeadLetteredCommandConsumerDefinition));
        // A queue of their own: a heartbeat waiting behind thousands of results expires (its TTL is 3 intervals),
        // and a host whose heartbeats expire counts as silent (no schedule-to-start time, Offline). No retry: see the consumer.
        bus.AddConsumer<AgentHeartbeatConsumer>()
            .Endpoint(e =>
        {
            e.Name = Queues.Heartbeats(rabbit.QueuePrefix);
            e.ConcurrentMessageLimit = 4;
        });
    }
}
