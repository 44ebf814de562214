using System.Runtime.InteropServices;
using Trading.Data.Entities;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Strategies.Backtesting;

/// <summary>What a backtest needs besides the strategy and the bars. Charges and limit prices come from the app's calculators.</summary>
public sealed record BacktestSettings(
    string Symbol,
    int Quantity,
    decimal InitialCapital,
    BacktestFillMode FillMode,
    decimal SlippagePercent,
    decimal TickSize,
    Func<OrderSide, int, decimal, DateOnly, decimal> Charges,
    Func<OrderSide, decimal, DateOnly, decimal>? LimitPrice = null,
    TimeOnly? SquareOffAt = null,
    bool CloseAtEnd = true);

/// <summary>A round trip of a backtest (its charges are both legs').</summary>
public sealed record BacktestTrade(OrderSide Side, int Quantity, DateTime EntryTime, decimal EntryPrice, DateTime ExitTime, decimal ExitPrice,
    decimal Gross, decimal Charges, string ExitReason)
{
    public decimal Net => Gross - Charges;
    /// <summary>The trading symbol it was on (a backtest may run on several).</summary>
    public string Symbol { get; init; } = "";
}

/// <summary>Equity (marked to market) at the end of a bar.</summary>
public readonly record struct EquityPoint(DateTime Time, decimal Equity);

public sealed record BacktestRun(IReadOnlyList<BacktestTrade> Trades, IReadOnlyList<EquityPoint> Equity, IReadOnlyList<(DateTime BarTime, Signal Signal)> Signals,
    int UnfilledSignals, long BarsInMarket, long Bars, decimal Charges);

/// <summary>
/// Runs a strategy over bars the way the live engine does: each closed bar is fed with the side held, a signal is
/// filled on the next bar (at its open plus slippage, or — marketable-limit mode — only if the next bar's range
/// reaches the protected limit price, else counted unfilled), every fill is charged, intraday positions are closed at
/// the square-off time and no entry is taken after it. A position still open at the end is closed at the last close
/// (unless <see cref="BacktestSettings.CloseAtEnd"/> is off: then it stays marked to the last close, as a day's replay compares).
/// </summary>
public static class Backtester
{
    public static BacktestRun Run(IStrategy strategy, IReadOnlyList<Bar> bars, BacktestSettings settings, Action<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        // A million bars a run: the loop reads a span, keeps the account in one object (not captured locals, which the JIT
        // cannot keep in registers), writes one decimal of equity per bar and works out the IST day once per day, not per bar.
        ReadOnlySpan<Bar> span = bars switch { Bar[] array => array, List<Bar> list => CollectionsMarshal.AsSpan(list), _ => bars.ToArray() };
        var book = new Ledger(settings);
        var equity = new decimal[span.Length];
        var signals = new List<(DateTime, Signal)>();
        var position = StrategyPosition.Flat;
        var pending = Signal.None;
        var unfilled = 0;
        long inMarket = 0;
        var step = Math.Max(1, span.Length / 100);
        var nextReport = 0;

        var offset = IndianTime.Offset.Ticks;
        var cutOfDay = settings.SquareOffAt is { } cut ? (cut.Hour * 60 + cut.Minute) * TimeSpan.TicksPerMinute : long.MaxValue;
        long dayStart = long.MaxValue, dayEnd = long.MinValue, cutAt = long.MaxValue;
        var day = default(DateOnly);
        for (var i = 0; i < span.Length; i++)
        {
            if (i == nextReport)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Invoke((int)(100L * i / span.Length));
                nextReport += step;
            }
            var bar = span[i];
            var ticks = bar.Time.Ticks;
            if (ticks >= dayEnd || ticks < dayStart)
            {
                var dayNumber = (ticks + offset) / TimeSpan.TicksPerDay;
                day = DateOnly.FromDayNumber((int)dayNumber);
                dayStart = dayNumber * TimeSpan.TicksPerDay - offset;
                dayEnd = dayStart + TimeSpan.TicksPerDay;
                cutAt = cutOfDay == long.MaxValue ? long.MaxValue : dayStart + cutOfDay;
            }
            var afterCutoff = ticks >= cutAt;

            // 1. Fill what the previous bar signalled, at this bar.
            if (pending != Signal.None)
            {
                var side = pending switch { Signal.EnterLong => OrderSide.Buy, Signal.EnterShort => OrderSide.Sell, _ => book.Held > 0 ? OrderSide.Sell : OrderSide.Buy };
                if (Fill(side, bar, span[i - 1].Close, day, settings) is { } price)
                {
                    if (pending == Signal.Exit) book.Close(price, bar.Time, day, "Signal");
                    else book.Open(side, price, bar.Time, day);
                }
                else
                {
                    unfilled++;
                    position = SideOf(book.Held);
                }
                pending = Signal.None;
            }
            // 2. The broker's intraday square-off.
            if (afterCutoff && book.Held != 0)
            {
                book.Close(Adjust(book.Held > 0 ? OrderSide.Sell : OrderSide.Buy, bar.Open, settings), bar.Time, day, "Intraday square-off");
                position = StrategyPosition.Flat;
            }

            // 3. The strategy sees the closed bar.
            var signal = strategy.OnBar(bar, position);
            if (signal != Signal.None)
            {
                signals.Add((bar.Time, signal));
                var entry = signal is Signal.EnterLong or Signal.EnterShort;
                if (entry && afterCutoff) unfilled++; // intraday entries are refused after the cut-off
                else if (i + 1 < span.Length || !settings.CloseAtEnd)
                {
                    pending = signal;
                    position = signal switch { Signal.EnterLong => StrategyPosition.Long, Signal.EnterShort => StrategyPosition.Short, _ => StrategyPosition.Flat };
                }
            }
            if (book.Held != 0)
            {
                inMarket++;
                equity[i] = book.Cash + book.Held * bar.Close;
            }
            else
            {
                equity[i] = book.Cash;
            }
        }
        if (pending != Signal.None && !settings.CloseAtEnd)
        {
            // A replay of a day that is still open: the last bar's signal fills at its close, as the engine's order did at the next tick.
            var last = span[^1];
            var lastDay = IndianTime.DateOf(last.Time);
            if (pending == Signal.Exit) book.Close(last.Close, last.Time, lastDay, "Signal");
            else book.Open(pending == Signal.EnterLong ? OrderSide.Buy : OrderSide.Sell, last.Close, last.Time, lastDay);
            equity[^1] = book.Cash + book.Held * last.Close;
        }
        if (book.Held != 0 && span.Length > 0 && settings.CloseAtEnd)
        {
            var last = span[^1];
            book.Close(last.Close, last.Time, IndianTime.DateOf(last.Time), "End of data");
            equity[^1] = book.Cash;
        }
        progress?.Invoke(100);
        return new BacktestRun(book.Trades, new EquityCurve(bars, equity), signals, unfilled, inMarket, span.Length, book.Charges);
    }

    /// <summary>The cash and the one position of a run, and its round trips.</summary>
    private sealed class Ledger(BacktestSettings settings)
    {
        public readonly List<BacktestTrade> Trades = [];
        public decimal Cash = settings.InitialCapital, Charges;
        public int Held; // signed
        private decimal _entryPrice, _entryCharges;
        private DateTime _entryTime;

        public void Open(OrderSide side, decimal price, DateTime at, DateOnly day)
        {
            var fee = settings.Charges(side, settings.Quantity, price, day);
            Charges += fee;
            Cash -= fee;
            Cash += side == OrderSide.Buy ? -price * settings.Quantity : price * settings.Quantity;
            Held = side == OrderSide.Buy ? settings.Quantity : -settings.Quantity;
            (_entryPrice, _entryCharges, _entryTime) = (price, fee, at);
        }

        public void Close(decimal price, DateTime at, DateOnly day, string reason)
        {
            var side = Held > 0 ? OrderSide.Sell : OrderSide.Buy;
            var quantity = Math.Abs(Held);
            var fee = settings.Charges(side, quantity, price, day);
            Charges += fee;
            Cash -= fee;
            Cash += side == OrderSide.Sell ? price * quantity : -price * quantity;
            var gross = (Held > 0 ? 1 : -1) * (price - _entryPrice) * quantity;
            Trades.Add(new BacktestTrade(Held > 0 ? OrderSide.Buy : OrderSide.Sell, quantity, _entryTime, _entryPrice, at, price, gross, _entryCharges + fee, reason)
            {
                Symbol = settings.Symbol,
            });
            Held = 0;
        }
    }

    /// <summary>Each bar's time with its equity, without a copy of either.</summary>
    private sealed class EquityCurve(IReadOnlyList<Bar> bars, decimal[] equity) : IReadOnlyList<EquityPoint>
    {
        public EquityPoint this[int index] => new(bars[index].Time, equity[index]);
        public int Count => equity.Length;
        public IEnumerator<EquityPoint> GetEnumerator() { for (var i = 0; i < equity.Length; i++) yield return this[i]; }
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>Only the signals, each bar told the side the signals alone would give (what the look-ahead guard compares).</summary>
    public static List<(DateTime BarTime, Signal Signal)> SignalsOnly(IStrategy strategy, IReadOnlyList<Bar> bars, int count)
    {
        var list = new List<(DateTime, Signal)>();
        var position = StrategyPosition.Flat;
        for (var i = 0; i < count; i++)
        {
            var signal = strategy.OnBar(bars[i], position);
            if (signal == Signal.None) continue;
            list.Add((bars[i].Time, signal));
            position = signal switch { Signal.EnterLong => StrategyPosition.Long, Signal.EnterShort => StrategyPosition.Short, _ => StrategyPosition.Flat };
        }
        return list;
    }

    private static StrategyPosition SideOf(int held) => held switch { > 0 => StrategyPosition.Long, < 0 => StrategyPosition.Short, _ => StrategyPosition.Flat };

    private static decimal? Fill(OrderSide side, Bar next, decimal signalClose, DateOnly day, BacktestSettings settings)
    {
        if (settings.FillMode == BacktestFillMode.NextOpen) return Adjust(side, next.Open, settings);
        var limit = settings.LimitPrice?.Invoke(side, signalClose, day) ?? signalClose;
        return side == OrderSide.Buy
            ? next.Low <= limit ? Math.Min(next.Open, limit) : null
            : next.High >= limit ? Math.Max(next.Open, limit) : null;
    }

    /// <summary>The price against the trader by the slippage, on the tick.</summary>
    private static decimal Adjust(OrderSide side, decimal price, BacktestSettings settings)
    {
        var moved = price * (1 + (side == OrderSide.Buy ? 1 : -1) * settings.SlippagePercent / 100m);
        var tick = settings.TickSize > 0 ? settings.TickSize : 0.05m;
        var ticks = side == OrderSide.Buy ? Math.Ceiling(moved / tick) : Math.Floor(moved / tick);
        return ticks * tick;
    }
}
