using System.Text.Json;
using Provisioning.Domain.Images;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Images;
using Provisioning.Domain.Workflows;
using Provisioning.Testing.Sagas;

namespace Provisioning.Domain.Tests.Images;

/// <summary>What an import-image request's end means for the images its host holds; and a VM refused for its image.</summary>
public class ImageEndTests
{
    private const string Sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static readonly ImageOutputs Imported =
        new(true, "debian-12", "provisioning-images", "debian-12.qcow2", "/var/lib/provisioning/base-images/debian-12.qcow2", "qcow2", 2L << 30, Sha, true);

    private static Saga Submitted()
    {
        var saga = new Saga([Plans.Step(StepCatalog.ImportImage.Name)]);
        var parameters = new ImageSpec(["kvm-01"], "debian-12", "/srv/debian-12.qcow2", Sha, null, "debian").ToParameters();
        var definition = new WorkflowDefinition("import-image", 1, "for tests", ParameterSets.ImportImage, saga.Definition.Steps);
        saga.Submit(new SubmitRequest(Saga.RequestId, definition, parameters, "kvm-01", null, Saga.Submitter, "api", null), SubmissionFacts.None);
        return saga;
    }

    [Fact]
    public void an_import_that_succeeds_records_the_image_as_its_step_reported_it_right_before_it_ends()
    {
        var saga = Submitted();

        var decision = saga.Succeed(StepCatalog.ImportImage.Write(Imported));

        var imported = Assert.IsType<ImageImported>(decision.Events[^2]);
        Assert.Equal(("kvm-01", "debian-12", "debian-12.qcow2", "qcow2", 2L << 30, "debian", true),
            (imported.Host, imported.Name, imported.Volume, imported.Format, imported.VirtualSizeBytes, imported.OsUser, imported.Created));
        Assert.IsType<RequestSucceeded>(decision.Events[^1]);
    }

    [Fact]
    public void undoing_it_releases_the_image_and_a_failed_import_records_nothing()
    {
        var saga = Submitted();
        saga.Succeed(StepCatalog.ImportImage.Write(Imported));

        var undo = saga.Rollback();
        undo = saga.Succeed(JsonSerializer.SerializeToElement(UndoReport.Of("image debian-12"), StepJson.Options));

        Assert.Equal(new ImageReleased("kvm-01", "debian-12", saga.Clock.Now), undo.Events[^2]);

        var failed = Submitted();
        failed.FailPermanently("sha256 mismatch");
        Assert.DoesNotContain(failed.History, e => e is ImageImported or ImageReleased);
    }

    [Fact]
    public void a_vm_on_an_image_its_host_lacks_is_recorded_and_failed_naming_the_image()
    {
        var saga = Saga.ProvisionVm();
        var parameters = new Dictionary<string, string>(Plans.VmParameters()) { ["image"] = "debian-12" };
        var image = new ImageAvailability("debian-12", [new ImageCopy("kvm-02", 2L << 30)]);

        var decision = saga.Submit(new SubmitRequest(Saga.RequestId, saga.Definition, parameters, "kvm-01", null, Saga.Submitter, "api", null),
            new SubmissionFacts(Image: image));

        Assert.Collection(decision.Events,
            e => Assert.IsType<RequestSubmitted>(e),
            e => Assert.Equal("image", Assert.IsType<ImageRefused>(e).Field),
            e => Assert.IsType<RequestFailed>(e));
        Assert.Equal("image", saga.Current.Refusal!.Field);
        Assert.Empty(saga.Dispatched);
    }

    [Fact]
    public void a_vm_on_an_image_its_host_holds_starts_with_the_images_login_user_written_in()
    {
        var saga = Saga.ProvisionVm();
        var parameters = new Dictionary<string, string>(Plans.VmParameters()) { ["image"] = "debian-12" };
        var image = new ImageAvailability("debian-12", [new ImageCopy("kvm-01", 2L << 30, "debian")]);

        saga.Submit(new SubmitRequest(Saga.RequestId, saga.Definition, parameters, "kvm-01", null, Saga.Submitter, "api", null),
            new SubmissionFacts(Image: image));

        Assert.Equal("debian", saga.Current.Parameters["osUser"]);
        Assert.Single(saga.Dispatched);
    }
}
