using Provisioning.Domain.Requests;
using Provisioning.Domain.Steps;

namespace Provisioning.Domain.Images;

/// <summary>What the end of one host's import-image request means for the images that host holds (see <see cref="RequestEnd"/>).</summary>
internal static class ImageEnd
{
    public static IEnumerable<object> Effects(RequestState after, ImageSpec image, DecisionContext ctx)
    {
        var step = after.Steps.FirstOrDefault(s => s.Name == StepCatalog.ImportImage.Name);
        if (step is null) yield break;
        if (after.Status == RequestStatus.Succeeded)
        {
            if (StepCatalog.ImportImage.ReadOutputs(step.Outputs) is not { } o) yield break;
            yield return new ImageImported(step.Host ?? after.Host, o.Name, o.Pool, o.Volume, o.Path, o.Format, o.VirtualSizeBytes, o.Sha256,
                image.OsUser, o.ImageCreated, after.Actor, ctx.Now);
        }
        else if (after.SucceededAt is not null && step.Status == StepStatus.Compensated)
        {
            yield return new ImageReleased(step.Host ?? after.Host, image.Image, ctx.Now);
        }
    }
}
