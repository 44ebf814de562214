using Bunit;
using Trading.Tests.Support;
using Trading.Web.Features.Strategies;

namespace Trading.Tests.Components;

[Trait(TestCategories.Name, TestCategories.Components)]
public sealed class StrategyParameterFormTests : MudComponentTest
{
    [Fact]
    public void The_form_is_generated_from_the_schema_and_shows_the_servers_messages_by_field()
    {
        var definition = BuiltInStrategies.Find("opening-range-breakout")!;
        var values = new Dictionary<string, string?>();
        var form = Context.Render<StrategyParameterForm>(p => p.Add(f => f.Schema, definition.Schema).Add(f => f.Values, values));

        // One field per parameter, starting at its default, with its range and step in the help text.
        Assert.Equal(2, form.FindAll("input[data-testid^=param-]").Count);
        Assert.Equal("15", form.Find("input[data-testid=param-minutes]").GetAttribute("value"));
        Assert.Equal("15:00", form.Find("input[data-testid=param-exitAt]").GetAttribute("value"));
        Assert.Contains("(10:00–15:15, step 00:05)", form.Markup);

        form.Find("input[data-testid=param-exitAt]").Change("15:20");
        Assert.Equal("15:20", values["exitAt"]);
        var (_, errors) = definition.Build(values);
        form.Render(p => p.Add(f => f.Errors, errors));
        Assert.Contains("Exit by (IST) must be between 10:00 and 15:15.", form.Markup);
    }
}
