using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Live;

namespace Trading.Web.Features.Risk;

/// <summary>The "RiskDefaults" section of <c>market-rates.json</c>: dated values the default rules start from.</summary>
public sealed class RiskDefaultsOptions
{
    public const string Section = "RiskDefaults";

    public sealed class DatedValue
    {
        public DateOnly From { get; set; }
        public decimal Value { get; set; }
        public string Source { get; set; } = "";
    }

    public List<DatedValue> OrdersPerSecond { get; set; } = [];

    /// <summary>The exchange's orders-per-second threshold in force on <paramref name="day"/> (10 when none is configured).</summary>
    public decimal OrdersPerSecondOn(DateOnly day) => OrdersPerSecond.Where(v => v.From <= day).MaxBy(v => v.From)?.Value ?? 10m;
}

/// <summary>A trader's rules: defaults from the risk profile, add, change, delete; every query is the trader's own.</summary>
public sealed class RiskRulesService(IDbContextFactory<TradingDbContext> dbFactory, RiskBookCache cache, ILiveEventPublisher live,
    Microsoft.Extensions.Options.IOptionsMonitor<RiskDefaultsOptions> defaults, TimeProvider time)
{
    /// <summary>
    /// Defaults by risk profile. The orders-per-second limit is the exchange's threshold for orders without a registered
    /// algo id (dated, in market-rates.json); the others are starting points a trader tunes on the risk page.
    /// </summary>
    public static IReadOnlyList<RiskRule> Defaults(RiskProfile profile, decimal ordersPerSecond)
    {
        var (orderValue, dailyLossPercent, openPositions, exposure) = profile switch
        {
            RiskProfile.Conservative => (2_00_000m, 2m, 5m, 100m),
            RiskProfile.Aggressive => (10_00_000m, 5m, 20m, 400m),
            _ => (5_00_000m, 3m, 10m, 200m),
        };
        return
        [
            New(RiskRuleKind.MaxOrderValue, orderValue, RiskTiming.PreTrade, RiskAction.Block),
            New(RiskRuleKind.MaxOrdersPerSecond, ordersPerSecond, RiskTiming.PreTrade, RiskAction.Block),
            New(RiskRuleKind.MaxOpenPositions, openPositions, RiskTiming.PreTrade, RiskAction.Block),
            New(RiskRuleKind.MaxExposurePercent, exposure, RiskTiming.PreTrade, RiskAction.Block),
            New(RiskRuleKind.MaxDailyLoss, dailyLossPercent, RiskTiming.Both, RiskAction.KillSwitch, percent: true),
        ];
    }

    private static RiskRule New(RiskRuleKind kind, decimal threshold, RiskTiming timing, RiskAction action, bool percent = false) => new()
    {
        Id = Guid.CreateVersion7(), Kind = kind, Threshold = threshold, ThresholdIsPercent = percent, Scope = RiskScope.AllAccounts, Timing = timing, Action = action,
    };

    /// <summary>Gives a new trader the defaults of their profile (once: nothing happens when they have rules).</summary>
    public async Task ApplyDefaultsAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.RiskRules.AnyAsync(r => r.UserId == userId, cancellationToken)) return;
        var profile = await db.Users.Where(u => u.Id == userId).Select(u => u.RiskProfile).FirstAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var rule in Defaults(profile, defaults.CurrentValue.OrdersPerSecondOn(Infrastructure.IndianTime.Today(time))))
        {
            (rule.UserId, rule.CreatedAt, rule.UpdatedAt) = (userId, now, now);
            db.RiskRules.Add(rule);
        }
        await db.SaveChangesAsync(cancellationToken);
        cache.Forget(userId);
    }

    public async Task<IReadOnlyList<RiskRule>> ListAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.RiskRules.AsNoTracking().Where(r => r.UserId == userId).OrderBy(r => r.Kind).ThenBy(r => r.CreatedAt).ToListAsync(cancellationToken);
    }

    /// <summary>Adds (<paramref name="rule"/>.Id empty) or changes one of the trader's rules; a message when it makes no sense (nothing stored then).</summary>
    public async Task<string?> SaveAsync(Guid userId, RiskRule rule, CancellationToken cancellationToken = default)
    {
        if (RiskRuleEvaluator.Problem(rule) is { } problem) return problem;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        if (rule.Id == Guid.Empty)
        {
            db.RiskRules.Add(new RiskRule
            {
                Id = Guid.CreateVersion7(), UserId = userId, Kind = rule.Kind, Threshold = rule.Threshold, ThresholdIsPercent = rule.ThresholdIsPercent, Scope = rule.Scope,
                ScopeValue = rule.ScopeValue?.Trim(), Parameter = rule.Parameter?.Trim(), Timing = rule.Timing, Action = rule.Action, Enabled = rule.Enabled, CreatedAt = now, UpdatedAt = now,
            });
        }
        else
        {
            var stored = await db.RiskRules.FirstOrDefaultAsync(r => r.Id == rule.Id && r.UserId == userId, cancellationToken);
            if (stored is null) return "That rule no longer exists.";
            (stored.Kind, stored.Threshold, stored.ThresholdIsPercent, stored.Scope, stored.ScopeValue, stored.Parameter, stored.Timing, stored.Action, stored.Enabled, stored.UpdatedAt) =
                (rule.Kind, rule.Threshold, rule.ThresholdIsPercent, rule.Scope, rule.ScopeValue?.Trim(), rule.Parameter?.Trim(), rule.Timing, rule.Action, rule.Enabled, now);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return "The rule changed meanwhile; reload and try again.";
        }
        cache.Forget(userId);
        await live.PublishAsync(new LiveEvent(userId, LiveTopics.Risk, null, now), cancellationToken);
        return null;
    }

    public async Task<string?> DeleteAsync(Guid userId, Guid ruleId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var deleted = await db.RiskRules.Where(r => r.Id == ruleId && r.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0) return "That rule no longer exists.";
        cache.Forget(userId);
        await live.PublishAsync(new LiveEvent(userId, LiveTopics.Risk, null, time.GetUtcNow().UtcDateTime), cancellationToken);
        return null;
    }

    public async Task<IReadOnlyList<RiskViolation>> ViolationsAsync(Guid userId, RiskRuleKind? kind = null, int take = 200, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.RiskViolations.AsNoTracking().Where(v => v.UserId == userId);
        if (kind is { } k) query = query.Where(v => v.Kind == k);
        return await query.OrderByDescending(v => v.Id).Take(take).ToListAsync(cancellationToken);
    }
}
