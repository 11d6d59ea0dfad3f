using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Provisioning.Agent;
using Provisioning.Contracts;
using Provisioning.Hosting;

// The agent on one hypervisor: consumes its host's command queue, drives libvirt/OVS/packages, replies.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddProvisioningAgent(builder.Configuration);
builder.Services.AddProvisioningBus(builder.Configuration, AgentModule.Configure);

using var host = builder.Build();
var agent = host.Services.GetRequiredService<AgentOptions>();
var rabbit = host.Services.GetRequiredService<RabbitMqOptions>();
host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() =>
    host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Provisioning.Agent").LogInformation(
        "agent {Host} listening on queue {Queue}, libvirt {Uri}",
        agent.HostName, Queues.Agent(rabbit.QueuePrefix, agent.HostName!), agent.LibvirtUri));
await host.RunAsync();
