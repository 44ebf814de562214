using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Strategies.Backtesting;

/// <summary>A backtest's figures, each defined in docs/metrics.md. Null where the figure is undefined for the run (said so on the page).</summary>
public sealed record BacktestMetrics(
    decimal NetPnl, decimal GrossPnl, decimal Charges, decimal FinalEquity, decimal ReturnPercent, decimal? CagrPercent,
    decimal MaxDrawdown, decimal MaxDrawdownPercent, DateTime? DrawdownPeak, DateTime? DrawdownTrough, DateTime? DrawdownRecovered,
    decimal? Sharpe, decimal? Sortino, decimal? Calmar,
    int Trades, decimal? WinRatePercent, decimal? ProfitFactor, decimal? Expectancy, decimal? AverageWin, decimal? AverageLoss, int MaxConsecutiveLosses,
    decimal TimeInMarketPercent, decimal? BestDay, decimal? WorstDay, int UnfilledSignals)
{
    public TimeSpan? PeakToTrough => DrawdownPeak is { } p && DrawdownTrough is { } t ? t - p : null;
    public TimeSpan? PeakToRecovery => DrawdownPeak is { } p && DrawdownRecovered is { } r ? r - p : null;
}

/// <summary>Daily IST equity: the last mark-to-market of each day.</summary>
public readonly record struct DailyEquity(DateOnly Day, decimal Equity);

public static class BacktestMetricsCalculator
{
    public const int MinCagrDays = 30;

    public static IReadOnlyList<DailyEquity> Daily(IReadOnlyList<EquityPoint> equity)
    {
        var days = new List<DailyEquity>();
        foreach (var point in equity)
        {
            var day = DateOnly.FromDateTime(IndianTime.ToIst(point.Time).DateTime);
            if (days.Count > 0 && days[^1].Day == day) days[^1] = new DailyEquity(day, point.Equity);
            else days.Add(new DailyEquity(day, point.Equity));
        }
        return days;
    }

    public static BacktestMetrics Calculate(decimal initialCapital, IReadOnlyList<BacktestTrade> trades, IReadOnlyList<EquityPoint> equity, long barsInMarket,
        long bars, decimal charges, int unfilled)
    {
        var final = equity.Count > 0 ? equity[^1].Equity : initialCapital;
        var net = final - initialCapital;

        // Drawdown on every bar's mark-to-market equity, the largest in percent of its peak.
        decimal peak = initialCapital, maxDd = 0, maxDdPct = 0;
        DateTime? peakAt = equity.Count > 0 ? equity[0].Time : null, ddPeak = null, ddTrough = null, ddRecovered = null;
        var recovering = false;
        foreach (var point in equity)
        {
            if (point.Equity >= peak)
            {
                if (recovering && ddPeak is not null && ddRecovered is null) ddRecovered = point.Time;
                recovering = false;
                peak = point.Equity;
                peakAt = point.Time;
                continue;
            }
            var dd = peak - point.Equity;
            var pct = peak > 0 ? 100m * dd / peak : 0;
            if (dd > maxDd) maxDd = dd;
            if (pct > maxDdPct)
            {
                maxDdPct = pct;
                (ddPeak, ddTrough, ddRecovered) = (peakAt, point.Time, null);
                recovering = true;
            }
        }

        var daily = Daily(equity);
        var returns = new List<double>(daily.Count);
        var pnlByDay = new List<decimal>(daily.Count);
        var previous = initialCapital;
        foreach (var d in daily)
        {
            pnlByDay.Add(d.Equity - previous);
            returns.Add(previous == 0 ? 0 : (double)(d.Equity / previous - 1));
            previous = d.Equity;
        }
        decimal? sharpe = null, sortino = null;
        if (returns.Count >= 2)
        {
            var mean = returns.Average();
            var sd = Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / (returns.Count - 1));
            if (sd > 0) sharpe = Round(mean / sd * Math.Sqrt(252));
            var downside = Math.Sqrt(returns.Sum(r => r < 0 ? r * r : 0) / returns.Count);
            if (downside > 0) sortino = Round(mean / downside * Math.Sqrt(252));
        }

        decimal? cagr = null;
        if (equity.Count > 0 && initialCapital > 0)
        {
            // Annualizing a few days' result says nothing (and overflows): CAGR needs at least MinCagrDays of history.
            var days = (equity[^1].Time - equity[0].Time).TotalDays;
            var growth = days >= MinCagrDays ? (Math.Pow((double)(final / initialCapital), 365.25 / days) - 1) * 100 : double.NaN;
            if (final <= 0 && days >= MinCagrDays) cagr = -100m;
            else if (double.IsFinite(growth) && Math.Abs(growth) < 1e12) cagr = Round(growth);
        }
        decimal? calmar = cagr is { } c && maxDdPct > 0 ? Math.Round(c / maxDdPct, 4) : null;

        var wins = trades.Where(t => t.Net > 0).ToList();
        var losses = trades.Where(t => t.Net <= 0).ToList();
        var grossWin = wins.Sum(t => t.Net);
        var grossLoss = -losses.Sum(t => t.Net);
        int run = 0, maxRun = 0;
        foreach (var t in trades)
        {
            run = t.Net <= 0 ? run + 1 : 0;
            maxRun = Math.Max(maxRun, run);
        }
        return new BacktestMetrics(
            NetPnl: net, GrossPnl: net + charges, Charges: charges, FinalEquity: final,
            ReturnPercent: initialCapital == 0 ? 0 : Math.Round(100m * net / initialCapital, 4), CagrPercent: cagr,
            MaxDrawdown: maxDd, MaxDrawdownPercent: Math.Round(maxDdPct, 4), DrawdownPeak: ddPeak, DrawdownTrough: ddTrough, DrawdownRecovered: ddRecovered,
            Sharpe: sharpe, Sortino: sortino, Calmar: calmar,
            Trades: trades.Count,
            WinRatePercent: trades.Count == 0 ? null : Math.Round(100m * wins.Count / trades.Count, 4),
            ProfitFactor: trades.Count == 0 || grossLoss == 0 ? null : Math.Round(grossWin / grossLoss, 4),
            Expectancy: trades.Count == 0 ? null : Math.Round(trades.Sum(t => t.Net) / trades.Count, 4),
            AverageWin: wins.Count == 0 ? null : Math.Round(grossWin / wins.Count, 4),
            AverageLoss: losses.Count == 0 ? null : Math.Round(-grossLoss / losses.Count, 4),
            MaxConsecutiveLosses: maxRun,
            TimeInMarketPercent: bars == 0 ? 0 : Math.Round(100m * barsInMarket / bars, 4),
            BestDay: pnlByDay.Count == 0 ? null : pnlByDay.Max(), WorstDay: pnlByDay.Count == 0 ? null : pnlByDay.Min(),
            UnfilledSignals: unfilled);
    }

    private static decimal Round(double value) => Math.Round((decimal)value, 4);
}
