using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.Strategies;
using Trading.Web.Features.Strategies.Backtesting;
using Trading.Web.Features.Strategies.BuiltIn;
using Trading.Web.Features.Positions;

namespace Trading.Tests.Unit;

/// <summary>Says what it was told to at given bar indexes (a crafted path), whatever the prices.</summary>
internal sealed class ScriptedStrategy(Dictionary<int, Signal> script, int warmUp = 0) : IStrategy
{
    private int _index = -1;
    public int WarmUpBars => warmUp;
    public Signal OnBar(Bar bar, StrategyPosition position) => script.GetValueOrDefault(++_index);
}

/// <summary>Cheats: buys when the next bar closes higher, which it could not know.</summary>
internal sealed class PeekingStrategy(IReadOnlyList<Bar> data) : IStrategy
{
    private int _index = -1;
    public int WarmUpBars => 0;
    public Signal OnBar(Bar bar, StrategyPosition position)
    {
        _index++;
        var next = _index + 1 < data.Count ? data[_index + 1] : null;
        if (position == StrategyPosition.Flat && next is not null && next.Close > bar.Close) return Signal.EnterLong;
        if (position == StrategyPosition.Long && (next is null || next.Close < bar.Close)) return Signal.Exit;
        return Signal.None;
    }
}

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class BacktestTests
{
    // 09:30 IST on 1 Dec 2026, one bar a minute.
    private static readonly DateTime Start = new(2026, 12, 1, 4, 0, 0, DateTimeKind.Utc);

    private static List<Bar> Path(params (decimal Open, decimal Close)[] prices) =>
        prices.Select((p, i) => new Bar(Start.AddMinutes(i), p.Open, Math.Max(p.Open, p.Close) + 1, Math.Min(p.Open, p.Close) - 1, p.Close, 100)).ToList();

    private static readonly List<Bar> Seven = Path((100, 100), (101, 101), (102, 102), (104, 104), (103, 103), (100, 100), (98, 98));

    private static BacktestSettings Settings(decimal slippage = 0, BacktestFillMode mode = BacktestFillMode.NextOpen, TimeOnly? squareOff = null,
        Func<OrderSide, decimal, DateOnly, decimal>? limit = null) =>
        new("TEST", 10, 10_000m, mode, slippage, 0.05m, (_, _, _, _) => 1m, limit, squareOff);

    private static readonly Dictionary<int, Signal> LongThenShort = new() { [0] = Signal.EnterLong, [2] = Signal.Exit, [3] = Signal.EnterShort, [5] = Signal.Exit };

    [Fact]
    public void Signals_fill_at_the_next_bars_open_and_every_fill_is_charged()
    {
        var run = Backtester.Run(new ScriptedStrategy(LongThenShort), Seven, Settings());

        // Long: bought at bar 1's open 101, sold at bar 3's open 104 → +30. Short: sold at bar 4's open 103, bought at bar 6's open 98 → +50.
        Assert.Equal(2, run.Trades.Count);
        Assert.Equal((OrderSide.Buy, 101m, 104m, 30m, 2m), (run.Trades[0].Side, run.Trades[0].EntryPrice, run.Trades[0].ExitPrice, run.Trades[0].Gross, run.Trades[0].Charges));
        Assert.Equal((OrderSide.Sell, 103m, 98m, 50m, 2m), (run.Trades[1].Side, run.Trades[1].EntryPrice, run.Trades[1].ExitPrice, run.Trades[1].Gross, run.Trades[1].Charges));
        Assert.Equal(4m, run.Charges);
        // Equity by hand: 10000; bought 10 @101 with ₹1 → cash 8989 + 10×101; … ; covered @98 → 11057 − 1 − 980.
        Assert.Equal(new[] { 10_000m, 9_999m, 10_009m, 10_028m, 10_027m, 10_057m, 10_076m }, run.Equity.Select(e => e.Equity));
        Assert.Equal(4, run.BarsInMarket);
    }

    [Fact]
    public void Slippage_moves_each_fill_against_the_trader_onto_the_tick()
    {
        var run = Backtester.Run(new ScriptedStrategy(new() { [0] = Signal.EnterLong, [2] = Signal.Exit }), Seven, Settings(slippage: 1m));
        // Buy at 101 × 1.01 = 102.01 → 102.05 (up to the tick); sell at 104 × 0.99 = 102.96 → 102.95 (down to the tick).
        Assert.Equal((102.05m, 102.95m, 9.00m), (run.Trades[0].EntryPrice, run.Trades[0].ExitPrice, run.Trades[0].Gross));
    }

    [Fact]
    public void A_marketable_limit_fills_only_when_the_next_bar_reaches_it_and_unfilled_signals_are_counted()
    {
        // The limit is the signal bar's close (no buffer): bar 1 trades 100–102, so a buy at 100 fills at min(open 101, 100) = 100.
        var filled = Backtester.Run(new ScriptedStrategy(new() { [0] = Signal.EnterLong, [2] = Signal.Exit }), Seven,
            Settings(mode: BacktestFillMode.MarketableLimit, limit: (_, last, _) => last));
        Assert.Equal((100m, 0), (filled.Trades[0].EntryPrice, filled.UnfilledSignals));
        // A buy limit 5 below the close is never reached by bar 1 (low 100): not filled, the strategy stays flat, the exit has nothing to close.
        var missed = Backtester.Run(new ScriptedStrategy(new() { [0] = Signal.EnterLong }), Seven,
            Settings(mode: BacktestFillMode.MarketableLimit, limit: (side, last, _) => side == OrderSide.Buy ? last - 5 : last + 5));
        Assert.Empty(missed.Trades);
        Assert.Equal(1, missed.UnfilledSignals);
    }

    [Fact]
    public void Intraday_positions_close_at_the_square_off_and_no_entry_is_taken_after_it()
    {
        // Bars from 15:13 IST: entry signalled at 15:13 fills 15:14; at 15:15 the position is closed at the open; an entry signalled at 15:16 is refused.
        var late = new DateTime(2026, 12, 1, 9, 43, 0, DateTimeKind.Utc);
        var bars = Enumerable.Range(0, 6).Select(i => new Bar(late.AddMinutes(i), 100 + i, 101 + i, 99 + i, 100 + i, 10)).ToList();
        var run = Backtester.Run(new ScriptedStrategy(new() { [0] = Signal.EnterLong, [3] = Signal.EnterLong }), bars, Settings(squareOff: new TimeOnly(15, 15)));
        var trade = Assert.Single(run.Trades);
        Assert.Equal(("Intraday square-off", 101m, 102m), (trade.ExitReason, trade.EntryPrice, trade.ExitPrice));
        Assert.Equal(1, run.UnfilledSignals);
    }

    [Fact]
    public void Metrics_of_a_hand_computed_run()
    {
        var run = Backtester.Run(new ScriptedStrategy(LongThenShort), Seven, Settings());
        var m = BacktestMetricsCalculator.Calculate(10_000m, run.Trades, run.Equity, run.BarsInMarket, run.Bars, run.Charges, run.UnfilledSignals);

        Assert.Equal((76m, 80m, 4m, 10_076m, 0.76m), (m.NetPnl, m.GrossPnl, m.Charges, m.FinalEquity, m.ReturnPercent));
        // The deepest fall in percent: 10000 → 9999 (bar 0 → 1), back at bar 2. (10028 → 10027 is ₹1 too but a smaller share.)
        Assert.Equal((1m, 0.01m), (m.MaxDrawdown, m.MaxDrawdownPercent));
        Assert.Equal((Start, Start.AddMinutes(1), Start.AddMinutes(2)), (m.DrawdownPeak, m.DrawdownTrough, m.DrawdownRecovered));
        // Two winners after charges (28 and 48): 100% wins, no loss so no profit factor, expectancy 38.
        Assert.Equal((2, 100m, (decimal?)null, 38m, 38m, (decimal?)null, 0), (m.Trades, m.WinRatePercent, m.ProfitFactor, m.Expectancy, m.AverageWin, m.AverageLoss, m.MaxConsecutiveLosses));
        Assert.Equal(Math.Round(100m * 4 / 7, 4), m.TimeInMarketPercent);
        // One day only: no Sharpe or Sortino; that day made 76.
        Assert.Equal(((decimal?)null, (decimal?)null, 76m, 76m), (m.Sharpe, m.Sortino, m.BestDay, m.WorstDay));
    }

    [Fact]
    public void Sharpe_Sortino_drawdown_durations_and_losses_from_daily_IST_equity()
    {
        // Closes of three IST days 20 days apart (10:00 IST points): 10100, 10000, 10200 from 10000.
        var day = new DateTime(2026, 10, 1, 4, 30, 0, DateTimeKind.Utc);
        var equity = new[] { new EquityPoint(day, 10_100m), new EquityPoint(day.AddDays(20), 10_000m), new EquityPoint(day.AddDays(40), 10_200m) };
        var trades = new[]
        {
            new BacktestTrade(OrderSide.Buy, 1, day, 100, day, 90, -10, 0, "Signal"),
            new BacktestTrade(OrderSide.Buy, 1, day, 100, day, 95, -5, 0, "Signal"),
            new BacktestTrade(OrderSide.Buy, 1, day, 100, day, 130, 30, 0, "Signal"),
        };
        var m = BacktestMetricsCalculator.Calculate(10_000m, trades, equity, 0, 3, 0m, 0);

        // Daily returns 1%, −0.990099%, 2%: mean 0.0066997, sample SD 0.0152212 → Sharpe = mean / SD × √252 = 6.9872.
        Assert.Equal(6.9872m, m.Sharpe);
        // Downside deviation √(0.0099010² / 3) = 0.0057164 → Sortino 18.6053.
        Assert.Equal(18.6053m, m.Sortino);
        // Peak 10100 on the first day, trough 10000 twenty days later, recovered after forty: 0.990099%.
        Assert.Equal((100m, 0.9901m, TimeSpan.FromDays(20), TimeSpan.FromDays(40)), (m.MaxDrawdown, m.MaxDrawdownPercent, m.PeakToTrough, m.PeakToRecovery));
        // Losses 10 and 5 in a row, a win of 30: profit factor 30/15 = 2, expectancy 5, win rate 33.33%.
        Assert.Equal((2m, 5m, 33.3333m, 2, -7.5m), (m.ProfitFactor, m.Expectancy, m.WinRatePercent, m.MaxConsecutiveLosses, m.AverageLoss));
        Assert.Equal((200m, -100m), (m.BestDay, m.WorstDay));
        // 2% over 40 days is 1.02^(365.25/40) − 1 = 19.8203% a year; Calmar = CAGR / max drawdown % = 19.8203 / 0.990099 = 20.0185.
        Assert.Equal(19.8203m, m.CagrPercent);
        Assert.Equal(20.0185m, Math.Round(m.Calmar!.Value, 4));
    }

    [Fact]
    public void A_drawdown_not_recovered_by_the_end_has_no_recovery_time()
    {
        var equity = new[] { new EquityPoint(Start, 10_000m), new EquityPoint(Start.AddMinutes(1), 9_000m), new EquityPoint(Start.AddMinutes(2), 9_500m) };
        var m = BacktestMetricsCalculator.Calculate(10_000m, [], equity, 0, 3, 0m, 0);
        Assert.Equal((1_000m, 10m, (DateTime?)null), (m.MaxDrawdown, m.MaxDrawdownPercent, m.DrawdownRecovered));
        Assert.Null(m.PeakToRecovery);
        Assert.Equal(((decimal?)null, (decimal?)null), (m.WinRatePercent, m.Expectancy));
    }

    [Fact]
    public void The_same_inputs_give_the_same_trade_list_hash_and_a_different_trade_another()
    {
        var a = Backtester.Run(new ScriptedStrategy(LongThenShort), Seven, Settings());
        var b = Backtester.Run(new ScriptedStrategy(LongThenShort), Seven, Settings());
        var c = Backtester.Run(new ScriptedStrategy(LongThenShort), Seven, Settings(slippage: 0.5m));
        Assert.Equal(TradeListHash.Of(a.Trades), TradeListHash.Of(b.Trades));
        Assert.NotEqual(TradeListHash.Of(a.Trades), TradeListHash.Of(c.Trades));
        Assert.Matches("^[0-9a-f]{64}$", TradeListHash.Of(a.Trades));
    }

    [Fact]
    public void Several_symbols_share_one_capital_each_counting_from_its_last_bar_and_trades_come_in_exit_order()
    {
        static BacktestTrade Trade(string symbol, int entry, int exit, decimal gross) =>
            new(OrderSide.Buy, 1, Start.AddMinutes(entry), 100m, Start.AddMinutes(exit), 100m + gross, gross, 2m, "Signal") { Symbol = symbol };
        static List<EquityPoint> Curve(int first, params decimal[] equity) => equity.Select((e, i) => new EquityPoint(Start.AddMinutes(first + i), e)).ToList();
        // A trades minutes 0–2, B minutes 1–3 (it starts a minute later and runs a minute longer).
        var a = new BacktestRun([Trade("A", 0, 2, 31m)], Curve(0, 10_000m, 10_010m, 10_030m), [], 1, 2, 3, 2m);
        var b = new BacktestRun([Trade("B", 0, 1, -4m), Trade("B", 1, 3, 11m)], Curve(1, 10_000m, 9_990m, 10_005m), [], 0, 3, 3, 4m);

        var all = PortfolioBacktest.Combine(10_000m, [a, b]);

        // Capital + each symbol's P&L so far: m0 10,000 + 0 (B not started); m1 +10 + 0; m2 +30 − 10; m3 +30 (A's last) + 5.
        Assert.Equal(new[] { 10_000m, 10_010m, 10_020m, 10_035m }, all.Equity.Select(e => e.Equity));
        Assert.Equal(Enumerable.Range(0, 4).Select(i => Start.AddMinutes(i)), all.Equity.Select(e => e.Time));
        Assert.Equal(["B@1", "A@2", "B@3"], all.Trades.Select(t => $"{t.Symbol}@{(t.ExitTime - Start).TotalMinutes}"));
        Assert.Equal((1, 5L, 6L, 6m), (all.UnfilledSignals, all.BarsInMarket, all.Bars, all.Charges));
        Assert.Same(a, PortfolioBacktest.Combine(10_000m, [a]));

        // The symbol is part of a trade, and of the hash.
        Assert.NotEqual(TradeListHash.Of([Trade("A", 0, 2, 31m)]), TradeListHash.Of([Trade("B", 0, 2, 31m)]));
        Assert.Equal("TEST", Backtester.Run(new ScriptedStrategy(LongThenShort), Seven, Settings()).Trades[0].Symbol);
        Assert.Equal(("A", 1, 100m, 31m, 2m, 29m), Parts(SymbolResult.Of("A", a)));
        static (string, int, decimal?, decimal, decimal, decimal) Parts(SymbolResult r) => (r.Symbol, r.Trades, r.WinRatePercent, r.Gross, r.Charges, r.Net);
    }

    [Fact]
    public void The_look_ahead_guard_catches_a_strategy_that_peeks_and_passes_a_clean_one()
    {
        var random = new Random(5);
        var price = 1000m;
        var bars = Enumerable.Range(0, 2_000).Select(i =>
        {
            var open = price;
            price = Math.Round(price * (1 + (decimal)(random.NextDouble() - 0.5) / 100), 2);
            return new Bar(Start.AddMinutes(i), open, Math.Max(open, price) + 0.5m, Math.Min(open, price) - 0.5m, price, 100);
        }).ToList();

        var error = Assert.Throws<LookAheadException>(() => LookAheadGuard.Check(data => new PeekingStrategy(data), bars));
        Assert.Contains("Look-ahead detected", error.Message);

        var definition = BuiltInStrategies.Find("rsi-mean-reversion")!;
        LookAheadGuard.Check(_ => definition.Build(new Dictionary<string, string?> { ["period"] = "5" }).Strategy!, bars);
        LookAheadGuard.Check(_ => new MovingAverageCrossover(StrategyParameters.Parse(MovingAverageCrossover.Schema, new Dictionary<string, string?>()).Parameters!), bars);
    }

    [Fact]
    public void A_backtest_fill_is_charged_as_its_own_order_by_the_apps_calculator()
    {
        var calculator = MarketRates.ChargeCalculator();
        var reliance = new Trading.Data.Entities.Instrument { Exchange = Exchange.NSE, SymbolToken = "2885", TradingSymbol = "RELIANCE-EQ" };
        var charge = BacktestService.FillCharges(calculator, reliance, ProductType.Intraday);
        var day = new DateOnly(2026, 12, 1);
        // An intraday buy of 100 × ₹2,000 = ₹2 lakh: brokerage min(₹20, 0.03% = ₹60) = ₹20, a fresh order each time; the same as the ticket's preview.
        var expected = calculator.Calculate(new ChargeFill(Exchange.NSE, "", ProductType.Intraday, OrderSide.Buy, 100, 2_000m, day));
        Assert.Equal(20m, expected.Brokerage);
        Assert.Equal(expected.Total, charge(OrderSide.Buy, 100, 2_000m, day));
        Assert.Equal(expected.Total, charge(OrderSide.Buy, 100, 2_000m, day)); // the second fill of the day is charged the same
        var sell = calculator.Calculate(new ChargeFill(Exchange.NSE, "", ProductType.Intraday, OrderSide.Sell, 10, 2_000m, day));
        Assert.Equal(sell.Total, charge(OrderSide.Sell, 10, 2_000m, day));
        Assert.Equal(6m, sell.Brokerage); // 0.03% of ₹20,000
    }
}
