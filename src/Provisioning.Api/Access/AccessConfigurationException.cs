namespace Provisioning.Api.Access;

/// <summary>The <c>Auth</c> settings cannot be used (e.g. a bootstrap token too short to be safe): the host refuses to start.</summary>
public sealed class AccessConfigurationException(string message) : Exception(message);
