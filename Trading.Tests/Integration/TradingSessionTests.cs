using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Orders;
using Trading.Web.Features.Positions;
using Trading.Web.Features.Sessions;

namespace Trading.Tests.Integration;

/// <summary>A crafted trading day rolled up to hand-computed figures; a day the app missed closing is closed on start-up, marked late.</summary>
[Trait(TestCategories.Name, TestCategories.Integration)]
public sealed class TradingSessionTests
{
    private static readonly InstrumentKey Sbin = new(Exchange.NSE, "3045");

    private static TradingAppFactory App(string file, SettableClock clock, bool sessionsJob) =>
        TradingAppFactory.ForSqlite(file, seedDemoData: false).With("MarketData:Feed", "None").With("Paper:SlippagePercent", "0")
            .With("Jobs:IntradaySquareOff:Enabled", "false").With("Jobs:RiskWatch:Enabled", "false").With("Jobs:StrategyEngine:Enabled", "false")
            .With("Jobs:TradingSessions:Enabled", sessionsJob ? "true" : "false").With("Jobs:TradingSessions:FirstRunAfter", "00:00:00")
            // 3 Dec 2026 is a holiday on both NSE and MCX for this test.
            .With("MarketCalendar:Holidays:900", "2026-12-03").With("MarketCalendar:CommodityHolidays:900", "2026-12-03")
            .WithClock(clock);

    private static Task TickAsync(IServiceProvider services, decimal price, SettableClock clock) =>
        services.GetRequiredService<MarketDataPipeline>().ProcessAsync(new Tick(Sbin, price, clock.Now.UtcDateTime, PreviousClose: 800m), CancellationToken.None);

    private static Task<PlaceOrderResult> PlaceAsync(IServiceProvider services, Guid userId, string id, OrderSide side, int quantity, OrderType type = OrderType.Market,
        decimal? price = null) =>
        services.GetRequiredService<OrderPipeline>().PlaceAsync(new PlaceOrderRequest(userId, id, Exchange.NSE, Sbin.Token, side, type, ProductType.Intraday,
            OrderVariety.Normal, OrderValidity.Day, quantity, price));

    [Fact]
    public async Task A_crafted_day_rolls_up_to_the_positions_pages_figures_and_a_missed_end_of_day_closes_late_on_start_up()
    {
        var file = Path.Combine(Path.GetTempPath(), $"trading-sessions-{Guid.NewGuid():N}.db");
        var clock = new SettableClock(SettableClock.Ist(10, 0)); // Wed 2 Dec 2026
        Guid userId;
        await using (var app = App(file, clock, sessionsJob: false))
        {
            var services = app.Services;
            (userId, _) = await TestUsers.CreateTraderAsync(services, 10_00_000m);
            var sessions = services.GetRequiredService<TradingSessions>();
            Assert.Null(await sessions.RefreshAsync(userId)); // nothing done yet: no row

            // Buy 100 @ 800, sell 100 @ 810: +1,000 realized; charges 29.00 + 46.88 (the ChargeCalculatorTests lines).
            await TickAsync(services, 800m, clock);
            Assert.True((await PlaceAsync(services, userId, "b1", OrderSide.Buy, 100)).Accepted);
            clock.Now = clock.Now.AddMinutes(5);
            await TickAsync(services, 810m, clock);
            Assert.True((await PlaceAsync(services, userId, "s1", OrderSide.Sell, 100)).Accepted);
            var first = (await sessions.RefreshAsync(userId))!;
            Assert.Equal((1_000m, 0m, 75.88m, 924.12m), (first.RealizedPnl, first.UnrealizedPnl, first.Charges, first.NetPnl));

            // Buy 50 @ 810 (40,500): brokerage 0.03% = 12.15, exchange 1.20, IPFT 0.04, SEBI 0.04, stamp 1.22, GST 18% × 13.43 = 2.42 → 17.07.
            clock.Now = clock.Now.AddMinutes(5);
            Assert.True((await PlaceAsync(services, userId, "b2", OrderSide.Buy, 50)).Accepted);
            await TickAsync(services, 805m, clock); // 50 × (805 − 810) = −250 unrealized
            // A resting order the broker then rejects, and a deposit of ₹25,000.
            var resting = await PlaceAsync(services, userId, "r1", OrderSide.Buy, 5, OrderType.Limit, 700m);
            await services.GetRequiredService<OrderStatusApplier>().RecordAsync(resting.Order!.Id, OrderStatus.Rejected, "Rejected by the broker.", "{}",
                errorMessage: "RMS: margin exceeds");
            Assert.Equal("Enter an amount from ₹1 to ₹100 crore, negative for a withdrawal.", await sessions.RecordCapitalChangeAsync(userId, 0m, null));
            Assert.Null(await sessions.RecordCapitalChangeAsync(userId, 25_000m, "top-up"));

            var day = (await sessions.TodayAsync(userId))!;
            // Net = 1,000 − 250 − (29.00 + 46.88 + 17.07 = 92.95) = 657.05; closing = 10,00,000 + 25,000 + 657.05.
            Assert.Equal((10_00_000m, 25_000m, 0m), (day.OpeningCapital, day.Deposits, day.Withdrawals));
            Assert.Equal((1_000m, -250m, 92.95m, 657.05m, 10_25_657.05m), (day.RealizedPnl, day.UnrealizedPnl, day.Charges, day.NetPnl, day.ClosingCapital));
            Assert.Equal((4, 3, 1, 0, 75m), (day.OrdersPlaced, day.OrdersFilled, day.OrdersRejected, day.OrdersCancelled, day.SuccessRate));
            Assert.Equal((924.12m, 267.07m), (day.PeakNetPnl, day.MaxDrawdown)); // fell from 924.12 to 657.05
            // The positions page shows the same, to the paisa.
            await using (var scope = services.CreateAsyncScope())
            {
                var positions = scope.ServiceProvider.GetRequiredService<PositionsService>();
                var (open, closed) = await positions.GetAsync(userId);
                var totals = positions.Totals(open, closed, await positions.ChargesOnAsync(userId, new DateOnly(2026, 12, 2)));
                Assert.Equal((day.RealizedPnl, day.UnrealizedPnl, day.Charges, day.NetPnl), (totals.Realized, totals.Unrealized, totals.Charges, totals.Net));
            }
            var detail = await sessions.DayAsync(userId, new DateOnly(2026, 12, 2));
            Assert.Equal(4, detail.Orders.Count);
            Assert.Equal(["top-up"], detail.CapitalChanges.Select(c => c.Note));

            clock.Now = SettableClock.Ist(23, 30);
            Assert.Equal(0, await sessions.CloseDueAsync(CancellationToken.None)); // MCX still trades: the day is not over
        }

        // The app was down at the day's end; it starts again on the 3rd, a holiday: the 2nd is closed late, the 3rd gets no row.
        clock.Now = SettableClock.Ist(10, 0, day: 3);
        await using (var app = App(file, clock, sessionsJob: true))
        {
            var services = app.Services;
            var dbFactory = services.GetRequiredService<IDbContextFactory<TradingDbContext>>();
            var closed = await Eventually.GetAsync(async () =>
            {
                await using var db = await dbFactory.CreateDbContextAsync();
                return await db.TradingSessions.AsNoTracking().FirstOrDefaultAsync(s => s.UserId == userId && s.EndedAt != null);
            }, "the missed day closed", TimeSpan.FromSeconds(20));
            Assert.Equal((new DateOnly(2026, 12, 2), true, 657.05m), (closed.TradingDay, closed.ClosedLate, closed.NetPnl));
            await using (var db = await dbFactory.CreateDbContextAsync())
            {
                var report = await db.Notifications.AsNoTracking().SingleAsync(n => n.UserId == userId && n.Kind == NotificationKind.EndOfDayReport);
                Assert.Equal("Day report 02 Dec 2026: net ₹657.05", report.Title);
                Assert.Contains("Closed late", report.Body);
                Assert.Equal(1, await db.TradingSessions.CountAsync(s => s.UserId == userId));
            }
            Assert.Null(await services.GetRequiredService<TradingSessions>().RefreshAsync(userId)); // a holiday: no row, though a position is open
        }
    }
}
