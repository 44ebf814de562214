using Microsoft.Extensions.Configuration;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.Risk;

namespace Trading.Tests.Unit;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class RiskRuleTests
{
    // 11:00 IST on a trading day.
    private static readonly DateTime Morning = new(2026, 12, 2, 5, 30, 0, DateTimeKind.Utc);

    private static RiskRule Rule(RiskRuleKind kind, decimal threshold, string? parameter = null, bool percent = false, RiskScope scope = RiskScope.AllAccounts,
        string? scopeValue = null) =>
        new() { Id = Guid.NewGuid(), Kind = kind, Threshold = threshold, Parameter = parameter, ThresholdIsPercent = percent, Scope = scope, ScopeValue = scopeValue,
            Timing = RiskTiming.PreTrade, Action = RiskAction.Block };

    private static RiskOrder Order(OrderSide side, int quantity, decimal price, string symbol = "SBIN-EQ", string token = "3045", Exchange exchange = Exchange.NSE,
        string type = "", int lot = 1, DateTime? at = null, OrderSource source = OrderSource.Manual, Guid? account = null, Guid? strategy = null) =>
        new(account, strategy, source, exchange, token, symbol, type, lot, ProductType.Intraday, side, quantity, price, at ?? Morning);

    private static RiskBook Book(decimal capital = 5_00_000m, int ordersToday = 0, int lastSecond = 0, decimal pnl = 0, decimal peak = 0, params RiskPosition[] positions) =>
        new(capital, positions, ordersToday, lastSecond, pnl, Math.Max(peak, pnl));

    private static RiskRule With(RiskRule rule, Action<RiskRule> change)
    {
        var copy = new RiskRule { Id = rule.Id, Kind = rule.Kind, Threshold = rule.Threshold, Parameter = rule.Parameter, ThresholdIsPercent = rule.ThresholdIsPercent,
            Scope = rule.Scope, ScopeValue = rule.ScopeValue, Timing = rule.Timing, Action = rule.Action, Enabled = rule.Enabled };
        change(copy);
        return copy;
    }

    private static RiskPosition Sbin(int net, decimal ltp = 700m) => new(Exchange.NSE, "3045", "SBIN-EQ", ProductType.Intraday, net, ltp);

    public static TheoryData<string, RiskRule, RiskOrder, RiskBook, string?> Cases => new()
    {
        { "order value over", Rule(RiskRuleKind.MaxOrderValue, 2_00_000m), Order(OrderSide.Buy, 300, 700m), Book(),
            "Max order value: ₹2,10,000 exceeds the limit ₹2,00,000" },
        { "order value under", Rule(RiskRuleKind.MaxOrderValue, 2_00_000m), Order(OrderSide.Buy, 285, 700m), Book(), null },
        { "F&O quantity in lots", Rule(RiskRuleKind.MaxQuantityPerOrder, 4), Order(OrderSide.Buy, 375, 100m, "NIFTY29DEC26FUT", "35001", Exchange.NFO, "FUTIDX", 75), Book(),
            "Max quantity per order: 5 lots exceeds the limit 4 lots" },
        { "equity quantity in shares", Rule(RiskRuleKind.MaxQuantityPerOrder, 250), Order(OrderSide.Buy, 300, 10m), Book(),
            "Max quantity per order: 300 exceeds the limit 250" },
        { "position value after the order", Rule(RiskRuleKind.MaxPositionValue, 3_00_000m), Order(OrderSide.Buy, 100, 700m), Book(positions: Sbin(400)),
            "Max position value for SBIN-EQ: ₹3,50,000 would exceed the limit ₹3,00,000" },
        { "a new position over the count", Rule(RiskRuleKind.MaxOpenPositions, 2), Order(OrderSide.Buy, 1, 100m, "TCS-EQ", "11536"),
            Book(positions: [Sbin(10), new(Exchange.NSE, "1594", "INFY-EQ", ProductType.Intraday, 5, 1_500m)]), "Max open positions: this would be position 3, over the limit 2" },
        { "adding to an open position is not a new one", Rule(RiskRuleKind.MaxOpenPositions, 1), Order(OrderSide.Buy, 1, 700m), Book(positions: Sbin(10)), null },
        { "daily loss in rupees", Rule(RiskRuleKind.MaxDailyLoss, 10_000m), Order(OrderSide.Buy, 1, 700m), Book(pnl: -10_250m),
            "Max daily loss: today's loss ₹10,250 has reached the limit ₹10,000" },
        { "daily loss in % of capital", Rule(RiskRuleKind.MaxDailyLoss, 2m, percent: true), Order(OrderSide.Buy, 1, 700m), Book(pnl: -10_000.50m),
            "Max daily loss: today's loss ₹10,000.50 has reached the limit 2% of capital (₹10,000)" },
        { "daily loss not reached", Rule(RiskRuleKind.MaxDailyLoss, 10_000m), Order(OrderSide.Buy, 1, 700m), Book(pnl: -9_999m), null },
        // Peak 5,000 on 1,00,000, now 1,500: (5,000 − 1,500) / 1,05,000 = 3.33%.
        { "drawdown from the day's peak", Rule(RiskRuleKind.MaxDrawdownPercent, 3m), Order(OrderSide.Buy, 1, 700m), Book(capital: 1_00_000m, pnl: 1_500m, peak: 5_000m),
            "Max drawdown: 3.33% below today's peak has reached the limit 3%" },
        { "profit target locks entries", Rule(RiskRuleKind.DailyProfitTarget, 15_000m), Order(OrderSide.Buy, 1, 700m), Book(pnl: 15_200m),
            "Daily profit target: today's ₹15,200 has reached the target ₹15,000; profits are locked" },
        { "orders today", Rule(RiskRuleKind.MaxOrdersPerDay, 200), Order(OrderSide.Buy, 1, 700m), Book(ordersToday: 200),
            "Max daily orders: order 201 today exceeds the limit 200" },
        { "orders today under", Rule(RiskRuleKind.MaxOrdersPerDay, 200), Order(OrderSide.Buy, 1, 700m), Book(ordersToday: 199), null },
        { "orders per second", Rule(RiskRuleKind.MaxOrdersPerSecond, 10), Order(OrderSide.Buy, 1, 700m), Book(lastSecond: 10),
            "Max orders per second: 11 in one second exceeds the limit 10" },
        // 40,000 held + 20,000 more on 1,00,000 of capital = 60%.
        { "exposure", Rule(RiskRuleKind.MaxExposurePercent, 50m), Order(OrderSide.Buy, 20, 1_000m, "TCS-EQ", "11536"), Book(capital: 1_00_000m, positions: Sbin(400, 100m)),
            "Max exposure: 60% of capital exceeds the limit 50%" },
        { "outside the trading window", Rule(RiskRuleKind.TradingWindow, 0, "09:20-15:00"), Order(OrderSide.Buy, 1, 700m, at: Morning.AddHours(4).AddMinutes(20)), Book(),
            "Trading window: 15:20 IST is outside 09:20–15:00" },
        { "inside the trading window", Rule(RiskRuleKind.TradingWindow, 0, "09:20-15:00"), Order(OrderSide.Buy, 1, 700m), Book(), null },
        { "a window for NSE does not cover MCX", Rule(RiskRuleKind.TradingWindow, 0, "09:20-15:00 NSE,BSE"),
            Order(OrderSide.Buy, 1, 70_000m, "GOLD05FEB27FUT", "450002", Exchange.MCX, "FUTCOM", at: Morning.AddHours(9)), Book(), null },
        { "blocked symbol", Rule(RiskRuleKind.SymbolBlocklist, 0, "sbin-eq, YESBANK-EQ"), Order(OrderSide.Buy, 1, 700m), Book(), "Symbol blocklist: SBIN-EQ is blocked" },
        { "a rule for another symbol", Rule(RiskRuleKind.MaxOrderValue, 1_000m, scope: RiskScope.Symbol, scopeValue: "INFY-EQ"), Order(OrderSide.Buy, 300, 700m), Book(), null },
        { "an exit is never blocked by an entry rule", Rule(RiskRuleKind.MaxOrderValue, 1_000m), Order(OrderSide.Sell, 300, 700m), Book(positions: Sbin(400)), null },
        { "a sell past the position is not an exit", Rule(RiskRuleKind.MaxOrderValue, 1_000m), Order(OrderSide.Sell, 500, 700m), Book(positions: Sbin(400)),
            "Max order value: ₹3,50,000 exceeds the limit ₹1,000" },
        { "the throttle still counts exits", Rule(RiskRuleKind.MaxOrdersPerSecond, 10), Order(OrderSide.Sell, 300, 700m), Book(lastSecond: 10, positions: Sbin(400)),
            "Max orders per second: 11 in one second exceeds the limit 10" },
        { "the risk engine's own exits always pass", Rule(RiskRuleKind.MaxOrdersPerSecond, 10), Order(OrderSide.Sell, 300, 700m, source: OrderSource.Risk),
            Book(lastSecond: 50, positions: Sbin(400)), null },
    };

    [Theory, MemberData(nameof(Cases))]
    public void Each_rule_kind_before_the_order(string name, RiskRule rule, RiskOrder order, RiskBook book, string? refusal)
    {
        var breach = RiskRuleEvaluator.PreTrade([rule], order, book);
        Assert.True(refusal == breach?.Message, $"{name}: expected {refusal ?? "no breach"}, got {breach?.Message ?? "no breach"}");
    }

    [Fact]
    public void Account_and_strategy_scopes_cover_only_their_orders()
    {
        var (account, other, activation) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var byAccount = Rule(RiskRuleKind.MaxOrderValue, 1_000m, scope: RiskScope.Account, scopeValue: account.ToString());
        var byStrategy = Rule(RiskRuleKind.MaxOrderValue, 1_000m, scope: RiskScope.Strategy, scopeValue: activation.ToString());
        Assert.NotNull(RiskRuleEvaluator.PreTrade([byAccount], Order(OrderSide.Buy, 10, 700m, account: account), Book()));
        Assert.Null(RiskRuleEvaluator.PreTrade([byAccount], Order(OrderSide.Buy, 10, 700m, account: other), Book()));
        Assert.NotNull(RiskRuleEvaluator.PreTrade([byStrategy], Order(OrderSide.Buy, 10, 700m, source: OrderSource.Strategy, strategy: activation), Book()));
        Assert.Null(RiskRuleEvaluator.PreTrade([byStrategy], Order(OrderSide.Buy, 10, 700m), Book()));
        Assert.Null(RiskRuleEvaluator.PreTrade([With(byAccount, r => r.Enabled = false)], Order(OrderSide.Buy, 10, 700m, account: account), Book()));
        Assert.Null(RiskRuleEvaluator.PreTrade([With(byAccount, r => r.Timing = RiskTiming.PostTrade)], Order(OrderSide.Buy, 10, 700m, account: account), Book()));
    }

    [Fact]
    public void Halted_lets_only_the_risk_engine_through_and_reduce_only_only_what_shrinks_a_position()
    {
        var book = Book(positions: Sbin(400));
        Assert.Equal("Trading is halted for today (kill switch): only the risk engine's exits go through.",
            RiskRuleEvaluator.StateRefusal(TradingState.Halted, "kill switch", Order(OrderSide.Sell, 400, 700m), book));
        Assert.Null(RiskRuleEvaluator.StateRefusal(TradingState.Halted, "kill switch", Order(OrderSide.Sell, 400, 700m, source: OrderSource.Risk), book));
        Assert.Equal("Reduce-only today (Max daily loss): only orders that reduce an open position are taken.",
            RiskRuleEvaluator.StateRefusal(TradingState.ReduceOnly, "Max daily loss", Order(OrderSide.Buy, 1, 700m), book));
        Assert.Null(RiskRuleEvaluator.StateRefusal(TradingState.ReduceOnly, "Max daily loss", Order(OrderSide.Sell, 100, 700m), book));
        Assert.NotNull(RiskRuleEvaluator.StateRefusal(TradingState.ReduceOnly, null, Order(OrderSide.Sell, 401, 700m), book)); // would flip short
        Assert.Null(RiskRuleEvaluator.StateRefusal(TradingState.Active, null, Order(OrderSide.Buy, 1, 700m), book));
    }

    [Fact]
    public void Post_trade_rules_read_the_book_as_it_stands()
    {
        var loss = With(Rule(RiskRuleKind.MaxDailyLoss, 1_000m), r => (r.Timing, r.Action) = (RiskTiming.Both, RiskAction.KillSwitch));
        Assert.Equal("Max daily loss: today's loss ₹1,500 has reached the limit ₹1,000", RiskRuleEvaluator.PostTrade([loss], Book(pnl: -1_500m))?.Message);
        Assert.Null(RiskRuleEvaluator.PostTrade([loss], Book(pnl: -999m)));
        Assert.Null(RiskRuleEvaluator.PostTrade([With(loss, r => r.Timing = RiskTiming.PreTrade)], Book(pnl: -1_500m)));
        var size = With(Rule(RiskRuleKind.MaxPositionValue, 2_00_000m), r => r.Timing = RiskTiming.PostTrade);
        Assert.Equal("Max position value for SBIN-EQ: ₹2,80,000 exceeds the limit ₹2,00,000", RiskRuleEvaluator.PostTrade([size], Book(positions: Sbin(400)))?.Message);
        var exposure = With(Rule(RiskRuleKind.MaxExposurePercent, 50m), r => r.Timing = RiskTiming.PostTrade);
        Assert.Equal("Max exposure: 56% of capital exceeds the limit 50%", RiskRuleEvaluator.PostTrade([exposure], Book(positions: Sbin(400)))?.Message);
    }

    [Fact]
    public void A_rule_that_makes_no_sense_for_its_kind_is_refused()
    {
        Assert.Equal("Enter the window as 09:20-15:00 (IST), optionally followed by exchanges: 09:20-15:00 NSE,BSE.",
            RiskRuleEvaluator.Problem(Rule(RiskRuleKind.TradingWindow, 0, "3pm to 4pm")));
        Assert.Equal("A count of at least 1.", RiskRuleEvaluator.Problem(Rule(RiskRuleKind.MaxOrdersPerSecond, 2.5m)));
        Assert.Equal("A percentage of capital above 0 and at most 100.", RiskRuleEvaluator.Problem(Rule(RiskRuleKind.MaxDailyLoss, 150m, percent: true)));
        Assert.Equal("The limit must be above zero.", RiskRuleEvaluator.Problem(Rule(RiskRuleKind.MaxOrderValue, 0m)));
        Assert.Equal("Trading window judges each order: it is checked before the order (timing PreTrade).",
            RiskRuleEvaluator.Problem(With(Rule(RiskRuleKind.TradingWindow, 0, "09:20-15:00"), r => r.Timing = RiskTiming.PostTrade)));
        Assert.Equal("Choose the account, strategy or symbol the rule is for.", RiskRuleEvaluator.Problem(Rule(RiskRuleKind.MaxOrderValue, 10m, scope: RiskScope.Symbol)));
        Assert.Null(RiskRuleEvaluator.Problem(Rule(RiskRuleKind.SymbolBlocklist, 0, "SBIN-EQ")));
        Assert.Equal(5, RiskRulesService.Defaults(RiskProfile.Moderate, 10).Count);
        Assert.Equal(8m, RiskRulesService.Defaults(RiskProfile.Aggressive, 8).Single(r => r.Kind == RiskRuleKind.MaxOrdersPerSecond).Threshold);
    }

    [Fact]
    public void The_orders_per_second_default_is_the_exchanges_dated_threshold_from_the_shipped_rates()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, Trading.Web.Infrastructure.MarketRatesSettings.FileName), optional: false).Build();
        var options = new RiskDefaultsOptions();
        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration.GetSection(RiskDefaultsOptions.Section), options);
        Assert.Equal(10m, options.OrdersPerSecondOn(new DateOnly(2026, 12, 2)));
        Assert.Contains("SEBI/HO/MIRSD", options.OrdersPerSecond.Single().Source);
        Assert.Equal(10m, new RiskDefaultsOptions().OrdersPerSecondOn(new DateOnly(2026, 12, 2))); // nothing configured: the same threshold
    }
}

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class OrderNoticeTests
{
    private static Order Order(OrderStatus status, int filled = 0, decimal? average = null, string? error = null) => new()
    {
        Side = OrderSide.Buy, Quantity = 10, TradingSymbol = "SBIN-EQ", Status = status, FilledQuantity = filled, AverageFillPrice = average, ErrorMessage = error,
    };

    private static Order Priced(Order order, decimal price, int quantity)
    {
        (order.Price, order.Quantity) = (price, quantity);
        return order;
    }

    [Fact]
    public void A_trader_is_told_what_the_broker_confirmed_once_per_change()
    {
        Assert.Equal("Buy 10 SBIN-EQ filled at 800.00.", Trading.Web.Features.Orders.OrderNotices.For(OrderStatus.Open, 0, Order(OrderStatus.Filled, 10, 800m))?.Body);
        Assert.Equal("Buy 10 SBIN-EQ was rejected: RMS: margin exceeds.",
            Trading.Web.Features.Orders.OrderNotices.For(OrderStatus.PendingSubmit, 0, Order(OrderStatus.Rejected, error: "RMS: margin exceeds"))?.Body);
        Assert.Equal("4 of 10 SBIN-EQ filled at 799.50 on average.",
            Trading.Web.Features.Orders.OrderNotices.For(OrderStatus.Open, 0, Order(OrderStatus.PartiallyFilled, 4, 799.5m))?.Body);
        Assert.Null(Trading.Web.Features.Orders.OrderNotices.For(OrderStatus.PartiallyFilled, 4, Order(OrderStatus.PartiallyFilled, 4, 799.5m))); // nothing new
        var accepted = Trading.Web.Features.Orders.OrderNotices.For(OrderStatus.PendingSubmit, 0, Priced(Order(OrderStatus.Open), 801m, 10));
        Assert.Equal((NotificationKind.OrderAccepted, "Buy 10 SBIN-EQ: the broker took it at a limit of 801.00."), (accepted?.Kind, accepted?.Body));
        Assert.Null(Trading.Web.Features.Orders.OrderNotices.For(OrderStatus.Open, 0, Order(OrderStatus.Open))); // nothing new
        // A change the broker confirmed, on an order still open.
        var modified = Trading.Web.Features.Orders.OrderNotices.For(OrderStatus.Open, 0, Priced(Order(OrderStatus.Open), 805m, 12),
            new Trading.Web.Features.Orders.OrderTerms(10, 801m, null));
        Assert.Equal((NotificationKind.OrderModified, "The broker confirmed the change: quantity 10 → 12, price 801.00 → 805.00."), (modified?.Kind, modified?.Body));
        Assert.Equal("Order settled: Filled", Trading.Web.Features.Orders.OrderNotices.For(OrderStatus.Unknown, 0, Order(OrderStatus.Filled, 10, 800m))?.Title);
        Assert.Equal("Buy 10 SBIN-EQ cancelled after 3 filled.", Trading.Web.Features.Orders.OrderNotices.For(OrderStatus.PartiallyFilled, 3, Order(OrderStatus.Cancelled, 3))?.Body);
    }
}
