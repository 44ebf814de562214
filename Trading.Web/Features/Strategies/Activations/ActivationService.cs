using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Funds;
using Trading.Web.Features.Live;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Orders;
using Trading.Web.Features.Strategies.Engine;
using Trading.Web.Features.Strategies.Marketplace;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Strategies.Activations;

/// <summary>What a trader asks for in the Activate dialog.</summary>
public sealed record ActivationRequest(Guid StrategyId, IReadOnlyList<InstrumentKey> Symbols, IReadOnlyDictionary<string, string?> Parameters, int Lots,
    decimal AllocatedCapital, Guid? BrokerAccountId, ProductType ProductType = ProductType.Intraday);

/// <summary>An activation on My strategies: status in words, P&amp;L after charges, trades, win rate, and how its last day compared with the backtest.</summary>
public sealed record ActivationView(UserStrategy Activation, string StrategyName, string StrategyCode, int LatestVersion, string StatusText,
    decimal NetPnl, decimal Charges, int Trades, decimal? WinRatePercent, int Orders, StrategyDayMatch? LastMatch, IReadOnlyList<UserStrategyRevision> Revisions);

/// <summary>
/// A trader's activations: activate a published version on a paper or live account (live needs the entry's exchange
/// algo id), pause, resume, stop (optionally squaring off), and change parameters (a new revision; history kept).
/// Every query is the signed-in trader's own.
/// </summary>
public sealed class ActivationService(
    IDbContextFactory<TradingDbContext> dbFactory,
    InstrumentCatalog instruments,
    FundsService funds,
    OrderPipeline pipeline,
    ILtpCache prices,
    ILiveEventPublisher live,
    TimeProvider time)
{
    public const int MaxSymbols = 10;

    public async Task<(UserStrategy? Activation, IReadOnlyDictionary<string, string> Errors)> ActivateAsync(Guid userId, ActivationRequest request,
        CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var strategy = await db.Strategies.AsNoTracking().FirstOrDefaultAsync(s => s.Id == request.StrategyId, cancellationToken);
        if (strategy is null || !ListingRules.TakesActivations(strategy.Status))
            return (null, new Dictionary<string, string> { [""] = "This strategy takes no new activations (it is not published)." });
        var version = await db.StrategyVersions.AsNoTracking().FirstAsync(v => v.StrategyId == strategy.Id && v.Version == strategy.Version, cancellationToken);

        var account = request.BrokerAccountId is { } accountId
            ? await db.BrokerAccounts.AsNoTracking().FirstOrDefaultAsync(b => b.Id == accountId && b.UserId == userId, cancellationToken)
            : await db.BrokerAccounts.AsNoTracking().Where(b => b.UserId == userId).OrderByDescending(b => b.IsDefault).FirstOrDefaultAsync(cancellationToken);
        if (account is null) errors["BrokerAccount"] = "Choose one of your broker accounts.";
        else if (account.Broker != BrokerKind.Paper && string.IsNullOrEmpty(version.AlgoId))
            errors["BrokerAccount"] = "This strategy has no exchange algo id yet, so it can run on a paper account only (exchange rules for API algorithms).";

        var symbols = new List<UserStrategySymbol>();
        var types = Curation.StrategyCuration.SplitTypes(version.InstrumentTypes);
        if (request.Symbols.Count == 0) errors["Symbols"] = "Choose at least one symbol.";
        else if (request.Symbols.Count > MaxSymbols) errors["Symbols"] = $"At most {MaxSymbols} symbols per activation.";
        foreach (var key in request.Symbols.Distinct())
        {
            var instrument = await instruments.FindAsync(key, cancellationToken);
            if (instrument is null) { errors["Symbols"] = $"{key} is not a known instrument."; continue; }
            if (!instrument.IsTradable) { errors["Symbols"] = $"{instrument.TradingSymbol} cannot be traded (an index or an expired contract)."; continue; }
            var kind = InstrumentKinds.Of(instrument);
            if (!types.Contains(kind))
            {
                errors["Symbols"] = $"{strategy.Name} is meant for {string.Join(", ", types.Select(InstrumentKinds.Label))}; {instrument.TradingSymbol} is {InstrumentKinds.Label(kind)}.";
                continue;
            }
            symbols.Add(new UserStrategySymbol
            {
                Id = Guid.CreateVersion7(), Exchange = instrument.Exchange, SymbolToken = instrument.SymbolToken, TradingSymbol = instrument.TradingSymbol,
                LotSize = Math.Max(1, instrument.LotSize),
            });
        }
        if (LotSizing.CheckLots(request.Lots) is { } lots) errors["Lots"] = lots;

        var schema = ActivationParameters.Schema(version.BuiltInKey, version.ParameterRangesJson);
        var (built, parameterErrors) = ActivationParameters.Build(version.BuiltInKey, version.ParameterRangesJson, request.Parameters);
        foreach (var (name, problem) in parameterErrors) errors[name.Length == 0 ? "Parameters" : name] = problem;

        if (request.AllocatedCapital < strategy.MinimumCapital)
            errors["AllocatedCapital"] = $"{strategy.Name} needs at least {IndianFormat.Rupees(strategy.MinimumCapital)} allocated.";
        else if (account is not null && !errors.ContainsKey("BrokerAccount"))
        {
            var free = await FreeCapitalAsync(db, userId, account.Id, cancellationToken);
            if (free is null) errors["AllocatedCapital"] = "The broker did not say how much capital is free; try again.";
            else if (request.AllocatedCapital > free) errors["AllocatedCapital"] = $"Only {IndianFormat.Rupees(free.Value)} is free on {account.Label} (after your other strategies' allocations).";
        }
        if (errors.Count > 0 || built is null || account is null) return (null, errors);

        var now = time.GetUtcNow().UtcDateTime;
        var values = ActivationParameters.Normalized(schema, request.Parameters);
        var activation = new UserStrategy
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            StrategyId = strategy.Id,
            StrategyVersionId = version.Id,
            BrokerAccountId = account.Id,
            IsPaper = account.Broker == BrokerKind.Paper,
            ParametersJson = ActivationParameters.Write(values),
            Lots = request.Lots,
            ProductType = request.ProductType,
            AllocatedCapital = request.AllocatedCapital,
            Status = UserStrategyStatus.Active,
            ActivatedAt = now,
            Symbols = symbols,
        };
        db.UserStrategies.Add(activation);
        db.UserStrategyRevisions.Add(new UserStrategyRevision
        {
            Id = Guid.CreateVersion7(), UserStrategyId = activation.Id, Revision = 1, StrategyVersionId = version.Id, ParametersJson = activation.ParametersJson,
            Lots = activation.Lots, CreatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        await live.PublishAsync(new LiveEvent(userId, LiveTopics.Strategies, null, now), cancellationToken);
        return (activation, errors);
    }

    /// <summary>Available funds of the account less what the trader's other running activations on it have allocated.</summary>
    public async Task<decimal?> FreeCapitalAsync(TradingDbContext db, Guid userId, Guid accountId, CancellationToken cancellationToken)
    {
        var view = await funds.GetAsync(userId, accountId, cancellationToken);
        if (view is null || view.Problem is not null) return null;
        var allocated = (await db.UserStrategies.AsNoTracking()
            .Where(u => u.UserId == userId && u.BrokerAccountId == accountId && u.Status != UserStrategyStatus.Stopped)
            .Select(u => u.AllocatedCapital).ToListAsync(cancellationToken)).Sum();
        return Math.Max(0, view.Funds.AvailableMargin - allocated);
    }

    public async Task<IReadOnlyList<ActivationView>> ListAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var activations = await db.UserStrategies.AsNoTracking().Where(u => u.UserId == userId)
            .Include(u => u.Symbols).Include(u => u.StrategyVersion).Include(u => u.Strategy)
            .OrderBy(u => u.Status == UserStrategyStatus.Stopped).ThenByDescending(u => u.ActivatedAt).ToListAsync(cancellationToken);
        var ids = activations.Select(a => a.Id).ToList();
        var fills = await (from t in db.Trades.AsNoTracking()
                           join o in db.Orders.AsNoTracking() on t.OrderId equals o.Id
                           where o.UserId == userId && t.UserId == userId && o.UserStrategyId != null && ids.Contains(o.UserStrategyId!.Value)
                           select new { Activation = o.UserStrategyId!.Value, t.TradedAt, t.TradingSymbol, t.Side, t.Quantity, t.Price, t.Charges })
            .ToListAsync(cancellationToken);
        var orderCounts = await db.Orders.AsNoTracking().Where(o => o.UserId == userId && o.UserStrategyId != null && ids.Contains(o.UserStrategyId!.Value))
            .GroupBy(o => o.UserStrategyId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var matches = (await db.StrategyDayMatches.AsNoTracking().Where(m => ids.Contains(m.UserStrategyId)).ToListAsync(cancellationToken))
            .GroupBy(m => m.UserStrategyId).ToDictionary(g => g.Key, g => g.MaxBy(m => m.Day));
        var revisions = (await db.UserStrategyRevisions.AsNoTracking().Where(r => ids.Contains(r.UserStrategyId)).ToListAsync(cancellationToken))
            .ToLookup(r => r.UserStrategyId);
        var keys = activations.SelectMany(a => a.Symbols).Select(s => new InstrumentKey(s.Exchange, s.SymbolToken)).Distinct().ToList();
        var snapshots = await prices.GetManyAsync(keys, cancellationToken);
        var lastPrices = activations.SelectMany(a => a.Symbols).GroupBy(s => s.TradingSymbol)
            .Where(g => snapshots.ContainsKey(new InstrumentKey(g.First().Exchange, g.First().SymbolToken)))
            .ToDictionary(g => g.Key, g => snapshots[new InstrumentKey(g.First().Exchange, g.First().SymbolToken)].LastPrice);

        return activations.Select(a =>
        {
            var summary = RoundTrips.Summarize(fills.Where(f => f.Activation == a.Id)
                .Select(f => new StrategyFill(f.TradedAt, f.TradingSymbol, f.Side, f.Quantity, f.Price, f.Charges)));
            var net = summary.Realized + summary.Unrealized(lastPrices) - summary.Charges;
            return new ActivationView(a, a.StrategyVersion!.Name, a.Strategy!.Code, a.Strategy.Version, StatusText(a, IndianTime.Today(time)), net, summary.Charges,
                summary.Trips.Count, summary.WinRatePercent, orderCounts.GetValueOrDefault(a.Id), matches.GetValueOrDefault(a.Id),
                revisions[a.Id].OrderByDescending(r => r.Revision).ToList());
        }).ToList();
    }

    public static string StatusText(UserStrategy a, DateOnly today) => a.Status switch
    {
        UserStrategyStatus.Stopped => "Stopped",
        UserStrategyStatus.Paused => a.PauseKind switch
        {
            StrategyPauseKind.Trader => "Paused by you",
            StrategyPauseKind.Suspended => "Paused: the strategy is suspended",
            StrategyPauseKind.Risk => "Paused by the risk engine",
            _ => "Paused: " + (a.StatusReason ?? "waiting"),
        },
        _ when a.RiskState != TradingState.Active && a.RiskStateDay == today =>
            a.RiskState == TradingState.Halted ? "Halted by a risk rule today" : "Reduce-only by a risk rule today",
        _ when a.Symbols.Count > 0 && WarmUpOf(a) is var warmUp && a.Symbols.Any(s => s.LastBarTime is null || s.BarsSeen < warmUp) => "Warming up",
        _ => "Running",
    };

    // A version never changes (every edit is a new one): its warm-up for given parameters is worked out once, not on every refresh of the page.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Guid Version, string Parameters), int> WarmUps = new();

    private static int WarmUpOf(UserStrategy a)
    {
        if (a.StrategyVersion is not { } version) return 0;
        if (WarmUps.Count > 10_000) WarmUps.Clear();
        return WarmUps.GetOrAdd((version.Id, a.ParametersJson), _ =>
        {
            var (strategy, _) = ActivationParameters.Build(version.BuiltInKey, version.ParameterRangesJson, ActivationParameters.Read(a.ParametersJson));
            return strategy?.WarmUpBars ?? 0;
        });
    }

    public Task<string?> PauseAsync(Guid userId, Guid id, CancellationToken cancellationToken = default) =>
        ChangeAsync(userId, id, a =>
        {
            if (a.Status == UserStrategyStatus.Stopped) return "A stopped strategy cannot be paused.";
            (a.Status, a.PauseKind, a.StatusReason, a.PausedAt) = (UserStrategyStatus.Paused, StrategyPauseKind.Trader, "Paused by you.", time.GetUtcNow().UtcDateTime);
            return null;
        }, cancellationToken);

    public async Task<string?> ResumeAsync(Guid userId, Guid id, CancellationToken cancellationToken = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var today = IndianTime.Today(time);
            if (await db.TraderRiskStates.AnyAsync(s => s.UserId == userId && s.Day == today && s.State == TradingState.Halted, cancellationToken))
                return "Trading is halted for today (kill switch): strategies can be resumed from the next trading day, or once the halt is lifted.";
        }
        return await ChangeAsync(userId, id, a =>
        {
            if (a.Status != UserStrategyStatus.Paused || a.PauseKind is not (StrategyPauseKind.Trader or StrategyPauseKind.Risk))
                return a.Status == UserStrategyStatus.Paused ? "It resumes by itself when its broker session and feed are healthy." : "Only a paused strategy can be resumed.";
            (a.Status, a.PauseKind, a.StatusReason, a.PausedAt) = (UserStrategyStatus.Active, StrategyPauseKind.None, null, null);
            return null;
        }, cancellationToken);
    }

    /// <summary>Stops for good; with <paramref name="squareOff"/> its working orders are cancelled and what its fills hold is closed at the market (protected).</summary>
    public async Task<string?> StopAsync(Guid userId, Guid id, bool squareOff, CancellationToken cancellationToken = default)
    {
        var problem = await ChangeAsync(userId, id, a =>
        {
            if (a.Status == UserStrategyStatus.Stopped) return "It is stopped already.";
            (a.Status, a.PauseKind, a.StatusReason, a.StoppedAt) = (UserStrategyStatus.Stopped, StrategyPauseKind.None, squareOff ? "Stopped and squared off by you." : "Stopped by you.",
                time.GetUtcNow().UtcDateTime);
            return null;
        }, cancellationToken);
        if (problem is not null || !squareOff) return problem;

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var activation = await db.UserStrategies.Include(u => u.Symbols).FirstAsync(u => u.Id == id && u.UserId == userId, cancellationToken);
        var working = await db.Orders.Where(o => o.UserId == userId && o.UserStrategyId == id && OrderStatuses.Working.Contains(o.Status))
            .Select(o => o.Id).ToListAsync(cancellationToken);
        var problems = new List<string>();
        foreach (var orderId in working)
        {
            if (await pipeline.CancelAsync(userId, orderId, cancellationToken) is { } refused) problems.Add(refused);
        }
        var fills = await (from t in db.Trades.AsNoTracking()
                           join o in db.Orders.AsNoTracking() on t.OrderId equals o.Id
                           where o.UserId == userId && o.UserStrategyId == id
                           select new { t.Exchange, t.SymbolToken, t.Side, t.Quantity }).ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var symbol in activation.Symbols)
        {
            var net = fills.Where(f => f.Exchange == symbol.Exchange && f.SymbolToken == symbol.SymbolToken).Sum(f => f.Side == OrderSide.Buy ? f.Quantity : -f.Quantity);
            if (net == 0) continue;
            var result = await pipeline.PlaceAsync(new PlaceOrderRequest(userId, StrategyClientIds.For(id, symbol.Exchange, symbol.SymbolToken, now, Signal.Exit, "stop"),
                symbol.Exchange, symbol.SymbolToken, net > 0 ? OrderSide.Sell : OrderSide.Buy, OrderType.Market, activation.ProductType, OrderVariety.Normal,
                OrderValidity.Day, Math.Abs(net), Source: OrderSource.Strategy, UserStrategyId: id, BrokerAccountId: activation.BrokerAccountId), cancellationToken);
            if (!result.Accepted) problems.Add($"{symbol.TradingSymbol}: {result.Message}");
            symbol.Position = StrategyPosition.Flat;
        }
        await db.SaveChangesAsync(cancellationToken);
        return problems.Count == 0 ? null : "Stopped, but not everything was squared off: " + string.Join(" ", problems);
    }

    /// <summary>New parameters (and lots), optionally on the entry's newest version: a new revision; the engine rebuilds the strategy and warms it up again.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ReviseAsync(Guid userId, Guid id, IReadOnlyDictionary<string, string?> values, int lots, bool moveToLatest,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var activation = await db.UserStrategies.Include(u => u.StrategyVersion).Include(u => u.Strategy).Include(u => u.Symbols)
            .FirstOrDefaultAsync(u => u.Id == id && u.UserId == userId, cancellationToken);
        if (activation is null) return new Dictionary<string, string> { [""] = "That activation was not found." };
        if (activation.Status == UserStrategyStatus.Stopped) return new Dictionary<string, string> { [""] = "A stopped strategy cannot be changed; activate it again." };
        var version = activation.StrategyVersion!;
        if (moveToLatest)
        {
            if (!ListingRules.TakesActivations(activation.Strategy!.Status))
                return new Dictionary<string, string> { [""] = "The strategy is not published now: it cannot move to its newest version." };
            version = await db.StrategyVersions.FirstAsync(v => v.StrategyId == activation.StrategyId && v.Version == activation.Strategy.Version, cancellationToken);
            if (!activation.IsPaper && string.IsNullOrEmpty(version.AlgoId))
                return new Dictionary<string, string> { [""] = "The newest version has no exchange algo id, so it cannot run on a live account." };
        }
        var errors = new Dictionary<string, string>();
        if (LotSizing.CheckLots(lots) is { } lotProblem) errors["Lots"] = lotProblem;
        var (built, parameterErrors) = ActivationParameters.Build(version.BuiltInKey, version.ParameterRangesJson, values);
        foreach (var (name, problem) in parameterErrors) errors[name.Length == 0 ? "Parameters" : name] = problem;
        if (errors.Count > 0 || built is null) return errors;

        var now = time.GetUtcNow().UtcDateTime;
        activation.Revision++;
        activation.StrategyVersionId = version.Id;
        activation.ParametersJson = ActivationParameters.Write(ActivationParameters.Normalized(ActivationParameters.Schema(version.BuiltInKey, version.ParameterRangesJson), values));
        activation.Lots = lots;
        foreach (var symbol in activation.Symbols) symbol.BarsSeen = 0;
        db.UserStrategyRevisions.Add(new UserStrategyRevision
        {
            Id = Guid.CreateVersion7(), UserStrategyId = activation.Id, Revision = activation.Revision, StrategyVersionId = version.Id,
            ParametersJson = activation.ParametersJson, Lots = lots, CreatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        await live.PublishAsync(new LiveEvent(userId, LiveTopics.Strategies, null, now), cancellationToken);
        return errors;
    }

    private async Task<string?> ChangeAsync(Guid userId, Guid id, Func<UserStrategy, string?> change, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var activation = await db.UserStrategies.FirstOrDefaultAsync(u => u.Id == id && u.UserId == userId, cancellationToken);
        if (activation is null) return "That activation was not found.";
        if (change(activation) is { } problem) return problem;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return "The strategy changed meanwhile (the engine just ran it); try again.";
        }
        await live.PublishAsync(new LiveEvent(userId, LiveTopics.Strategies, null, time.GetUtcNow().UtcDateTime), cancellationToken);
        return null;
    }
}
