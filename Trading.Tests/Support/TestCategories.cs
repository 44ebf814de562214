namespace Trading.Tests.Support;

/// <summary>Trait values scripts/test.sh filters on: <c>scripts/test.sh unit|integration|components|e2e</c>.</summary>
public static class TestCategories
{
    public const string Name = "Category";
    public const string Unit = "Unit";
    public const string Integration = "Integration";
    public const string Components = "Components";
    public const string EndToEnd = "EndToEnd";
}
