using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Provisioning.Domain.Steps;

namespace Provisioning.Agent.Steps;

/// <summary>
/// <c>services.AddStep(StepCatalog.Boot).RunBy&lt;BootStep&gt;()</c>: the compiler checks that the implementation takes and
/// reports the definition's records; the runner finds it by the step's name.
/// </summary>
public static class StepRegistration
{
    /// <summary>Starts the registration of <paramref name="definition"/>'s implementation.</summary>
    public static StepRegistration<TArguments, TOutputs> AddStep<TArguments, TOutputs>(this IServiceCollection services, StepDefinition<TArguments, TOutputs> definition)
        where TArguments : class, IStepArguments
        where TOutputs : class =>
        new(services, definition);

    /// <summary>The names of the steps registered in <paramref name="services"/>.</summary>
    public static IReadOnlyCollection<string> RegisteredSteps(this IServiceCollection services) =>
        services.Where(d => d.IsKeyedService && d.ServiceType == typeof(IStepHandler)).Select(d => (string)d.ServiceKey!).ToHashSet(StringComparer.Ordinal);
}

/// <summary>A step definition waiting for its implementation (see <see cref="StepRegistration.AddStep{TArguments, TOutputs}"/>).</summary>
public sealed class StepRegistration<TArguments, TOutputs>(IServiceCollection services, StepDefinition<TArguments, TOutputs> definition)
    where TArguments : class, IStepArguments
    where TOutputs : class
{
    /// <summary>Runs the step with <typeparamref name="TStep"/> (one instance per agent, shared by every definition it implements).</summary>
    public IServiceCollection RunBy<TStep>() where TStep : class, IStep<TArguments, TOutputs>
    {
        services.TryAddSingleton<TStep>();
        return RunBy(sp => sp.GetRequiredService<TStep>());
    }

    /// <summary>Runs the step with the implementation <paramref name="step"/> makes (a test's scripted step, for one).</summary>
    public IServiceCollection RunBy(Func<IServiceProvider, IStep<TArguments, TOutputs>> step)
    {
        services.AddKeyedSingleton<IStepHandler>(definition.Name,
            (sp, _) => new StepHandler<TArguments, TOutputs>(definition, step(sp), sp.GetRequiredService<AgentOptions>()));
        return services;
    }
}
