using Microsoft.Extensions.Logging.Abstractions;
using Provisioning.Contracts;
using Provisioning.Hosting.Faults;

namespace Provisioning.Agent.Tests.Faults;

/// <summary>The fault file on disk: which rule fires, and how its count goes down in the file.</summary>
public sealed class FaultFileTests : IDisposable
{
    private static readonly Func<FaultKind, bool> AgentKinds = kind => kind != FaultKind.KillBeforeForward;

    private readonly TempFaultFile temp = new();

    private FaultFile Faults => new(temp.Path, NullLogger.Instance);

    [Fact]
    public void a_missing_or_empty_file_holds_no_faults()
    {
        Assert.Null(Faults.Fire("boot", StepMode.Execute, "vm1", AgentKinds));
        File.WriteAllText(temp.Path, "  \n");
        Assert.Null(Faults.Fire("boot", StepMode.Execute, "vm1", AgentKinds));
    }

    [Fact]
    public void the_documented_example_reads_with_its_defaults()
    {
        File.WriteAllText(temp.Path, """
            { "rules": [
              { "step": "define-domain", "mode": "Execute", "vm": "it1234-web01", "kind": "FailTransient", "times": 2 },
              { "step": "boot", "mode": "Execute", "kind": "FailPermanent" },
              { "step": "attach-port", "mode": "Compensate", "kind": "FailForever" },
              { "step": "create-bridge", "kind": "Hang" },
              { "step": "define-domain", "kind": "KillAfterEffect", "times": 1 },
              { "step": "boot", "kind": "KillBeforeEffect", "times": 1 },
              { "step": "define-domain", "kind": "KillBeforeForward", "times": 1 }
            ] }
            """);

        var rules = temp.Rules;

        Assert.Equal(7, rules.Count);
        Assert.Equal(new FaultRule("define-domain", FaultKind.FailTransient, StepMode.Execute, "it1234-web01", 2), rules[0]);
        Assert.Equal(new FaultRule("attach-port", FaultKind.FailForever, StepMode.Compensate), rules[2]);
        Assert.Equal(new FaultRule("create-bridge", FaultKind.Hang), rules[3]);
        Assert.Equal(new FaultRule("define-domain", FaultKind.KillBeforeForward, Times: 1), rules[6]);
    }

    [Fact]
    public void a_counted_rule_fires_that_many_times_and_its_count_goes_down_in_the_file()
    {
        temp.Write(new FaultRule("define-domain", FaultKind.FailTransient, Times: 2));

        Assert.Equal(FaultKind.FailTransient, Faults.Fire("define-domain", StepMode.Execute, "vm1", AgentKinds)?.Kind);
        Assert.Equal(1, Assert.Single(temp.Rules).Times);
        Assert.Equal(FaultKind.FailTransient, Faults.Fire("define-domain", StepMode.Execute, "vm1", AgentKinds)?.Kind);
        Assert.Equal(0, Assert.Single(temp.Rules).Times);
        Assert.Null(Faults.Fire("define-domain", StepMode.Execute, "vm1", AgentKinds));
        Assert.Equal(0, Assert.Single(temp.Rules).Times);
    }

    [Fact]
    public void a_decrement_rewrites_the_file_in_its_documented_format_keeping_the_other_rules()
    {
        File.WriteAllText(temp.Path, """
            { "rules": [
              { "step": "boot", "kind": "KillBeforeEffect", "times": 1 },
              { "step": "define-domain", "mode": "Compensate", "vm": "web01", "kind": "Hang" }
            ] }
            """);

        Assert.Equal(FaultKind.KillBeforeEffect, Faults.Fire("boot", StepMode.Execute, null, AgentKinds)?.Kind);

        using var written = System.Text.Json.JsonDocument.Parse(File.ReadAllText(temp.Path));
        var rules = written.RootElement.GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(2, rules.Count);
        Assert.Equal(["step", "kind", "mode", "times"], rules[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, rules[0].GetProperty("times").GetInt32());
        Assert.Equal("KillBeforeEffect", rules[0].GetProperty("kind").GetString());
        Assert.Equal(new FaultRule("define-domain", FaultKind.Hang, StepMode.Compensate, "web01"), temp.Rules[1]);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(temp.Path)!, "*.tmp"));
    }

    [Fact]
    public void a_rule_without_a_count_fires_every_time_and_the_file_is_not_rewritten()
    {
        temp.Write(new FaultRule("boot", FaultKind.FailPermanent));
        var written = File.GetLastWriteTimeUtc(temp.Path);
        var before = File.ReadAllText(temp.Path);

        for (var i = 0; i < 3; i++) Assert.Equal(FaultKind.FailPermanent, Faults.Fire("boot", StepMode.Execute, null, AgentKinds)?.Kind);

        Assert.Equal(before, File.ReadAllText(temp.Path));
        Assert.Equal(written, File.GetLastWriteTimeUtc(temp.Path));
    }

    [Fact]
    public void fail_forever_ignores_its_count()
    {
        temp.Write(new FaultRule("attach-port", FaultKind.FailForever, StepMode.Compensate, Times: 0));

        for (var i = 0; i < 3; i++) Assert.Equal(FaultKind.FailForever, Faults.Fire("attach-port", StepMode.Compensate, null, AgentKinds)?.Kind);
        Assert.Equal(0, Assert.Single(temp.Rules).Times);
    }

    [Fact]
    public void a_rule_for_one_vm_spares_every_other_vm_and_commands_without_a_name()
    {
        temp.Write(new FaultRule("define-domain", FaultKind.FailTransient, Vm: "web01", Times: 1));

        Assert.Null(Faults.Fire("define-domain", StepMode.Execute, "web02", AgentKinds));
        Assert.Null(Faults.Fire("define-domain", StepMode.Execute, "WEB01", AgentKinds));
        Assert.Null(Faults.Fire("define-domain", StepMode.Execute, null, AgentKinds));
        Assert.Equal(1, Assert.Single(temp.Rules).Times);
        Assert.NotNull(Faults.Fire("define-domain", StepMode.Execute, "web01", AgentKinds));
    }

    [Fact]
    public void a_rule_hits_only_its_step_and_mode()
    {
        temp.Write(new FaultRule("attach-port", FaultKind.FailTransient, StepMode.Compensate));

        Assert.Null(Faults.Fire("attach-port", StepMode.Execute, "vm1", AgentKinds));
        Assert.Null(Faults.Fire("boot", StepMode.Compensate, "vm1", AgentKinds));
        Assert.NotNull(Faults.Fire("attach-port", StepMode.Compensate, "vm1", AgentKinds));
    }

    [Fact]
    public void the_first_live_rule_wins_and_used_up_rules_are_passed_over()
    {
        temp.Write(
            new FaultRule("boot", FaultKind.FailPermanent, Times: 0),
            new FaultRule("boot", FaultKind.FailTransient, Times: 1),
            new FaultRule("boot", FaultKind.FailPermanent, Times: 5));

        Assert.Equal(FaultKind.FailTransient, Faults.Fire("boot", StepMode.Execute, null, AgentKinds)?.Kind);
        Assert.Equal(FaultKind.FailPermanent, Faults.Fire("boot", StepMode.Execute, null, AgentKinds)?.Kind);
        Assert.Equal([0, 0, 4], temp.Rules.Select(r => r.Times ?? -1));
    }

    [Fact]
    public void a_rule_of_a_kind_the_caller_does_not_inject_is_left_alone_for_the_other_process()
    {
        temp.Write(new FaultRule("define-domain", FaultKind.KillBeforeForward, Times: 1));

        Assert.Null(Faults.Fire("define-domain", StepMode.Execute, "vm1", AgentKinds));
        Assert.Equal(1, Assert.Single(temp.Rules).Times);
    }

    [Theory]
    [InlineData("{ \"rules\": [ { \"step\": \"boot\", ")]
    [InlineData("{ \"rules\": [ { \"step\": \"boot\", \"kind\": \"Explode\" } ] }")]
    [InlineData("{ \"rules\": [ { \"step\": \"boot\", \"kind\": 0 } ] }")]
    [InlineData("{ \"rules\": [ { \"kind\": \"FailTransient\" } ] }")]
    [InlineData("{ \"rules\": [ { \"step\": \"boot\" } ] }")]
    [InlineData("[ 1, 2 ]")]
    public void an_invalid_file_injects_nothing_and_is_left_as_it_was(string json)
    {
        File.WriteAllText(temp.Path, json);

        Assert.Null(Faults.Fire("boot", StepMode.Execute, null, AgentKinds));
        Assert.Equal(json, File.ReadAllText(temp.Path));
    }

    [Fact]
    public void concurrent_commands_use_up_a_count_exactly()
    {
        temp.Write(new FaultRule("boot", FaultKind.FailTransient, Times: 10));

        var fired = Enumerable.Range(0, 40).AsParallel().WithDegreeOfParallelism(8)
            .Count(_ => Faults.Fire("boot", StepMode.Execute, null, AgentKinds) is not null);

        Assert.Equal(10, fired);
        Assert.Equal(0, Assert.Single(temp.Rules).Times);
    }

    public void Dispose() => temp.Dispose();
}
