using Provisioning.Api;
using Provisioning.Engine;
using Provisioning.Hosting;

// The control plane: API + engine. Agents run on the hypervisors (src/Provisioning.Agent).
return await Startup.GuardAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.Services.AddProvisioningApi();
    builder.Services.AddProvisioningEngine(builder.Configuration);
    builder.Services.AddProvisioningBus(builder.Configuration, EngineModule.Configure);
    var app = builder.Build();
    app.MapProvisioningApi();
    await app.RunAsync();
});

