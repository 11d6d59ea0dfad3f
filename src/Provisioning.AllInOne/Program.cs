using Provisioning.Agent;
using Provisioning.Api;
using Provisioning.Engine;
using Provisioning.Hosting;

// One machine, one process: the API, the engine and a local agent (named after this machine unless
// Agent:HostName says otherwise). The same modules run split across machines when one is not enough.
return await Startup.GuardAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.Services.AddProvisioningApi();
    builder.Services.AddProvisioningEngine(builder.Configuration);
    builder.Services.AddProvisioningAgent(builder.Configuration);
    builder.Services.AddProvisioningBus(builder.Configuration, EngineModule.Configure, AgentModule.Configure);
    var app = builder.Build();
    app.MapProvisioningApi();
    app.Lifetime.ApplicationStarted.Register(() =>
    {
        var agent = app.Services.GetRequiredService<AgentOptions>();
        foreach (var url in app.Urls)
        {
            Console.WriteLine($"Provisioning all-in-one is up: {url} (OpenAPI {url}/openapi/v1.json); local agent host '{agent.HostName}'");
        }
    });
    await app.RunAsync();
});
