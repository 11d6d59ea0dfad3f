using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Provisioning.Agent.Drivers;
using Provisioning.Agent.Steps;
using Provisioning.Contracts;
using Provisioning.Hosting;

namespace Provisioning.Agent.Fleet;

/// <summary>
/// Announces the agent when it starts and then every <see cref="AgentOptions.HeartbeatSeconds"/>, sending
/// an <see cref="AgentHeartbeat"/> to the engine's heartbeat queue (<see cref="Queues.Heartbeats"/>). A failure to read the host or to send is logged
/// and tried again on the next tick: the heartbeat reports on the agent, it must never take it down.
/// </summary>
/// <remarks>
/// Takes <see cref="IBus"/>, not <see cref="ISendEndpointProvider"/>: a hosted service is a singleton and
/// cannot hold the scoped provider. A read blocked inside libvirt blocks this loop only; the host then
/// falls silent and shows offline, which is the truth about an agent that cannot reach its hypervisor.
/// </remarks>
public sealed class HeartbeatSender(
    AgentOptions options,
    HeartbeatReader reader,
    LibvirtConnector libvirt,
    IBus bus,
    RabbitMqOptions rabbit,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<HeartbeatSender> log) : BackgroundService
{
    /// <summary>How soon a failed first announcement is tried again.</summary>
    private static readonly TimeSpan AnnounceRetry = TimeSpan.FromSeconds(1);

    private bool failing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // The bus starts in its own hosted service, in no order relative to this one: sending before the
            // host has started could fail the announcement and delay it by a whole interval.
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            {
                await started.Task.WaitAsync(stoppingToken);
            }

            var interval = TimeSpan.FromSeconds(options.HeartbeatSeconds);
            using var timer = new PeriodicTimer(interval, clock);
            var starting = true;
            do
            {
                // Starting stays true until the engine has been told, so a restart is never missed; until then it is
                // tried every second, not every interval: an agent started before the engine is announced as soon as it is up.
                while (!await TryBeatAsync(starting, interval, stoppingToken) && starting) await Task.Delay(AnnounceRetry, clock, stoppingToken);
                starting = false;
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task<bool> TryBeatAsync(bool starting, TimeSpan interval, CancellationToken stoppingToken)
    {
        try
        {
            var heartbeat = await reader.ReadAsync(starting, stoppingToken);
            // With the broker away a send waits for it; give up in time for the next tick instead.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(5, interval.TotalSeconds)));
            // WaitAsync as well as the token: a send waiting for the connection does not always watch its token.
            // Mandatory: before any engine has declared its heartbeat queue the announcement fails, and is tried again soon.
            var engine = await bus.ToQueueOf(Queues.Heartbeats(rabbit.QueuePrefix)).WaitAsync(timeout.Token);
            await engine.Send(heartbeat, c =>
            {
                c.Mandatory();
                c.TimeToLive = interval * AgentHeartbeat.MissedBeforeOffline;
            }, timeout.Token).WaitAsync(timeout.Token);
            if (starting || failing) log.LogInformation("Host {Host} announced to the engine ({Cpus} CPUs, {MemoryMiB} MiB, kvm {Kvm})", heartbeat.Host, heartbeat.Cpus, heartbeat.MemoryMiB, heartbeat.Kvm);
            failing = false;
            return true;
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            if (StepErrors.IsConnectionLost(e)) libvirt.Reset();
            // Once per outage, not once per tick.
            log.Log(failing ? LogLevel.Debug : LogLevel.Warning, e, "Heartbeat of host {Host} failed; trying again in {Seconds} s", options.HostName, options.HeartbeatSeconds);
            failing = true;
            return false;
        }
    }
}
