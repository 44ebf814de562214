using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Notifications;
using Trading.Web.Features.Orders;
using Trading.Web.Infrastructure;
using Trading.Web.Infrastructure.Jobs;

namespace Trading.Web.Features.Positions;

public sealed class IntradaySegment
{
    public string Name { get; set; } = "";
    public List<Exchange> Exchanges { get; set; } = [];
    /// <summary>IST time of day intraday positions of these exchanges are squared off.</summary>
    public TimeOnly At { get; set; }
}

/// <summary>The "IntradaySquareOff" section of <c>market-rates.json</c>: when the broker closes MIS positions.</summary>
public sealed class IntradaySquareOffOptions
{
    public const string Section = "IntradaySquareOff";
    public int WarnMinutesBefore { get; set; } = 10;
    public List<IntradaySegment> Segments { get; set; } = [];
}

public enum SquareOffStep { None, Warn, SquareOff }

/// <summary>What is due for a segment at an IST moment: nothing, the warning, or the square-off (and every run after it that day).</summary>
public static class IntradaySquareOffRules
{
    public static SquareOffStep Due(TimeOnly now, TimeOnly at, int warnMinutesBefore) =>
        now >= at ? SquareOffStep.SquareOff
        : now >= at.AddMinutes(-warnMinutesBefore) ? SquareOffStep.Warn
        : SquareOffStep.None;
}

/// <summary>
/// The broker's intraday lifecycle on paper and in the app: before the cut-off each trader with open intraday (MIS)
/// positions of a segment is warned once; from the cut-off their pending intraday orders of the segment are cancelled
/// and the positions squared off (source AutoSquareOff), on every run until none is left, so one opened late is closed
/// too. Trading days of the segment's exchanges only.
/// </summary>
public sealed class IntradaySquareOff(
    IDbContextFactory<TradingDbContext> dbFactory,
    IServiceScopeFactory scopes,
    NotificationService notifications,
    MarketCalendar calendar,
    Microsoft.Extensions.Options.IOptionsMonitor<IntradaySquareOffOptions> options,
    TimeProvider time,
    ILogger<IntradaySquareOff> logger)
{
    public const string WarningTitle = "Intraday positions close soon";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = IndianTime.Now(time);
        var today = DateOnly.FromDateTime(now.DateTime);
        var settings = options.CurrentValue;
        foreach (var segment in settings.Segments)
        {
            var exchanges = segment.Exchanges.Where(e => calendar.IsTradingDay(e, today)).ToList();
            if (exchanges.Count == 0) continue;
            switch (IntradaySquareOffRules.Due(TimeOnly.FromDateTime(now.DateTime), segment.At, settings.WarnMinutesBefore))
            {
                case SquareOffStep.Warn:
                    await WarnAsync(segment, exchanges, today, cancellationToken);
                    break;
                case SquareOffStep.SquareOff:
                    await SquareOffAsync(segment, exchanges, cancellationToken);
                    break;
            }
        }
    }

    private async Task WarnAsync(IntradaySegment segment, List<Exchange> exchanges, DateOnly today, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var dayStart = IndianTime.StartOfDayUtc(today);
        var title = $"{WarningTitle}: {segment.Name} at {segment.At:HH:mm} IST";
        var users = await db.Positions.AsNoTracking()
            .Where(p => p.ClosedAt == null && p.NetQuantity != 0 && p.ProductType == ProductType.Intraday && exchanges.Contains(p.Exchange))
            .Select(p => p.UserId).Distinct().ToListAsync(cancellationToken);
        var warned = await db.Notifications.AsNoTracking().Where(n => n.Title == title && n.CreatedAt >= dayStart).Select(n => n.UserId).ToListAsync(cancellationToken);
        foreach (var userId in users.Except(warned))
        {
            await notifications.AddAsync(db, userId, NotificationKind.SquareOff, NotificationSeverity.Warning, title,
                $"Your open intraday (MIS) {segment.Name} positions and their pending orders are closed automatically at {segment.At:HH:mm} IST. " +
                "Square them off yourself before then, or convert them to delivery / carry forward to keep them.", "/positions", cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task SquareOffAsync(IntradaySegment segment, List<Exchange> exchanges, CancellationToken cancellationToken)
    {
        List<Guid> users;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var withPositions = await db.Positions.AsNoTracking()
                .Where(p => p.ClosedAt == null && p.NetQuantity != 0 && p.ProductType == ProductType.Intraday && exchanges.Contains(p.Exchange))
                .Select(p => p.UserId).Distinct().ToListAsync(cancellationToken);
            var withOrders = await db.Orders.AsNoTracking()
                .Where(o => o.ProductType == ProductType.Intraday && exchanges.Contains(o.Exchange) && OrderStatuses.Changeable.Contains(o.Status))
                .Select(o => o.UserId).Distinct().ToListAsync(cancellationToken);
            users = withPositions.Union(withOrders).ToList();
        }
        foreach (var userId in users)
        {
            try
            {
                await SquareOffUserAsync(userId, segment, exchanges, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Auto square-off failed for a trader; the next run tries again");
            }
        }
    }

    private async Task SquareOffUserAsync(Guid userId, IntradaySegment segment, List<Exchange> exchanges, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var positions = scope.ServiceProvider.GetRequiredService<PositionsService>();
        var pipeline = scope.ServiceProvider.GetRequiredService<OrderPipeline>();
        var outcomes = await positions.SquareOffAllAsync(userId, cancellationToken,
            p => p.ProductType == ProductType.Intraday && exchanges.Contains(p.Exchange), OrderSource.AutoSquareOff);

        // Pending intraday orders with no position behind them would open one after the cut-off: cancelled too.
        List<Order> pending;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            pending = await db.Orders.AsNoTracking()
                .Where(o => o.UserId == userId && o.ProductType == ProductType.Intraday && exchanges.Contains(o.Exchange)
                    && OrderStatuses.Changeable.Contains(o.Status) && o.Source != OrderSource.AutoSquareOff)
                .ToListAsync(cancellationToken);
        }
        var cancelled = new List<string>();
        foreach (var order in pending.Where(o => o.BrokerOrderId is not null))
        {
            if (await pipeline.CancelAsync(userId, order.Id, cancellationToken) is null) cancelled.Add($"{order.Side} {order.Quantity - order.FilledQuantity} {order.TradingSymbol}");
        }
        if (outcomes.Count == 0 && cancelled.Count == 0) return;

        var lines = outcomes.Select(o => o.Describe()).ToList();
        if (cancelled.Count > 0) lines.Add($"Cancelled pending intraday orders: {string.Join(", ", cancelled)}.");
        await using var save = await dbFactory.CreateDbContextAsync(cancellationToken);
        await notifications.AddAsync(save, userId, NotificationKind.SquareOff, outcomes.All(o => o.Succeeded) ? NotificationSeverity.Info : NotificationSeverity.Error,
            $"Intraday {segment.Name} positions squared off at {segment.At:HH:mm} IST", string.Join(" ", lines), "/positions", cancellationToken);
        await save.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>Runs <see cref="IntradaySquareOff"/> every 20 seconds on one instance.</summary>
public sealed class IntradaySquareOffJob(IntradaySquareOff squareOff, RecurringJobServices jobs) : RecurringJob(JobName, jobs), IJobDefinition
{
    public static string JobName => "IntradaySquareOff";

    public static JobSchedule DefaultSchedule => new() { Every = TimeSpan.FromSeconds(20), SingleInstance = true };

    protected override Task RunAsync(CancellationToken cancellationToken) => squareOff.RunAsync(cancellationToken);
}
