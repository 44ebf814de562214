using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Components.Layout;

namespace Trading.Tests.Components;

[Trait(TestCategories.Name, TestCategories.Components)]
public sealed class LayoutTests : MudComponentTest
{
    // The header's risk state and kill switch read the database; they have tests of their own.
    public LayoutTests()
    {
        Context.ComponentFactories.AddStub<Trading.Web.Features.Risk.RiskHeader>();
        Context.ComponentFactories.AddStub<Trading.Web.Features.Notifications.NotificationBell>();
    }

    private IRenderedComponent<MainLayout> RenderLayout(string name, params string[] roles)
    {
        var auth = Context.AddAuthorization();
        auth.SetAuthorized(name);
        auth.SetRoles(roles);
        return Context.Render<MainLayout>(p => p.Add(l => l.Body, b => b.AddMarkupContent(0, "<p id='page-body'>page</p>")));
    }

    [Fact]
    public void An_admin_sees_the_admin_navigation()
    {
        var layout = RenderLayout("admin@demo.trading", Roles.Admin);

        var nav = layout.Find("[data-testid=nav-menu]");
        Assert.Contains("Dashboard", nav.TextContent);
        Assert.Contains("Admin", nav.TextContent);
        Assert.NotNull(layout.Find("a[href='admin/users']"));
        Assert.NotNull(layout.Find("#page-body"));
    }

    [Fact]
    public void A_trader_does_not_see_the_admin_navigation()
    {
        var layout = RenderLayout("trader@demo.trading", Roles.Trader);

        var nav = layout.Find("[data-testid=nav-menu]");
        Assert.Contains("Dashboard", nav.TextContent);
        Assert.DoesNotContain("Admin", nav.TextContent);
        Assert.Empty(layout.FindAll("a[href='admin/users']"));
    }

    [Fact]
    public void The_theme_toggle_switches_between_dark_and_light()
    {
        var layout = RenderLayout("trader@demo.trading", Roles.Trader);
        Assert.Equal("Toggle dark mode", layout.Find("[data-testid=theme-toggle]").GetAttribute("aria-label"));
        var before = layout.Find("[data-testid=theme-toggle]").InnerHtml;

        layout.Find("[data-testid=theme-toggle]").Click();

        var after = layout.Find("[data-testid=theme-toggle]").InnerHtml;
        Assert.NotEqual(before, after);
        Assert.Contains("Light mode", layout.Markup + layout.FindComponent<MudTooltip>().Instance.Text);
    }
}
