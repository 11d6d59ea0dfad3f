using Provisioning.Domain.Images;
using Provisioning.Domain.Steps.Images;

namespace Provisioning.Domain.Steps;

public static partial class StepCatalog
{
    /// <summary>
    /// A base image on its host (import-image, one child request per host): fetched from a file or an http(s) URL,
    /// checked against its SHA-256, and made a read-only volume of the agent's image pool. Undone only by the request
    /// that put it there, and never while a VM's disk is built on it.
    /// </summary>
    public static readonly StepDefinition<ImageArguments, ImageOutputs> ImportImage = new(
        "import-image",
        "remove-image",
        p =>
        {
            var image = ImageSpec.FromParameters(p);
            return new ImageArguments(image.Image, image.Source, image.Sha256, image.Format);
        },
        (a, o, host) => o is null || o.ImageCreated ? [$"image {a.Name} (volume {o?.Volume ?? a.Name}) on {host}"] : []);
}
