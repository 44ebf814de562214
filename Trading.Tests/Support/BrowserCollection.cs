namespace Trading.Tests.Support;

/// <summary>
/// Browser journeys run one class at a time and after the parallel tests (xunit runs a collection that disables
/// parallelization on its own): each starts an app and a Chromium, which on two cores must not compete with the rest.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "Browser journeys";
}
