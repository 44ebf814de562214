using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Broker;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Positions;
using Trading.Web.Features.Strategies.Activations;
using Trading.Web.Features.Strategies.Engine;
using Trading.Web.Features.Strategies.Marketplace;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Strategies.Backtesting;

/// <summary>The "Strategies:Backtest" section.</summary>
public sealed class BacktestOptions
{
    public const string Section = "Strategies:Backtest";
    public decimal DefaultSlippagePercent { get; set; } = 0.05m;
    public int MaxBars { get; set; } = 5_000_000;
    /// <summary>Trades kept in the stored list (the hash covers them all).</summary>
    public int MaxStoredTrades { get; set; } = 2_000;
    public int MaxSymbols { get; set; } = 10;
}

public sealed record BacktestRequest(Guid StrategyId, IReadOnlyList<InstrumentKey> Symbols, DateOnly From, DateOnly To, IReadOnlyDictionary<string, string?> Parameters,
    int Lots, decimal InitialCapital, BacktestFillMode FillMode, decimal? SlippagePercent = null);

/// <summary>A stored trade (JSON) as the results page lists it.</summary>
public sealed record StoredTrade(string Side, int Quantity, DateTime EntryTime, decimal EntryPrice, DateTime ExitTime, decimal ExitPrice, decimal Gross,
    decimal Charges, decimal Net, string ExitReason, string? Symbol = null);

/// <summary>A symbol of a backtest as stored (JSON).</summary>
public sealed record BacktestSymbol(Exchange Exchange, string SymbolToken, string TradingSymbol);

/// <summary>
/// Backtests on stored candles: checked and stored as Queued, run in the background (progress and cancel, never on
/// the page's circuit), results, metrics, the equity curve and a SHA-256 of the trade list kept in <c>backtests</c>.
/// Every run is also checked by the look-ahead guard. A trader sees only their own backtests.
/// </summary>
public sealed class BacktestService(
    IDbContextFactory<TradingDbContext> dbFactory,
    InstrumentCatalog instruments,
    ChargeCalculator charges,
    PriceProtection protection,
    IOptionsMonitor<BacktestOptions> options,
    IOptionsMonitor<IntradaySquareOffOptions> squareOff,
    TimeProvider time,
    ILogger<BacktestService> logger)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<Guid, (int Percent, CancellationTokenSource Cancel)> _running = new();

    public int? Progress(Guid id) => _running.TryGetValue(id, out var r) ? r.Percent : null;

    public async Task<(Guid? Id, IReadOnlyDictionary<string, string> Errors)> StartAsync(Guid userId, BacktestRequest request, bool inBackground = true,
        CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var strategy = await db.Strategies.AsNoTracking().FirstOrDefaultAsync(s => s.Id == request.StrategyId
            && (s.Status == StrategyListingStatus.Published || s.Status == StrategyListingStatus.Suspended), cancellationToken);
        if (strategy is null) return (null, new Dictionary<string, string> { [""] = "Choose a strategy from the marketplace." });
        var version = await db.StrategyVersions.AsNoTracking().FirstAsync(v => v.StrategyId == strategy.Id && v.Version == strategy.Version, cancellationToken);
        var chosen = new List<Instrument>();
        if (request.Symbols.Count == 0) errors["Symbol"] = "Choose a symbol.";
        else if (request.Symbols.Count > options.CurrentValue.MaxSymbols) errors["Symbol"] = $"At most {options.CurrentValue.MaxSymbols} symbols at a time.";
        else
        {
            foreach (var key in request.Symbols.Distinct())
            {
                if (await instruments.FindAsync(key, cancellationToken) is { } found) chosen.Add(found);
                else errors["Symbol"] = "Choose the symbols from the list.";
            }
        }
        if (request.From > request.To) errors["Period"] = "The period starts after it ends.";
        if (request.To.DayNumber - request.From.DayNumber > 3 * 366) errors["Period"] = "At most three years at a time.";
        if (LotSizing.CheckLots(request.Lots) is { } lots) errors["Lots"] = lots;
        if (request.InitialCapital is <= 0 or > 100_00_00_000m) errors["InitialCapital"] = "Initial capital from ₹1 to ₹100 crore.";
        if (request.SlippagePercent is < 0 or > 5) errors["Slippage"] = "Slippage from 0% to 5%.";
        var (built, parameterErrors) = ActivationParameters.Build(version.BuiltInKey, version.ParameterRangesJson, request.Parameters);
        foreach (var (name, problem) in parameterErrors) errors[name.Length == 0 ? "Parameters" : name] = problem;
        if (errors.Count > 0 || built is null || chosen.Count == 0) return (null, errors);

        var from = IndianTime.StartOfDayUtc(request.From);
        var to = IndianTime.EndOfDayUtc(request.To);
        long count = 0;
        var without = new List<string>();
        foreach (var instrument in chosen)
        {
            var bars = await db.Candles.CountAsync(c => c.Exchange == instrument.Exchange && c.SymbolToken == instrument.SymbolToken
                && c.Interval == CandleInterval.OneMinute && c.Time >= from && c.Time < to, cancellationToken);
            if (bars == 0) without.Add(instrument.TradingSymbol);
            count += bars;
        }
        if (without.Count > 0) return (null, new Dictionary<string, string> { ["Period"] = $"No stored 1-minute candles of {string.Join(", ", without)} in that period." });
        if (count > options.CurrentValue.MaxBars) return (null, new Dictionary<string, string> { ["Period"] = $"{count:N0} bars is more than {options.CurrentValue.MaxBars:N0}; choose a shorter period or fewer symbols." });

        var first = chosen[0];
        var backtest = new Backtest
        {
            Id = Guid.CreateVersion7(),
            StrategyId = strategy.Id,
            StrategyVersionId = version.Id,
            UserId = userId,
            ParametersJson = ActivationParameters.Write(ActivationParameters.Normalized(ActivationParameters.Schema(version.BuiltInKey, version.ParameterRangesJson), request.Parameters)),
            Exchange = first.Exchange,
            SymbolToken = first.SymbolToken,
            TradingSymbol = DisplayName(chosen.Select(i => i.TradingSymbol).ToList()),
            SymbolsJson = JsonSerializer.Serialize(chosen.Select(i => new BacktestSymbol(i.Exchange, i.SymbolToken, i.TradingSymbol)), Json),
            Interval = CandleInterval.OneMinute,
            FromTime = from,
            ToTime = to,
            InitialCapital = request.InitialCapital,
            Lots = request.Lots,
            ProductType = ProductType.Intraday,
            FillMode = request.FillMode,
            SlippagePercent = request.SlippagePercent ?? options.CurrentValue.DefaultSlippagePercent,
            Status = BacktestStatus.Queued,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Backtests.Add(backtest);
        await db.SaveChangesAsync(cancellationToken);
        var cancel = new CancellationTokenSource();
        _running[backtest.Id] = (0, cancel);
        if (inBackground) _ = Task.Run(() => RunAsync(backtest.Id, cancel.Token), CancellationToken.None);
        else await RunAsync(backtest.Id, cancel.Token);
        return (backtest.Id, errors);
    }

    public async Task<bool> CancelAsync(Guid userId, Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Backtests.AnyAsync(b => b.Id == id && b.UserId == userId, cancellationToken)) return false;
        if (_running.TryGetValue(id, out var run)) await run.Cancel.CancelAsync();
        return true;
    }

    public async Task<Backtest?> GetAsync(Guid userId, Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Backtests.AsNoTracking().Include(b => b.Strategy).FirstOrDefaultAsync(b => b.Id == id && b.UserId == userId, cancellationToken);
    }

    public async Task<IReadOnlyList<Backtest>> ListAsync(Guid userId, int take = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Backtests.AsNoTracking().Include(b => b.Strategy).Where(b => b.UserId == userId)
            .OrderByDescending(b => b.CreatedAt).Take(take)
            .Select(b => new Backtest
            {
                Id = b.Id, Strategy = b.Strategy, StrategyId = b.StrategyId, TradingSymbol = b.TradingSymbol, FromTime = b.FromTime, ToTime = b.ToTime,
                Status = b.Status, NetPnl = b.NetPnl, TradeCount = b.TradeCount, BarCount = b.BarCount, BarsPerSecond = b.BarsPerSecond, CreatedAt = b.CreatedAt,
                FillMode = b.FillMode, InitialCapital = b.InitialCapital, TradesHash = b.TradesHash, Error = b.Error,
            })
            .ToListAsync(cancellationToken);
    }

    private async Task RunAsync(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            await RunCoreAsync(id, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await FinishAsync(id, b => (b.Status, b.Error) = (BacktestStatus.Cancelled, "Cancelled."));
        }
        catch (LookAheadException ex)
        {
            await FinishAsync(id, b => (b.Status, b.Error) = (BacktestStatus.Failed, ex.Message));
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Backtest {Id} failed", id);
            await FinishAsync(id, b => (b.Status, b.Error) = (BacktestStatus.Failed, "The backtest failed unexpectedly; the log has the details."));
        }
        finally
        {
            if (_running.TryRemove(id, out var run)) run.Cancel.Dispose();
        }
    }

    private async Task FinishAsync(Guid id, Action<Backtest> change)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var backtest = await db.Backtests.FirstAsync(b => b.Id == id);
        change(backtest);
        backtest.CompletedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync();
    }

    private async Task RunCoreAsync(Guid id, CancellationToken cancellationToken)
    {
        Backtest backtest;
        StrategyVersion version;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            backtest = await db.Backtests.FirstAsync(b => b.Id == id, cancellationToken);
            version = await db.StrategyVersions.AsNoTracking().FirstAsync(v => v.Id == backtest.StrategyVersionId, cancellationToken);
            backtest.Status = BacktestStatus.Running;
            await db.SaveChangesAsync(cancellationToken);
        }
        var symbols = SymbolsOf(backtest);
        var values = ActivationParameters.Read(backtest.ParametersJson);
        IStrategy Create(IReadOnlyList<Bar> _) => ActivationParameters.Build(version.BuiltInKey, version.ParameterRangesJson, values).Strategy!;

        // Each symbol on its own, as an activation trades it; progress runs over the symbols (the last tenth is the look-ahead guard's).
        var runs = new List<BacktestRun>(symbols.Count);
        var results = new List<SymbolResult>(symbols.Count);
        var seconds = 0.0;
        for (var k = 0; k < symbols.Count; k++)
        {
            var symbol = symbols[k];
            var instrument = await instruments.FindAsync(symbol.Exchange, symbol.SymbolToken, cancellationToken)
                ?? throw new InvalidOperationException($"The backtest's instrument {symbol.TradingSymbol} is gone.");
            List<Bar> bars;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                bars = await db.Candles.AsNoTracking()
                    .Where(c => c.Exchange == symbol.Exchange && c.SymbolToken == symbol.SymbolToken && c.Interval == CandleInterval.OneMinute
                        && c.Time >= backtest.FromTime && c.Time < backtest.ToTime)
                    .OrderBy(c => c.Time).Select(c => new Bar(c.Time, c.Open, c.High, c.Low, c.Close, c.Volume)).ToListAsync(cancellationToken);
            }
            var settings = Settings(instrument, backtest.ProductType, LotSizing.Quantity(backtest.Lots, instrument.LotSize), backtest.InitialCapital,
                backtest.FillMode, backtest.SlippagePercent);
            var done = k;
            var watch = Stopwatch.StartNew();
            var run = Backtester.Run(Create(bars), bars, settings, p => Report(id, (done * 100 + p) * 9 / 10 / symbols.Count), cancellationToken);
            seconds += watch.Elapsed.TotalSeconds;
            LookAheadGuard.Check(Create, bars, cancellationToken);
            runs.Add(run);
            results.Add(SymbolResult.Of(instrument.TradingSymbol, run));
        }
        var combined = PortfolioBacktest.Combine(backtest.InitialCapital, runs);
        Report(id, 100);

        var metrics = BacktestMetricsCalculator.Calculate(backtest.InitialCapital, combined.Trades, combined.Equity, combined.BarsInMarket, combined.Bars,
            combined.Charges, combined.UnfilledSignals);
        var daily = BacktestMetricsCalculator.Daily(combined.Equity);
        await FinishAsync(id, b =>
        {
            b.Status = BacktestStatus.Completed;
            b.ProgressPercent = 100;
            b.BarCount = combined.Bars;
            b.BarsPerSecond = seconds > 0 ? Math.Round((decimal)(combined.Bars / seconds), 0) : null;
            b.NetPnl = metrics.NetPnl;
            b.TotalReturnPercent = metrics.ReturnPercent;
            b.MaxDrawdownPercent = metrics.MaxDrawdownPercent;
            b.WinRatePercent = metrics.WinRatePercent;
            b.TradeCount = metrics.Trades;
            b.UnfilledSignals = combined.UnfilledSignals;
            b.MetricsJson = JsonSerializer.Serialize(metrics, Json);
            b.SymbolResultsJson = JsonSerializer.Serialize(results, Json);
            b.EquityCurveJson = JsonSerializer.Serialize(daily.Select(d => new { d.Day, d.Equity }), Json);
            b.TradesJson = JsonSerializer.Serialize(combined.Trades.Take(options.CurrentValue.MaxStoredTrades).Select(t => new StoredTrade(t.Side.ToString(), t.Quantity,
                t.EntryTime, t.EntryPrice, t.ExitTime, t.ExitPrice, t.Gross, t.Charges, t.Net, t.ExitReason, t.Symbol)), Json);
            b.TradesHash = TradeListHash.Of(combined.Trades);
        });
    }

    /// <summary>The symbols of a stored backtest (one stored before several were possible has only its own).</summary>
    public static IReadOnlyList<BacktestSymbol> SymbolsOf(Backtest backtest)
    {
        var list = string.IsNullOrWhiteSpace(backtest.SymbolsJson) ? null : JsonSerializer.Deserialize<List<BacktestSymbol>>(backtest.SymbolsJson, Json);
        return list is { Count: > 0 } ? list : [new BacktestSymbol(backtest.Exchange, backtest.SymbolToken, backtest.TradingSymbol)];
    }

    /// <summary>The symbols for a title and a list: every name when they fit the column, else the first few and how many more.</summary>
    public static string DisplayName(IReadOnlyList<string> symbols)
    {
        var all = string.Join(", ", symbols);
        if (all.Length <= 64) return all;
        for (var shown = symbols.Count - 1; shown > 0; shown--)
        {
            var text = $"{string.Join(", ", symbols.Take(shown))} +{symbols.Count - shown}";
            if (text.Length <= 64) return text;
        }
        return $"{symbols[0][..Math.Min(symbols[0].Length, 56)]} +{symbols.Count - 1}";
    }

    private void Report(Guid id, int percent)
    {
        if (_running.TryGetValue(id, out var run)) _running[id] = (percent, run.Cancel);
    }

    /// <summary>
    /// Each fill's charges by the app's calculator (one order per fill, so brokerage is per fill). The rate lines of a side
    /// are looked up once per stretch of days they hold for (they change only on a dated line's first day), and fills come
    /// in time order. Delivery fills are charged each on its own day (no same-day netting in a backtest).
    /// </summary>
    public static Func<OrderSide, int, decimal, DateOnly, decimal> FillCharges(ChargeCalculator charges, Instrument instrument, ProductType product)
    {
        (DateOnly From, DateOnly? Until, ChargeCard? Card, PaiseCard? Paise) buy = default, sell = default;
        return (side, qty, price, day) =>
        {
            if (product == ProductType.Delivery)
                return charges.Calculate(new ChargeFill(instrument.Exchange, instrument.InstrumentType, product, side, qty, price, day)).Total;
            ref var held = ref side == OrderSide.Buy ? ref buy : ref sell;
            if (held.Card is null || day < held.From || day > held.Until)
            {
                var (card, until) = charges.CardWithRangeFor(instrument.Exchange, instrument.InstrumentType, product, side, day);
                held = (day, until, card, PaiseCard.From(card));
            }
            var turnover = qty * price;
            // In whole paise with integers when the figures fit (the same result as the decimal lines, a fraction of the time).
            return held.Paise is { } paise && paise.TryTotal(turnover, out var total) ? total : ChargeCalculator.Total(held.Card, turnover);
        };
    }

    /// <summary>The backtest's fills as the app charges and prices them: the charge calculator per fill, the protected limit price, the intraday square-off time.</summary>
    public BacktestSettings Settings(Instrument instrument, ProductType product, int quantity, decimal capital, BacktestFillMode mode, decimal slippagePercent)
    {
        var cut = product == ProductType.Intraday
            ? squareOff.CurrentValue.Segments.FirstOrDefault(s => s.Exchanges.Contains(instrument.Exchange))?.At
            : null;
        return new BacktestSettings(instrument.TradingSymbol, quantity, capital, mode, slippagePercent, instrument.TickSize,
            FillCharges(charges, instrument, product),
            (side, last, day) => protection.MarketLimit(instrument, product, side, last, null, day).LimitPrice,
            cut);
    }
}
