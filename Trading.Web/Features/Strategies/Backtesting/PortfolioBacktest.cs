namespace Trading.Web.Features.Strategies.Backtesting;

/// <summary>A symbol's share of a backtest over several symbols.</summary>
public sealed record SymbolResult(string Symbol, int Trades, decimal? WinRatePercent, decimal Gross, decimal Charges, decimal Net, int UnfilledSignals, long Bars)
{
    public static SymbolResult Of(string symbol, BacktestRun run)
    {
        var wins = run.Trades.Count(t => t.Net > 0);
        return new SymbolResult(symbol, run.Trades.Count, run.Trades.Count == 0 ? null : Math.Round(100m * wins / run.Trades.Count, 4),
            run.Trades.Sum(t => t.Gross), run.Charges, run.Trades.Sum(t => t.Net), run.UnfilledSignals, run.Bars);
    }
}

/// <summary>
/// One backtest over several symbols, as an activation trades them: each symbol runs on its own (its own strategy
/// state, lots × its lot size) against one shared capital. The combined equity at any moment is the capital plus every
/// symbol's P&amp;L so far (a symbol counts from its last bar at or before that moment, zero before its first); the trade
/// list is every symbol's, in the order their results were known (exit time, then symbol, then entry).
/// </summary>
public static class PortfolioBacktest
{
    public static BacktestRun Combine(decimal initialCapital, IReadOnlyList<BacktestRun> runs)
    {
        ArgumentOutOfRangeException.ThrowIfZero(runs.Count);
        if (runs.Count == 1) return runs[0];

        var equity = new List<EquityPoint>(runs.Max(r => r.Equity.Count));
        var next = new int[runs.Count];
        var pnl = new decimal[runs.Count];
        var total = 0m;
        while (true)
        {
            DateTime? at = null;
            for (var r = 0; r < runs.Count; r++)
            {
                if (next[r] < runs[r].Equity.Count && (at is null || runs[r].Equity[next[r]].Time < at)) at = runs[r].Equity[next[r]].Time;
            }
            if (at is not { } time) break;
            for (var r = 0; r < runs.Count; r++)
            {
                var curve = runs[r].Equity;
                while (next[r] < curve.Count && curve[next[r]].Time == time)
                {
                    var now = curve[next[r]].Equity - initialCapital;
                    total += now - pnl[r];
                    pnl[r] = now;
                    next[r]++;
                }
            }
            equity.Add(new EquityPoint(time, initialCapital + total));
        }

        var trades = runs.SelectMany(r => r.Trades).OrderBy(t => t.ExitTime).ThenBy(t => t.Symbol, StringComparer.Ordinal).ThenBy(t => t.EntryTime).ToList();
        var signals = runs.SelectMany(r => r.Signals).OrderBy(s => s.BarTime).ToList();
        return new BacktestRun(trades, equity, signals, runs.Sum(r => r.UnfilledSignals), runs.Sum(r => r.BarsInMarket), runs.Sum(r => r.Bars),
            runs.Sum(r => r.Charges));
    }
}
