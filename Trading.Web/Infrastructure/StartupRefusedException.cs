namespace Trading.Web.Infrastructure;

/// <summary>
/// The configuration cannot be run safely (a missing key, a setting that would trust anyone): the app does not start,
/// and the operator reads the message alone, without a stack trace.
/// </summary>
public sealed class StartupRefusedException(string message) : InvalidOperationException(message);
