using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.Strategies;
using Trading.Web.Features.Strategies.Backtesting;

namespace Trading.Tests.Unit;

/// <summary>Enters and exits at random, as told what it holds: a run with thousands of fills on a random path.</summary>
internal sealed class RandomTrader(int seed) : IStrategy
{
    private readonly Random _random = new(seed);
    public int WarmUpBars => 0;

    public Signal OnBar(Bar bar, StrategyPosition position)
    {
        var roll = _random.Next(100);
        return position == StrategyPosition.Flat
            ? roll switch { < 8 => Signal.EnterLong, < 16 => Signal.EnterShort, _ => Signal.None }
            : roll < 12 ? Signal.Exit : Signal.None;
    }
}

/// <summary>Writes down every signal of the strategy it wraps, with its bar's time.</summary>
internal sealed class SignalRecorder(IStrategy inner) : IStrategy
{
    public readonly List<(DateTime, Signal)> Said = [];
    public int WarmUpBars => inner.WarmUpBars;

    public Signal OnBar(Bar bar, StrategyPosition position)
    {
        var signal = inner.OnBar(bar, position);
        if (signal != Signal.None) Said.Add((bar.Time, signal));
        return signal;
    }
}

/// <summary>
/// How a backtest keeps its equity and money: the compact equity curve reads back every bar's figure, and a long run
/// on a random path — prices in whole paise (the integer paths) and prices in fractions of a paisa (the decimal paths)
/// — has exactly the equity, fill prices and gross P&amp;L that plain decimal arithmetic over its own trades gives.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class BacktestEquityTests
{
    private static readonly DateTime Start = new(2026, 12, 1, 3, 45, 0, DateTimeKind.Utc);

    [Fact]
    public void The_equity_curve_reads_back_every_bar_written_in_stretches_of_cash_and_marks()
    {
        var bars = Enumerable.Range(0, 9).Select(i => new Bar(Start.AddMinutes(i), 100, 100, 100, 100, 1)).ToList();
        var curve = new EquityCurve(bars, bars.Count);
        curve.Cash(0, 10_000_00);                   // ₹10,000.00
        Assert.True(curve.TryExtendCash());          // bar 1: the same cash, nothing written
        curve.CashChanged();                         // a fill
        Assert.False(curve.TryExtendCash());
        curve.Marked(2, 10_010_50);                  // held: ₹10,010.50
        curve.Marked(3, 9_990.0025m);                // a figure in fractions of a paisa
        curve.Marked(4, 10_000_00L + int.MaxValue + 5L); // a jump beyond an int's difference starts a new stretch
        curve.Cash(5, 10_020_00);
        Assert.True(curve.TryExtendCash());          // bar 6
        curve.Cash(7, 10_020.001m);                  // cash in fractions of a paisa
        curve.Cash(8, 10_020.001m);
        curve.ReplaceLast(10_030.25m);               // a close at the very end

        decimal[] expected = [10_000m, 10_000m, 10_010.50m, 9_990.0025m, 10_000m + (int.MaxValue + 5L) / 100m, 10_020m, 10_020m, 10_020.001m, 10_030.25m];
        Assert.Equal(expected, curve.Select(p => p.Equity).ToArray());
        Assert.Equal(expected, Enumerable.Range(0, bars.Count).Select(i => curve[i].Equity).ToArray());
        Assert.Equal(bars.Select(b => b.Time), curve.Select(p => p.Time));
        Assert.Equal(10_010.50m, curve[2].Equity); // out of order reads too
        Assert.Equal(10_000m, curve[0].Equity);
        Assert.Throws<InvalidOperationException>(() => new EquityCurve(bars, 3).Cash(1, 5));
    }

    [Fact]
    public void A_chunked_list_keeps_order_across_chunks_and_takes_the_last_off()
    {
        var list = new ChunkedList<int>();
        for (var i = 0; i < 10_000; i++) list.Add(i * 3);
        Assert.Equal(10_000, list.Count);
        Assert.Equal(4096 * 3, list[4096]);
        Assert.Equal(Enumerable.Range(0, 10_000).Select(i => i * 3), list);
        for (var i = 0; i < 10_000 - 4095; i++) list.RemoveLast(); // back into the first chunk
        Assert.Equal(4095, list.Count);
        Assert.Equal(4094 * 3, list.Last);
        list.Add(-1);
        list.Add(-2);
        Assert.Equal((4097, -1, -2), (list.Count, list[4095], list[4096]));
        Assert.Throws<ArgumentOutOfRangeException>(() => list[4097]);
    }

    public static TheoryData<string, decimal, int> Paths => new()
    {
        { "whole paise", 0.05m, 2 },
        { "fractions of a paisa", 0.0025m, 4 },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void A_long_run_has_the_equity_and_fills_plain_decimal_arithmetic_gives(string name, decimal tick, int chargeDecimals)
    {
        var random = new Random(3);
        var bars = new List<Bar>();
        var price = 2_500m;
        for (var i = 0; i < 20_000; i++)
        {
            var first = price;
            price = Math.Max(tick, price + random.Next(-40, 41) * tick);
            bars.Add(new Bar(Start.AddMinutes(i), first, Math.Max(first, price) + tick, Math.Min(first, price), price, 100));
        }
        decimal Fee(OrderSide side, int quantity, decimal at) => Math.Round(quantity * at * (side == OrderSide.Buy ? 0.00031m : 0.00056m) + 0.3m, chargeDecimals);
        const decimal slippage = 0.07m;
        var settings = new BacktestSettings("RANDOM", 15, 5_00_000m, BacktestFillMode.NextOpen, slippage, tick, (side, q, p, _) => Fee(side, q, p), CloseAtEnd: true);

        var strategy = new SignalRecorder(new RandomTrader(5));
        var run = Backtester.Run(strategy, bars, settings);

        Assert.True(run.Trades.Count > 500, $"{name}: {run.Trades.Count} trades");
        Assert.Equal(strategy.Said, run.Signals); // every signal with its bar's time, in order
        Assert.Equal(strategy.Said[^1], run.Signals[^1]);
        var opens = bars.ToDictionary(b => b.Time, b => b.Open);
        decimal Moved(OrderSide side, decimal open) => side == OrderSide.Buy
            ? Math.Ceiling(open * (1 + slippage / 100m) / tick) * tick
            : Math.Floor(open * (1 - slippage / 100m) / tick) * tick;
        foreach (var trade in run.Trades)
        {
            var exitSide = trade.Side == OrderSide.Buy ? OrderSide.Sell : OrderSide.Buy;
            Assert.Equal(Moved(trade.Side, opens[trade.EntryTime]), trade.EntryPrice);
            if (trade.ExitReason != "End of data") Assert.Equal(Moved(exitSide, opens[trade.ExitTime]), trade.ExitPrice);
            Assert.Equal((trade.Side == OrderSide.Buy ? 1 : -1) * (trade.ExitPrice - trade.EntryPrice) * trade.Quantity, trade.Gross);
            Assert.Equal(Fee(trade.Side, trade.Quantity, trade.EntryPrice) + Fee(exitSide, trade.Quantity, trade.ExitPrice), trade.Charges);
        }
        Assert.Equal(run.Trades.Sum(t => t.Charges), run.Charges);

        // Every bar's equity: the cash after the fills up to it plus the held quantity at its close, in plain decimal.
        var equity = run.Equity.ToList();
        Assert.Equal(bars.Count, equity.Count);
        var cash = settings.InitialCapital;
        var next = 0;
        var held = 0;
        (BacktestTrade Trade, bool Exited)? open = null;
        for (var i = 0; i < bars.Count; i++)
        {
            while (true)
            {
                if (open is { Exited: false } o && o.Trade.ExitTime == bars[i].Time)
                {
                    var exitSide = o.Trade.Side == OrderSide.Buy ? OrderSide.Sell : OrderSide.Buy;
                    cash += (exitSide == OrderSide.Sell ? 1 : -1) * o.Trade.ExitPrice * o.Trade.Quantity - Fee(exitSide, o.Trade.Quantity, o.Trade.ExitPrice);
                    held = 0;
                    open = null;
                    continue;
                }
                if (open is null && next < run.Trades.Count && run.Trades[next].EntryTime == bars[i].Time)
                {
                    var t = run.Trades[next++];
                    cash += (t.Side == OrderSide.Sell ? 1 : -1) * t.EntryPrice * t.Quantity - Fee(t.Side, t.Quantity, t.EntryPrice);
                    held = t.Side == OrderSide.Buy ? t.Quantity : -t.Quantity;
                    open = (t, false);
                    continue;
                }
                break;
            }
            Assert.True(equity[i].Equity == cash + held * bars[i].Close, $"{name}: bar {i}: {equity[i].Equity} ≠ {cash + held * bars[i].Close}");
            Assert.Equal(equity[i].Equity, run.Equity[i].Equity);
        }
        Assert.Equal(run.Trades.Count, next);
    }
}
