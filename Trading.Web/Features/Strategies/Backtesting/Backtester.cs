using System.Runtime.CompilerServices;
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
        // A million bars a run, and the loop is compiled once, on the fly (a method that runs once never reaches the JIT's
        // last tier): it reads a span, keeps the account in one object (captured locals are not kept in registers), calls
        // out of line for what happens every few dozen bars (fills, square-offs, signals, a new stretch of cash) so the
        // per-bar path stays small, marks a held bar in integer paise, extends a stretch of unchanged cash without writing
        // anything (see EquityCurve), and works out the IST day once per day, not per bar.
        ReadOnlySpan<Bar> span = bars switch { Bar[] array => array, List<Bar> list => CollectionsMarshal.AsSpan(list), _ => bars.ToArray() };
        var equity = new EquityCurve(bars, span.Length);
        var book = new Ledger(settings, equity, bars);
        var step = Math.Max(1, span.Length / 100);
        var nextReport = 0;

        var offset = IndianTime.Offset.Ticks;
        var cutOfDay = settings.SquareOffAt is { } cut ? (cut.Hour * 60 + cut.Minute) * TimeSpan.TicksPerMinute : long.MaxValue;
        long dayStart = long.MaxValue, dayEnd = long.MinValue, cutAt = long.MaxValue;
        var day = default(DateOnly);
        var last = span.Length - 1;
        for (var i = 0; i < span.Length; i++)
        {
            if (i == nextReport) nextReport = Report(i, span.Length, step, progress, cancellationToken);
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

            // 1. Fill what the previous bar signalled, at this bar. 2. The broker's intraday square-off.
            if (book.Pending != Signal.None) book.FillPending(bar, span[i - 1].Close, day);
            if (afterCutoff && book.Held != 0) book.SquareOff(bar, day);

            // 3. The strategy sees the closed bar.
            var signal = strategy.OnBar(bar, book.Position);
            if (signal != Signal.None) book.Signalled(signal, i, afterCutoff, i < last);

            if (book.Held != 0) book.MarkToMarket(i, bar.Close);
            else if (!equity.TryExtendCash()) book.MarkCash(i);
        }
        if (book.Pending != Signal.None && !settings.CloseAtEnd)
        {
            // A replay of a day that is still open: the last bar's signal fills at its close, as the engine's order did at the next tick.
            var lastBar = span[^1];
            var lastDay = IndianTime.DateOf(lastBar.Time);
            if (book.Pending == Signal.Exit) book.Close(lastBar.Close, lastBar.Time, lastDay, "Signal");
            else book.Open(book.Pending == Signal.EnterLong ? OrderSide.Buy : OrderSide.Sell, lastBar.Close, lastBar.Time, lastDay);
            equity.ReplaceLast(book.Cash + book.Held * lastBar.Close);
        }
        if (book.Held != 0 && span.Length > 0 && settings.CloseAtEnd)
        {
            var lastBar = span[^1];
            book.Close(lastBar.Close, lastBar.Time, IndianTime.DateOf(lastBar.Time), "End of data");
            equity.ReplaceLast(book.Cash);
        }
        progress?.Invoke(100);
        return new BacktestRun(book.Trades, equity, book.Signals, book.Unfilled, book.BarsInMarket, span.Length, book.Charges);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Report(int done, int of, int step, Action<int>? progress, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        progress?.Invoke((int)(100L * done / of));
        return done + step;
    }

    /// <summary>The cash, the one position and the pending signal of a run, with its round trips, signals and equity.</summary>
    private sealed class Ledger
    {
        private readonly BacktestSettings _settings;
        private readonly EquityCurve _equity;

        public Ledger(BacktestSettings settings, EquityCurve equity, IReadOnlyList<Bar> bars)
        {
            _settings = settings;
            _equity = equity;
            Signals = new SignalLog(bars);
            _cash = new PaiseSum(settings.InitialCapital);
            _slippage = new Slippage(settings);
            _closeLimit = Paise.Limit / 2 / Math.Max(1, settings.Quantity);
            CashChanged();
        }

        public readonly ChunkedList<BacktestTrade> Trades = new();
        public readonly SignalLog Signals;
        // Cash and charges move on every fill: summed in paise with integers while they are whole paise (exactly the decimal sums).
        private PaiseSum _cash, _charges;
        public decimal Cash => _cash.Value;
        public decimal Charges => _charges.Value;
        public int Held; // signed
        /// <summary>The side the strategy is told it holds: what its filled and pending signals give.</summary>
        public StrategyPosition Position = StrategyPosition.Flat;
        public Signal Pending = Signal.None;
        public int Unfilled;
        public long BarsInMarket;
        private decimal _entryPrice, _entryCharges;
        private DateTime _entryTime;
        private readonly Slippage _slippage;
        // The cash in paise (when it is whole paise within half the range) and the largest close in paise whose mark-to-market cannot overflow.
        private bool _cashInPaise;
        private long _cashPaise;
        private readonly long _closeLimit;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void FillPending(Bar bar, decimal signalClose, DateOnly day)
        {
            var side = Pending switch { Signal.EnterLong => OrderSide.Buy, Signal.EnterShort => OrderSide.Sell, _ => Held > 0 ? OrderSide.Sell : OrderSide.Buy };
            if (Fill(side, bar, signalClose, day) is { } price)
            {
                if (Pending == Signal.Exit) Close(price, bar.Time, day, "Signal");
                else Open(side, price, bar.Time, day);
            }
            else
            {
                Unfilled++;
                Position = SideOf(Held);
            }
            Pending = Signal.None;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void SquareOff(Bar bar, DateOnly day)
        {
            Close(_slippage.Against(Held > 0 ? OrderSide.Sell : OrderSide.Buy, bar.Open), bar.Time, day, "Intraday square-off");
            Position = StrategyPosition.Flat;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Signalled(Signal signal, int barIndex, bool afterCutoff, bool barsFollow)
        {
            Signals.Add(barIndex, signal);
            var entry = signal is Signal.EnterLong or Signal.EnterShort;
            if (entry && afterCutoff) Unfilled++; // intraday entries are refused after the cut-off
            else if (barsFollow || !_settings.CloseAtEnd)
            {
                Pending = signal;
                Position = signal switch { Signal.EnterLong => StrategyPosition.Long, Signal.EnterShort => StrategyPosition.Short, _ => StrategyPosition.Flat };
            }
        }

        /// <summary>Bar <paramref name="index"/>'s equity: cash + the held quantity at <paramref name="close"/> (in paise when both are whole paise: the same figure without decimal arithmetic).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void MarkToMarket(int index, decimal close)
        {
            BarsInMarket++;
            if (_cashInPaise && Paise.TryFrom(close, out var closePaise) && closePaise <= _closeLimit && closePaise >= -_closeLimit)
                _equity.Marked(index, _cashPaise + Held * closePaise);
            else
                MarkInDecimal(index, close);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void MarkInDecimal(int index, decimal close) => _equity.Marked(index, Cash + Held * close);

        /// <summary>Bar <paramref name="index"/>'s equity when nothing is held and the cash changed: a new stretch of cash.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public void MarkCash(int index)
        {
            if (_cashInPaise) _equity.Cash(index, _cashPaise);
            else _equity.Cash(index, Cash);
        }

        private void CashChanged()
        {
            _equity.CashChanged();
            _cashInPaise = _cash.TryPaise(out _cashPaise) && _cashPaise >= -Paise.Limit / 2 && _cashPaise <= Paise.Limit / 2;
        }

        public void Open(OrderSide side, decimal price, DateTime at, DateOnly day)
        {
            var fee = _settings.Charges(side, _settings.Quantity, price, day);
            _charges.Add(fee);
            _cash.Subtract(fee);
            _cash.AddProduct(price, side == OrderSide.Buy ? -_settings.Quantity : _settings.Quantity);
            Held = side == OrderSide.Buy ? _settings.Quantity : -_settings.Quantity;
            (_entryPrice, _entryCharges, _entryTime) = (price, fee, at);
            CashChanged();
        }

        public void Close(decimal price, DateTime at, DateOnly day, string reason)
        {
            var side = Held > 0 ? OrderSide.Sell : OrderSide.Buy;
            var quantity = Math.Abs(Held);
            var fee = _settings.Charges(side, quantity, price, day);
            _charges.Add(fee);
            _cash.Subtract(fee);
            _cash.AddProduct(price, side == OrderSide.Sell ? quantity : -quantity);
            var gross = Gross(Held, _entryPrice, price);
            Trades.Add(new BacktestTrade(Held > 0 ? OrderSide.Buy : OrderSide.Sell, quantity, _entryTime, _entryPrice, at, price, gross, _entryCharges + fee, reason)
            {
                Symbol = _settings.Symbol,
            });
            Held = 0;
            CashChanged();
        }

        /// <summary>(exit − entry) × the signed quantity: in paise when both prices are whole paise.</summary>
        private static decimal Gross(int held, decimal entry, decimal exit) =>
            Paise.TryFrom(entry, out var e) && Paise.TryFrom(exit, out var x) && Math.Abs(x - e) <= Paise.Limit / Math.Max(1, Math.Abs((long)held))
                ? Paise.ToRupees((x - e) * held)
                : (held > 0 ? 1 : -1) * (exit - entry) * Math.Abs(held);

        private decimal? Fill(OrderSide side, Bar next, decimal signalClose, DateOnly day)
        {
            if (_settings.FillMode == BacktestFillMode.NextOpen) return _slippage.Against(side, next.Open);
            var limit = _settings.LimitPrice?.Invoke(side, signalClose, day) ?? signalClose;
            return side == OrderSide.Buy
                ? next.Low <= limit ? Math.Min(next.Open, limit) : null
                : next.High >= limit ? Math.Max(next.Open, limit) : null;
        }
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

    /// <summary>
    /// A price moved against the trader by the slippage, on the tick: ceiling (buy) or floor (sell) of price × (1 ± slippage
    /// ÷ 100) ÷ tick, times the tick. The factors are worked out once a run; a price in whole paise with a tick in whole
    /// paise is moved with integers (the same figure as the decimal formula, without its division).
    /// </summary>
    private sealed class Slippage
    {
        private readonly decimal _up, _down, _tick;
        private readonly bool _inPaise;
        private readonly long _upNumerator, _downNumerator, _step, _tickPaise, _largestPrice;

        public Slippage(BacktestSettings settings)
        {
            _up = 1 + settings.SlippagePercent / 100m;
            _down = 1 - settings.SlippagePercent / 100m;
            _tick = settings.TickSize > 0 ? settings.TickSize : 0.05m;
            // price × up ÷ tick = pricePaise × upNumerator ÷ (powerOfTen × tickPaise); both factors over one power of ten.
            if (Paise.TryFrom(_tick, out _tickPaise) && _tickPaise > 0 && Paise.TryRatio(_up, out var up, out var upPower)
                && Paise.TryRatio(_down, out var down, out var downPower) && upPower == downPower && _tickPaise <= Paise.Limit / upPower)
            {
                (_upNumerator, _downNumerator, _step) = (up, down, upPower * _tickPaise);
                _largestPrice = Paise.Limit / Math.Max(1, Math.Max(up, down));
                _inPaise = true;
            }
        }

        public decimal Against(OrderSide side, decimal price)
        {
            if (_inPaise && Paise.TryFrom(price, out var paise) && paise >= 0 && paise <= _largestPrice)
            {
                var ticks = side == OrderSide.Buy ? (paise * _upNumerator + _step - 1) / _step : paise * _downNumerator / _step;
                return Paise.ToRupees(ticks * _tickPaise);
            }
            return side == OrderSide.Buy
                ? Math.Ceiling(price * _up / _tick) * _tick
                : Math.Floor(price * _down / _tick) * _tick;
        }
    }
}
