using Provisioning.Domain.Requests;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Guests;
using Provisioning.Domain.Tests.Support;
using Provisioning.Testing.Sagas;

namespace Provisioning.Domain.Tests.Decider;

public class GuestUpTests
{
    [Fact]
    public void a_vm_whose_guest_came_up_succeeds_saying_where_it_is()
    {
        var saga = Saga.ProvisionVm();
        var readyAt = saga.Clock.Now.AddSeconds(90);

        saga.RunToSuccess(step =>
            step == Plans.DefineDomain ? StepCatalog.DefineDomain.Write(new DomainOutputs(true, true, "web-01.qcow2", "/p/web-01.qcow2", Guid.NewGuid(), "/b/debian-12.qcow2"))
            : step == Plans.Boot ? StepCatalog.Boot.Write(new BootOutputs(true, "vnet0", ["10.100.0.10"], readyAt, 88.5))
            : StepJsonEmpty());

        var succeeded = Assert.IsType<RequestSucceeded>(saga.History[^1]);
        Assert.Equal(["10.100.0.10"], succeeded.Guest!.Addresses);
        Assert.Equal("web-01 is up at 10.100.0.10", succeeded.Guest.ToString());
        Assert.Equal(readyAt, saga.State!.Guest!.ReadyAt);
    }

    [Fact]
    public void the_images_login_user_written_in_at_submission_is_named()
    {
        var saga = Saga.ProvisionVm();
        var parameters = new Dictionary<string, string>(Plans.VmParameters()) { ["image"] = "debian-12", ["osUser"] = "debian" };
        saga.Submit(parameters: parameters);

        saga.RunToSuccess(step => step == Plans.Boot
            ? StepCatalog.Boot.Write(new BootOutputs(true, "vnet0", ["10.100.0.10"], saga.Clock.Now, 80))
            : StepJsonEmpty());

        Assert.Equal("web-01 is up at 10.100.0.10 (user debian)", Assert.IsType<RequestSucceeded>(saga.History[^1]).Guest!.ToString());
    }

    [Fact]
    public void a_blank_disk_vm_succeeds_without_a_guest()
    {
        var saga = Saga.ProvisionVm();

        saga.RunToSuccess(step => step == Plans.Boot ? StepCatalog.Boot.Write(new BootOutputs(true, "vnet0")) : StepJsonEmpty());

        Assert.Null(Assert.IsType<RequestSucceeded>(saga.History[^1]).Guest);
    }

    private static System.Text.Json.JsonElement StepJsonEmpty() => System.Text.Json.JsonDocument.Parse("{}").RootElement.Clone();
}
