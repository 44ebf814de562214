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
        var trades = new List<BacktestTrade>();
        var equity = new List<EquityPoint>(bars.Count);
        var signals = new List<(DateTime, Signal)>();
        var cash = settings.InitialCapital;
        var position = StrategyPosition.Flat;
        int held = 0; // signed
        decimal entryPrice = 0, entryCharges = 0, charges = 0;
        DateTime entryTime = default;
        Signal pending = Signal.None;
        var unfilled = 0;
        long inMarket = 0;
        var step = Math.Max(1, bars.Count / 100);

        void Open(OrderSide side, decimal price, DateTime at, DateOnly day)
        {
            var fee = settings.Charges(side, settings.Quantity, price, day);
            charges += fee;
            cash -= fee;
            cash += side == OrderSide.Buy ? -price * settings.Quantity : price * settings.Quantity;
            held = side == OrderSide.Buy ? settings.Quantity : -settings.Quantity;
            (entryPrice, entryCharges, entryTime) = (price, fee, at);
            position = side == OrderSide.Buy ? StrategyPosition.Long : StrategyPosition.Short;
        }

        void Close(decimal price, DateTime at, DateOnly day, string reason)
        {
            var side = held > 0 ? OrderSide.Sell : OrderSide.Buy;
            var quantity = Math.Abs(held);
            var fee = settings.Charges(side, quantity, price, day);
            charges += fee;
            cash -= fee;
            cash += side == OrderSide.Sell ? price * quantity : -price * quantity;
            var gross = (held > 0 ? 1 : -1) * (price - entryPrice) * quantity;
            trades.Add(new BacktestTrade(held > 0 ? OrderSide.Buy : OrderSide.Sell, quantity, entryTime, entryPrice, at, price, gross, entryCharges + fee, reason));
            held = 0;
            position = StrategyPosition.Flat;
        }

        // IST day and minute from the UTC ticks: no date objects per bar (a million bars a run).
        var offset = IndianTime.Offset.Ticks;
        var cutMinute = settings.SquareOffAt is { } cut ? cut.Hour * 60 + cut.Minute : int.MaxValue;
        var nextReport = 0;
        for (var i = 0; i < bars.Count; i++)
        {
            if (i == nextReport)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Invoke((int)(100L * i / bars.Count));
                nextReport += step;
            }
            var bar = bars[i];
            var istTicks = bar.Time.Ticks + offset;
            var day = DateOnly.FromDayNumber((int)(istTicks / TimeSpan.TicksPerDay));
            var afterCutoff = istTicks % TimeSpan.TicksPerDay / TimeSpan.TicksPerMinute >= cutMinute;

            // 1. Fill what the previous bar signalled, at this bar.
            if (pending != Signal.None)
            {
                var side = pending switch { Signal.EnterLong => OrderSide.Buy, Signal.EnterShort => OrderSide.Sell, _ => held > 0 ? OrderSide.Sell : OrderSide.Buy };
                if (Fill(side, bar, bars[i - 1].Close, day, settings) is { } price)
                {
                    if (pending == Signal.Exit) Close(price, bar.Time, day, "Signal");
                    else Open(side, price, bar.Time, day);
                }
                else
                {
                    unfilled++;
                    position = SideOf(held);
                }
                pending = Signal.None;
            }
            // 2. The broker's intraday square-off.
            if (afterCutoff && held != 0)
            {
                Close(Adjust(held > 0 ? OrderSide.Sell : OrderSide.Buy, bar.Open, settings), bar.Time, day, "Intraday square-off");
            }

            // 3. The strategy sees the closed bar.
            var signal = strategy.OnBar(bar, position);
            if (signal != Signal.None)
            {
                signals.Add((bar.Time, signal));
                var entry = signal is Signal.EnterLong or Signal.EnterShort;
                if (entry && afterCutoff) unfilled++; // intraday entries are refused after the cut-off
                else if (i + 1 < bars.Count || !settings.CloseAtEnd)
                {
                    pending = signal;
                    position = signal switch { Signal.EnterLong => StrategyPosition.Long, Signal.EnterShort => StrategyPosition.Short, _ => StrategyPosition.Flat };
                }
            }
            if (held != 0)
            {
                inMarket++;
                equity.Add(new EquityPoint(bar.Time, cash + held * bar.Close));
            }
            else
            {
                equity.Add(new EquityPoint(bar.Time, cash));
            }
        }
        if (pending != Signal.None && !settings.CloseAtEnd)
        {
            // A replay of a day that is still open: the last bar's signal fills at its close, as the engine's order did at the next tick.
            var last = bars[^1];
            var day = DateOnly.FromDateTime(IndianTime.ToIst(last.Time).DateTime);
            if (pending == Signal.Exit) Close(last.Close, last.Time, day, "Signal");
            else Open(pending == Signal.EnterLong ? OrderSide.Buy : OrderSide.Sell, last.Close, last.Time, day);
            equity[^1] = new EquityPoint(last.Time, cash + held * last.Close);
        }
        if (held != 0 && bars.Count > 0 && settings.CloseAtEnd)
        {
            var last = bars[^1];
            Close(last.Close, last.Time, DateOnly.FromDateTime(IndianTime.ToIst(last.Time).DateTime), "End of data");
            equity[^1] = new EquityPoint(last.Time, cash);
        }
        progress?.Invoke(100);
        return new BacktestRun(trades, equity, signals, unfilled, inMarket, bars.Count, charges);
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
