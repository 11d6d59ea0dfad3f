using Microsoft.Extensions.Configuration;
using Provisioning.Engine;

namespace Provisioning.Engine.Tests.Timers;

/// <summary>The schedule-to-start timeout is configured by its Temporal name; its old name still works as an alias.</summary>
public sealed class TimeoutNamesTests
{
    private static EngineOptions Read(params (string Key, string Value)[] settings) =>
        EngineOptions.From(new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build());

    [Fact]
    public void the_schedule_to_start_timeout_is_read_by_its_name()
    {
        Assert.Equal(TimeSpan.FromMinutes(7), Read(("Engine:ScheduleToStartTimeout", "00:07:00")).ScheduleToStartTimeout);
    }

    [Fact]
    public void the_old_queue_allowance_key_still_sets_it()
    {
        Assert.Equal(TimeSpan.FromMinutes(20), Read(("Engine:QueueAllowance", "00:20:00")).ScheduleToStartTimeout);
    }

    [Fact]
    public void the_new_name_wins_over_the_old_one_and_neither_leaves_the_default()
    {
        Assert.Equal(TimeSpan.FromMinutes(7), Read(("Engine:QueueAllowance", "00:20:00"), ("Engine:ScheduleToStartTimeout", "00:07:00")).ScheduleToStartTimeout);
        Assert.Equal(TimeSpan.FromMinutes(15), Read().ScheduleToStartTimeout);
    }
}
