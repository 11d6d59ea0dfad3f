using System.Text.Json.Nodes;
using Provisioning.Engine.Tests.Support;
using Provisioning.Testing.Sagas;
using Provisioning.Engine.Workflows;

namespace Provisioning.Engine.Tests.Workflows;

/// <summary>
/// A broken definition stops the engine at start-up, naming the file and the JSON Pointer of what is wrong.
/// Each test breaks one thing in a copy of the shipped provision-vm definition.
/// </summary>
public sealed class WorkflowLoaderRefusalTests : IDisposable
{
    private readonly TempWorkflows _folder = new();

    public void Dispose() => _folder.Dispose();

    private WorkflowDefinitionException Refusal(Action<JsonObject> breakIt, out string file)
    {
        var document = TempWorkflows.ShippedProvisionVm();
        breakIt(document);
        file = _folder.Write("provision-vm.json", document);
        return _folder.Refusal();
    }

    private static JsonObject StepOf(JsonObject document, int index) => document["steps"]![index]!.AsObject();

    [Fact]
    public void a_copy_of_the_shipped_definition_loads()
    {
        _folder.Write("provision-vm.json", TempWorkflows.ShippedProvisionVm());

        Assert.NotNull(WorkflowLoader.LoadDirectory(_folder.Directory).Find("provision-vm"));
    }

    [Fact]
    public void a_definition_without_steps_is_refused_naming_the_missing_property()
    {
        var refusal = Refusal(d => d.Remove("steps"), out var file);

        Assert.Equal(file, refusal.File);
        Assert.Equal("/steps", refusal.Path);
        Assert.Contains("steps", refusal.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void a_definition_with_an_empty_step_list_is_refused_at_the_steps()
    {
        var refusal = Refusal(d => d["steps"] = new JsonArray(), out var file);

        Assert.Equal(file, refusal.File);
        Assert.Equal("/steps", refusal.Path);
    }

    [Fact]
    public void a_step_without_a_timeout_is_refused_at_that_steps_missing_timeout()
    {
        var refusal = Refusal(d => StepOf(d, 1).Remove("timeoutSeconds"), out var file);

        Assert.Equal(file, refusal.File);
        Assert.Equal("/steps/1/timeoutSeconds", refusal.Path);
        Assert.Contains("timeoutSeconds", refusal.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void zero_attempts_are_refused_at_max_attempts()
    {
        var refusal = Refusal(d => StepOf(d, 0)["retry"]!["maxAttempts"] = 0, out var file);

        Assert.Equal(file, refusal.File);
        Assert.Equal("/steps/0/retry/maxAttempts", refusal.Path);
    }

    [Fact]
    public void a_value_of_the_wrong_type_is_refused_where_it_is()
    {
        var refusal = Refusal(d => StepOf(d, 3)["timeoutSeconds"] = "120", out var file);

        Assert.Equal(file, refusal.File);
        Assert.Equal("/steps/3/timeoutSeconds", refusal.Path);
    }

    [Fact]
    public void a_version_that_is_not_a_number_is_refused_at_the_version()
    {
        Assert.Equal("/version", Refusal(d => d["version"] = "one", out _).Path);
    }

    [Fact]
    public void an_unknown_property_is_refused_where_it_is()
    {
        Assert.Equal("/steps/2/retries", Refusal(d => StepOf(d, 2)["retries"] = 3, out _).Path);
    }

    [Fact]
    public void a_jitter_above_one_is_refused_at_the_jitter()
    {
        Assert.Equal("/steps/4/retry/jitter", Refusal(d => StepOf(d, 4)["retry"]!["jitter"] = 2, out _).Path);
    }

    [Fact]
    public void a_step_no_agent_knows_is_refused_at_its_name()
    {
        var refusal = Refusal(d => StepOf(d, 2)["name"] = "format-disk", out var file);

        Assert.Equal(file, refusal.File);
        Assert.Equal("/steps/2/name", refusal.Path);
        Assert.Contains("format-disk", refusal.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void a_step_with_the_wrong_compensation_is_refused_at_its_compensation()
    {
        var refusal = Refusal(d => StepOf(d, 1)["compensation"] = "none", out var file);

        Assert.Equal(file, refusal.File);
        Assert.Equal("/steps/1/compensation", refusal.Path);
        Assert.Contains("remove-bridge", refusal.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void a_step_listed_twice_is_refused_at_the_second_one()
    {
        var refusal = Refusal(d => d["steps"]!.AsArray().Insert(3, StepOf(d, 1).DeepClone()), out var file);

        Assert.Equal(file, refusal.File);
        Assert.Equal("/steps/3/name", refusal.Path);
        Assert.Contains("create-bridge", refusal.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void an_unknown_parameter_set_is_refused_at_the_parameters()
    {
        var refusal = Refusal(d => d["parameters"] = "provision-router", out var file);

        Assert.Equal(file, refusal.File);
        Assert.Equal("/parameters", refusal.Path);
    }

    [Fact]
    public void a_retry_ceiling_below_the_initial_delay_is_refused_at_the_ceiling()
    {
        Assert.Equal("/steps/0/retry/maxDelaySeconds", Refusal(d => StepOf(d, 0)["retry"]!["maxDelaySeconds"] = 1, out _).Path);
    }

    [Fact]
    public void malformed_json_is_refused_naming_the_file_and_the_line()
    {
        var file = _folder.Write("provision-vm.json", "{\n  \"name\": \"provision-vm\",\n  \"version\": 1,,\n}");

        var refusal = _folder.Refusal();

        Assert.Equal(file, refusal.File);
        Assert.Equal("line 3", refusal.Path);
        Assert.Contains("not valid JSON", refusal.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void two_files_defining_the_same_workflow_are_refused_at_the_second_name()
    {
        _folder.Write("a-provision-vm.json", TempWorkflows.ShippedProvisionVm());
        var second = _folder.Write("b-provision-vm.json", TempWorkflows.ShippedProvisionVm());

        var refusal = _folder.Refusal();

        Assert.Equal(second, refusal.File);
        Assert.Equal("/name", refusal.Path);
        Assert.Contains("defined twice", refusal.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void a_folder_without_the_schema_is_refused_naming_the_schema_file()
    {
        File.Delete(Path.Combine(_folder.Directory, WorkflowLoader.SchemaFile));

        var refusal = _folder.Refusal();

        Assert.Equal(Path.Combine(_folder.Directory, WorkflowLoader.SchemaFile), refusal.File);
    }
}
