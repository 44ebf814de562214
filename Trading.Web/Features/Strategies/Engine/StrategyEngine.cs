using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Broker;
using Trading.Web.Features.Live;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Notifications;
using Trading.Web.Features.Orders;
using Trading.Web.Features.Strategies.Activations;
using Trading.Web.Infrastructure;
using Trading.Web.Infrastructure.Jobs;

namespace Trading.Web.Features.Strategies.Engine;

/// <summary>
/// Runs every active activation on each closed 1-minute bar. One run: pause activations whose broker session needs
/// reconnecting or whose feed is stale (and resume them when healthy), build and warm up strategies from stored candles,
/// feed them the bars closed since they last ran (never a partial bar), act on signals through the order pipeline, and
/// look after working strategy orders (re-priced, then given up). Every bar's and fill's state is stored, so a restarted
/// engine resumes where it was; an order's client id comes from activation + bar + signal, so re-evaluating a bar
/// never places a second order.
/// </summary>
public sealed class StrategyEngine(
    IDbContextFactory<TradingDbContext> dbFactory,
    IStrategyStateWrites stateWrites,
    OrderPipeline pipeline,
    ILtpCache prices,
    InstrumentCatalog instruments,
    FeedSubscriptions feed,
    MarketCalendar calendar,
    NotificationService notifications,
    ILiveEventPublisher live,
    PriceProtection protection,
    IOptionsMonitor<StrategyEngineOptions> options,
    IOptionsMonitor<Positions.IntradaySquareOffOptions> squareOff,
    TimeProvider time,
    ILogger<StrategyEngine> logger)
{
    private sealed record RunnerKey(Guid SymbolId, int Revision);

    private readonly ConcurrentDictionary<RunnerKey, StrategyRunner> _runners = new();
    private readonly ConcurrentDictionary<InstrumentKey, IDisposable> _pins = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Activations the engine holds a strategy for (for tests and the health page).</summary>
    public int RunnerCount => _runners.Count;

    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await RunCoreAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets every in-memory strategy (as a restart does); the next run rebuilds them from stored state and candles.</summary>
    public void Forget() => _runners.Clear();

    private async Task RunCoreAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var now = time.GetUtcNow().UtcDateTime;
        // Read without tracking: thousands of activations per run; what changes is written explicitly (status, signals, one state write).
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var activations = await db.UserStrategies.AsNoTracking()
            .Where(u => u.Status == UserStrategyStatus.Active
                || (u.Status == UserStrategyStatus.Paused && (u.PauseKind == StrategyPauseKind.BrokerSession || u.PauseKind == StrategyPauseKind.StaleFeed)))
            .Include(u => u.Symbols).Include(u => u.StrategyVersion)
            .ToListAsync(cancellationToken);

        Pin(activations.SelectMany(a => a.Symbols).Select(s => new InstrumentKey(s.Exchange, s.SymbolToken)).ToHashSet());
        var wanted = activations.Where(a => a.Status == UserStrategyStatus.Active)
            .SelectMany(a => a.Symbols.Select(s => new RunnerKey(s.Id, a.Revision))).ToHashSet();
        foreach (var stale in _runners.Keys.Where(k => !wanted.Contains(k))) _runners.TryRemove(stale, out _);
        if (activations.Count == 0) return;

        var accountIds = activations.Select(a => a.BrokerAccountId).Distinct().ToList();
        var accounts = await db.BrokerAccounts.AsNoTracking().Where(b => accountIds.Contains(b.Id))
            .Select(b => new { b.Id, b.Status, b.Label }).ToDictionaryAsync(b => b.Id, cancellationToken);
        var keys = activations.SelectMany(a => a.Symbols).Select(s => new InstrumentKey(s.Exchange, s.SymbolToken)).Distinct().ToList();
        var snapshots = await prices.GetManyAsync(keys, cancellationToken);
        var changedUsers = new HashSet<Guid>();

        foreach (var activation in activations)
        {
            var account = accounts.GetValueOrDefault(activation.BrokerAccountId);
            var problem = Health(activation, account?.Status, account?.Label, snapshots, now, settings);
            if (problem is { } p && (activation.Status == UserStrategyStatus.Active || activation.PauseKind != p.Kind))
            {
                if (await SetStatusAsync(activation, UserStrategyStatus.Paused, p.Kind, p.Reason, now, NotificationSeverity.Warning, $"{activation.StrategyVersion!.Name} paused",
                        p.Reason + " It resumes by itself when that is fixed.", cancellationToken))
                    changedUsers.Add(activation.UserId);
            }
            else if (problem is null && activation.Status == UserStrategyStatus.Paused)
            {
                if (await SetStatusAsync(activation, UserStrategyStatus.Active, StrategyPauseKind.None, null, null, NotificationSeverity.Info, $"{activation.StrategyVersion!.Name} resumed",
                        "The broker session and the feed are healthy again; the strategy runs from the next closed bar.", cancellationToken))
                    changedUsers.Add(activation.UserId);
            }
        }

        var running = activations.Where(a => a.Status == UserStrategyStatus.Active).ToList();
        var changed = new HashSet<UserStrategySymbol>(ReferenceEqualityComparer.Instance);
        var cutoff = MinuteOf(now - settings.BarGrace); // bars starting before this minute are closed (their minute + grace has passed)
        await WarmUpAsync(db, running, changed, cancellationToken);
        var bars = await ClosedBarsAsync(db, running, cutoff, cancellationToken);
        var held = await HeldAsync(db, running, cancellationToken);
        var working = await WorkingOrdersAsync(db, running, cancellationToken);

        foreach (var activation in running)
        {
            foreach (var symbol in activation.Symbols)
            {
                if (!_runners.TryGetValue(new RunnerKey(symbol.Id, activation.Revision), out var runner)) continue; // its strategy could not be built
                var net = held.Net.GetValueOrDefault((activation.Id, symbol.Exchange, symbol.SymbolToken));
                if (net != symbol.NetQuantity)
                {
                    symbol.NetQuantity = net; // a fill since the last run
                    changed.Add(symbol);
                }
                if (await SettleWorkingAsync(activation, symbol, working, snapshots, now, settings, cancellationToken))
                {
                    changed.Add(symbol);
                    changedUsers.Add(activation.UserId);
                }
                foreach (var bar in bars.GetValueOrDefault(new InstrumentKey(symbol.Exchange, symbol.SymbolToken), []))
                {
                    if (runner.FedThrough is { } fed && bar.Time <= fed) continue;
                    var signal = runner.Feed(bar, symbol.Position);
                    symbol.LastBarTime = bar.Time;
                    symbol.BarsSeen = runner.BarsSeen;
                    changed.Add(symbol);
                    // A bar closed long ago (the engine was down or the activation paused) only moves the indicators: its price is gone.
                    if (signal == Signal.None || now - bar.Time.AddMinutes(1) > settings.MaxSignalAge) continue;
                    var atBroker = held.Account.GetValueOrDefault((activation.UserId, symbol.Exchange, symbol.SymbolToken, activation.ProductType));
                    await ActAsync(activation, symbol, bar, signal, atBroker, cancellationToken);
                    changedUsers.Add(activation.UserId);
                }
            }
        }
        await stateWrites.SaveAsync(changed, cancellationToken);
        foreach (var user in changedUsers) await live.PublishAsync(new LiveEvent(user, LiveTopics.Strategies, null, now), cancellationToken);
    }

    /// <summary>Pauses or resumes an activation (with its notification) unless the trader changed it meanwhile.</summary>
    private async Task<bool> SetStatusAsync(UserStrategy seen, UserStrategyStatus status, StrategyPauseKind kind, string? reason, DateTime? pausedAt,
        NotificationSeverity severity, string title, string body, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var activation = await db.UserStrategies.FirstOrDefaultAsync(u => u.Id == seen.Id, cancellationToken);
        if (activation is null || activation.Status != seen.Status || activation.PauseKind != seen.PauseKind) return false;
        (activation.Status, activation.PauseKind, activation.StatusReason, activation.PausedAt) = (status, kind, reason, pausedAt);
        await notifications.AddAsync(db, activation.UserId, status == UserStrategyStatus.Active ? NotificationKind.StrategyResumed : NotificationKind.StrategyPaused, severity, title, body,
            "/strategies", cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false; // the trader paused, resumed or stopped it meanwhile: theirs stands; the next run looks again
        }
        (seen.Status, seen.PauseKind, seen.StatusReason, seen.PausedAt) = (status, kind, reason, pausedAt);
        return true;
    }

    private static DateTime MinuteOf(DateTime utc) => new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);

    private sealed record Problem(StrategyPauseKind Kind, string Reason);

    private Problem? Health(UserStrategy activation, BrokerAccountStatus? status, string? label, IReadOnlyDictionary<InstrumentKey, LtpSnapshot> snapshots,
        DateTime now, StrategyEngineOptions settings)
    {
        if (status is null or BrokerAccountStatus.Disabled)
            return new(StrategyPauseKind.BrokerSession, "Its broker account is missing or disabled.");
        if (status is BrokerAccountStatus.ReconnectNeeded or BrokerAccountStatus.Error)
            return new(StrategyPauseKind.BrokerSession, $"The broker session of {label} needs reconnecting (Broker accounts).");
        foreach (var symbol in activation.Symbols)
        {
            var key = new InstrumentKey(symbol.Exchange, symbol.SymbolToken);
            if (!calendar.IsOpen(symbol.Exchange)) continue;
            var last = snapshots.GetValueOrDefault(key)?.UpdatedAt;
            if (last is null || now - last.Value > settings.StaleFeedAfter)
                return new(StrategyPauseKind.StaleFeed, $"No price for {symbol.TradingSymbol} for over {settings.StaleFeedAfter.TotalSeconds:0} s while the market is open (stale feed).");
        }
        return null;
    }

    private void Pin(HashSet<InstrumentKey> needed)
    {
        foreach (var key in needed.Where(k => !_pins.ContainsKey(k))) _pins.TryAdd(key, feed.Pin(key));
        foreach (var key in _pins.Keys.Where(k => !needed.Contains(k)))
        {
            if (_pins.TryRemove(key, out var lease)) lease.Dispose();
        }
    }

    /// <summary>Builds the strategies not in memory and feeds them the stored bars up to where each left off (no signals).</summary>
    private async Task WarmUpAsync(TradingDbContext db, IReadOnlyList<UserStrategy> running, HashSet<UserStrategySymbol> changed, CancellationToken cancellationToken)
    {
        // After a restart every activation of a symbol resumes after the same bar: one read of its candles serves them all.
        var loaded = new Dictionary<(Exchange, string, DateTime), (List<Candle> Bars, int Asked)>();
        foreach (var activation in running)
        {
            foreach (var symbol in activation.Symbols)
            {
                var key = new RunnerKey(symbol.Id, activation.Revision);
                if (_runners.ContainsKey(key)) continue;
                var (strategy, errors) = ActivationParameters.Build(activation.StrategyVersion!.BuiltInKey, activation.StrategyVersion.ParameterRangesJson,
                    ActivationParameters.Read(activation.ParametersJson));
                if (strategy is null)
                {
                    logger.LogWarning("Activation {Activation} cannot build its strategy: {Errors}", activation.Id, string.Join(" ", errors.Values));
                    continue;
                }
                var runner = new StrategyRunner(strategy);
                // A new activation warms up on the bars closed before it; the first bar closing after it is its first live one.
                var upTo = symbol.LastBarTime ?? activation.ActivatedAt.AddMinutes(-1);
                var window = StrategyRunner.WarmUpWindow(strategy);
                // Read again only when this strategy wants more bars than were asked for and the store may have them.
                if (!loaded.TryGetValue((symbol.Exchange, symbol.SymbolToken, upTo), out var read) || read.Asked < window && read.Bars.Count == read.Asked)
                {
                    var asked = Math.Max(window, SharedWindow);
                    var bars = await db.Candles.AsNoTracking()
                        .Where(c => c.Exchange == symbol.Exchange && c.SymbolToken == symbol.SymbolToken && c.Interval == CandleInterval.OneMinute && c.Time <= upTo)
                        .OrderByDescending(c => c.Time).Take(asked).ToListAsync(cancellationToken);
                    bars.Reverse();
                    loaded[(symbol.Exchange, symbol.SymbolToken, upTo)] = read = (bars, asked);
                }
                var stored = read.Bars;
                runner.WarmUp(stored.Skip(Math.Max(0, stored.Count - window)).Select(ToBar), symbol.Position);
                symbol.LastBarTime ??= runner.FedThrough;
                symbol.BarsSeen = runner.BarsSeen;
                changed.Add(symbol);
                _runners[key] = runner;
            }
        }
    }

    /// <summary>Bars read per symbol for the warm-ups of one run (enough for every built-in strategy at its default window).</summary>
    private const int SharedWindow = 400;

    public static Bar ToBar(Candle c) => new(c.Time, c.Open, c.High, c.Low, c.Close, c.Volume);

    private static async Task<Dictionary<InstrumentKey, List<Bar>>> ClosedBarsAsync(TradingDbContext db, IReadOnlyList<UserStrategy> running, DateTime cutoff,
        CancellationToken cancellationToken)
    {
        var symbols = running.SelectMany(a => a.Symbols).ToList();
        if (symbols.Count == 0) return [];
        var since = symbols.Min(s => s.LastBarTime ?? cutoff.AddMinutes(-1));
        var tokens = symbols.Select(s => s.SymbolToken).Distinct().ToList();
        var candles = await db.Candles.AsNoTracking()
            .Where(c => c.Interval == CandleInterval.OneMinute && tokens.Contains(c.SymbolToken) && c.Time > since && c.Time < cutoff)
            .OrderBy(c => c.Time).ToListAsync(cancellationToken);
        return candles.GroupBy(c => new InstrumentKey(c.Exchange, c.SymbolToken)).ToDictionary(g => g.Key, g => g.Select(ToBar).ToList());
    }

    private sealed record Holdings(Dictionary<(Guid, Exchange, string), int> Net, Dictionary<(Guid, Exchange, string, ProductType), int> Account);

    /// <summary>What each activation's fills hold per instrument, and what each trader's open positions hold (a square-off outside the strategy shows there).</summary>
    private static async Task<Holdings> HeldAsync(TradingDbContext db, IReadOnlyList<UserStrategy> running, CancellationToken cancellationToken)
    {
        var ids = running.Select(a => a.Id).ToList();
        var fills = await db.Trades.AsNoTracking()
            .Join(db.Orders.Where(o => o.UserStrategyId != null && ids.Contains(o.UserStrategyId!.Value)), t => t.OrderId, o => o.Id,
                (t, o) => new { Activation = o.UserStrategyId!.Value, t.Exchange, t.SymbolToken, t.Side, t.Quantity })
            .ToListAsync(cancellationToken);
        var net = fills.GroupBy(f => (f.Activation, f.Exchange, f.SymbolToken))
            .ToDictionary(g => g.Key, g => g.Sum(f => f.Side == OrderSide.Buy ? f.Quantity : -f.Quantity));
        var users = running.Select(a => a.UserId).Distinct().ToList();
        var positions = await db.Positions.AsNoTracking().Where(p => users.Contains(p.UserId) && p.ClosedAt == null)
            .Select(p => new { p.UserId, p.Exchange, p.SymbolToken, p.ProductType, p.NetQuantity }).ToListAsync(cancellationToken);
        var account = positions.GroupBy(p => (p.UserId, p.Exchange, p.SymbolToken, p.ProductType)).ToDictionary(g => g.Key, g => g.Sum(p => p.NetQuantity));
        return new Holdings(net, account);
    }

    private static async Task<Dictionary<Guid, Order>> WorkingOrdersAsync(TradingDbContext db, IReadOnlyList<UserStrategy> running, CancellationToken cancellationToken)
    {
        var ids = running.SelectMany(a => a.Symbols).Where(s => s.WorkingOrderId != null).Select(s => s.WorkingOrderId!.Value).ToList();
        if (ids.Count == 0) return [];
        return await db.Orders.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, cancellationToken);
    }

    /// <summary>A strategy order still unfilled after a while is re-priced to the protected price of now, and given up after the last try.</summary>
    private async Task<bool> SettleWorkingAsync(UserStrategy activation, UserStrategySymbol symbol, Dictionary<Guid, Order> working,
        IReadOnlyDictionary<InstrumentKey, LtpSnapshot> snapshots, DateTime now, StrategyEngineOptions settings, CancellationToken cancellationToken)
    {
        if (symbol.WorkingOrderId is not { } orderId) return false;
        if (!working.TryGetValue(orderId, out var order) || order.Status.IsTerminal())
        {
            var filled = order?.Status == OrderStatus.Filled;
            symbol.WorkingOrderId = null;
            symbol.WorkingSince = null;
            symbol.Reprices = 0;
            if (!filled) symbol.Position = SignalPlan.Held(symbol.NetQuantity); // given up, cancelled or rejected: hold what the fills left
            return true;
        }
        if (!order.Status.IsChangeable() || now - (symbol.WorkingSince ?? order.CreatedAt) < settings.RepriceAfter) return false;
        if (symbol.Reprices >= settings.MaxReprices)
        {
            var refused = await pipeline.CancelAsync(activation.UserId, order.Id, cancellationToken);
            if (refused is not null) logger.LogWarning("Giving up strategy order {OrderId} failed: {Reason}", order.Id, refused);
            symbol.WorkingSince = now;
            return true;
        }
        var snapshot = snapshots.GetValueOrDefault(new InstrumentKey(symbol.Exchange, symbol.SymbolToken));
        var instrument = await instruments.FindAsync(symbol.Exchange, symbol.SymbolToken, cancellationToken);
        if (snapshot is null || instrument is null) return false;
        var price = protection.MarketLimit(instrument, order.ProductType, order.Side, snapshot.LastPrice, snapshot.PreviousClose, IndianTime.Today(time)).LimitPrice;
        symbol.Reprices++;
        symbol.WorkingSince = now;
        if (price != order.Price)
        {
            var problem = await pipeline.ModifyAsync(activation.UserId, order.Id, order.Quantity, price, null, cancellationToken);
            if (problem is not null) logger.LogInformation("Re-pricing strategy order {OrderId} failed: {Reason}", order.Id, problem);
        }
        return true;
    }

    private static string SignalText(Signal signal) => signal switch
    {
        Signal.EnterLong => "buy signal on",
        Signal.EnterShort => "sell-short signal on",
        Signal.Exit => "exit signal on",
        _ => "signal on",
    };

    private async Task ActAsync(UserStrategy activation, UserStrategySymbol symbol, Bar bar, Signal signal, int atBroker, CancellationToken cancellationToken)
    {
        var entry = Marketplace.LotSizing.Quantity(activation.Lots, symbol.LotSize);
        var plan = SignalPlan.For(signal, symbol.Position, symbol.NetQuantity, atBroker, entry, symbol.WorkingOrderId is not null);
        if (signal is Signal.EnterLong or Signal.EnterShort && activation.ProductType == ProductType.Intraday
            && squareOff.CurrentValue.Segments.FirstOrDefault(s => s.Exchanges.Contains(symbol.Exchange))?.At is { } cut
            && TimeOnly.FromDateTime(IndianTime.ToIst(bar.Time).DateTime) >= cut && calendar.IsOpen(symbol.Exchange, bar.Time))
        {
            // In the session's last minutes the broker squares intraday positions off and takes no new ones; the backtest skips them the same way.
            plan = new SignalPlan(null, 0, false, symbol.Position, $"Skipped: intraday entries stop at the {cut:HH:mm} square-off.");
        }
        var clientId = StrategyClientIds.For(activation.Id, symbol.Exchange, symbol.SymbolToken, bar.Time, signal);
        if (plan.CancelWorking && symbol.WorkingOrderId is { } workingId)
        {
            await pipeline.CancelAsync(activation.UserId, workingId, cancellationToken);
        }
        Guid? orderId = null;
        var outcome = plan.Outcome;
        if (plan.SendsOrder)
        {
            var result = await pipeline.PlaceAsync(new PlaceOrderRequest(activation.UserId, clientId, symbol.Exchange, symbol.SymbolToken, plan.Side!.Value,
                OrderType.Market, activation.ProductType, OrderVariety.Normal, OrderValidity.Day, plan.Quantity, Source: OrderSource.Strategy,
                UserStrategyId: activation.Id, BrokerAccountId: activation.BrokerAccountId, Tag: activation.StrategyVersion!.AlgoId), cancellationToken);
            if (result.Order is { } order && order.Status != OrderStatus.Rejected)
            {
                orderId = order.Id;
                symbol.WorkingOrderId = order.Status.IsWorking() ? order.Id : null;
                symbol.WorkingSince = order.Status.IsWorking() ? time.GetUtcNow().UtcDateTime : null;
                symbol.Reprices = 0;
                symbol.Position = plan.Position;
            }
            else
            {
                // Refused or rejected: the strategy keeps the side it had (an entry stays flat, a failed exit still holds).
                orderId = result.Order?.Id;
                outcome = $"Refused: {result.Message ?? result.Order?.ErrorMessage ?? "rejected by the broker"}";
            }
        }
        else
        {
            symbol.Position = plan.Position;
        }
        // The order (if any) is placed: store the signal and the symbol's new state now, so a crash from here re-evaluates nothing twice.
        var now = time.GetUtcNow().UtcDateTime;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.StrategySignals.AnyAsync(s => s.UserStrategyId == activation.Id && s.Exchange == symbol.Exchange && s.SymbolToken == symbol.SymbolToken
                    && s.BarTime == bar.Time, cancellationToken))
            {
                db.StrategySignals.Add(new StrategySignal
                {
                    UserStrategyId = activation.Id, Exchange = symbol.Exchange, SymbolToken = symbol.SymbolToken, BarTime = bar.Time, Signal = signal,
                    Revision = activation.Revision, ClientOrderId = clientId, OrderId = orderId, Outcome = outcome.Truncated(500), CreatedAt = now,
                });
                // Told with the signal row (once per bar, as the row): what the rules said and what came of it.
                await notifications.AddAsync(db, activation.UserId, NotificationKind.StrategySignal, NotificationSeverity.Info,
                    $"{activation.StrategyVersion?.Name ?? "Strategy"}: {SignalText(signal)} {symbol.TradingSymbol}",
                    $"On the {IndianTime.Format(bar.Time, "HH:mm")} IST bar (close {bar.Close:0.00}). {outcome}",
                    orderId is { } placed ? $"/orders?order={placed}" : "/strategies", cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
            }
            await db.UserStrategies.Where(u => u.Id == activation.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.LastSignalAt, now), cancellationToken);
        }
        await stateWrites.SaveAsync([symbol], cancellationToken);
    }
}

public sealed class StrategyEngineJob(StrategyEngine engine, RecurringJobServices jobs) : RecurringJob(JobName, jobs), IJobDefinition
{
    public static string JobName => "StrategyEngine";

    /// <summary>Every 5 s on one instance (PostgreSQL advisory lock): a closed bar is evaluated within seconds of its grace; another instance takes over within a run of the holder stopping.</summary>
    public static JobSchedule DefaultSchedule => new() { Every = TimeSpan.FromSeconds(5), FirstRunAfter = TimeSpan.FromSeconds(10), SingleInstance = true };

    protected override Task RunAsync(CancellationToken cancellationToken) => engine.RunOnceAsync(cancellationToken);
}
