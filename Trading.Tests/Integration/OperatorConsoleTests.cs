using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.Admin;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Orders;

namespace Trading.Tests.Integration;

/// <summary>The operator console's figures, and its pages for admins only.</summary>
[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed class OperatorConsoleTests
{
    [Fact]
    public async Task Admin_pages_are_for_admins_and_the_console_counts_todays_orders_rejections_and_placement_latency()
    {
        var clock = new SettableClock(SettableClock.Ist(11, 0));
        await using var app = await ProviderApp.StartAsync("Postgres", a => a.With("MarketData:Feed", "None").With("Jobs:RiskWatch:Enabled", "false").WithClock(clock));
        var services = app.App.Services;
        var (_, adminEmail) = await TestUsers.CreateAdminAsync(services);
        var (traderId, traderEmail) = await TestUsers.CreateTraderAsync(services);

        var trader = AccountClient.For(app.App);
        await trader.SignInAsync(traderEmail, TestUsers.Password);
        foreach (var path in new[] { "/admin", "/admin/health", "/admin/news" })
        {
            using var refused = await trader.Http.GetAsync(path);
            Assert.True(refused.StatusCode == HttpStatusCode.Redirect && refused.Headers.Location!.ToString().Contains("AccessDenied"), $"{path}: {refused.StatusCode}");
        }
        var admin = AccountClient.For(app.App);
        await admin.SignInAsync(adminEmail, TestUsers.Password);
        using (var console = await admin.Http.GetAsync("/admin"))
        {
            Assert.Equal(HttpStatusCode.OK, console.StatusCode);
            Assert.Contains("console-orders-today", await console.Content.ReadAsStringAsync());
        }

        var sbin = new InstrumentKey(Exchange.NSE, "3045");
        await services.GetRequiredService<MarketDataPipeline>().ProcessAsync(new Tick(sbin, 800m, clock.Now.UtcDateTime, PreviousClose: 800m), CancellationToken.None);
        var pipeline = services.GetRequiredService<OrderPipeline>();
        var resting = await pipeline.PlaceAsync(new PlaceOrderRequest(traderId, "c1", Exchange.NSE, sbin.Token, OrderSide.Buy, OrderType.Limit, ProductType.Intraday,
            OrderVariety.Normal, OrderValidity.Day, 1, 790m));
        var second = await pipeline.PlaceAsync(new PlaceOrderRequest(traderId, "c2", Exchange.NSE, sbin.Token, OrderSide.Buy, OrderType.Limit, ProductType.Intraday,
            OrderVariety.Normal, OrderValidity.Day, 1, 780m));
        await services.GetRequiredService<OrderStatusApplier>().RecordAsync(second.Order!.Id, OrderStatus.Rejected, "Rejected by the broker.", "{}", errorMessage: "RMS");

        var figures = await services.GetRequiredService<PlatformOverview>().NowAsync();
        Assert.Equal((2, 1, 1), (figures.OrdersToday, figures.RejectedToday, figures.OpenOrders));
        Assert.Equal(2, figures.Placements);
        Assert.True(figures.PlacementP50Ms > 0 && figures.PlacementP95Ms >= figures.PlacementP50Ms, $"{figures.PlacementP50Ms} / {figures.PlacementP95Ms}");
        Assert.Equal(OrderStatus.Open, resting.Order!.Status);
    }

    [Theory]
    [InlineData(new double[] { 5, 1, 4, 2, 3 }, 50, 3)]
    [InlineData(new double[] { 5, 1, 4, 2, 3 }, 95, 5)]
    [InlineData(new double[] { 10 }, 95, 10)]
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 }, 95, 19)]
    public void Percentiles_are_nearest_rank(double[] values, double percent, double expected) =>
        Assert.Equal(expected, PlacementLatency.Percentile(values, percent));
}
