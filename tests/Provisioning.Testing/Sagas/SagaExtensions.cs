namespace Provisioning.Testing.Sagas;

public static class SagaExtensions
{
    /// <summary>Does something to a saga being set up and hands it on, for set-ups written as one expression.</summary>
    public static Saga Also(this Saga saga, Action<Saga> step)
    {
        step(saga);
        return saga;
    }
}
