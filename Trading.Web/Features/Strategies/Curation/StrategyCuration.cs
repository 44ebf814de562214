using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Admin;
using Trading.Web.Features.Notifications;
using Trading.Web.Features.Strategies.Marketplace;

namespace Trading.Web.Features.Strategies.Curation;

/// <summary>What an admin fills in for a marketplace entry.</summary>
public sealed record ListingDraft(string Code, string BuiltInKey, string Name, string Description, string Category, string InstrumentTypes,
    StrategyRiskLevel RiskLevel, decimal MinimumCapital, string? AlgoId, IReadOnlyDictionary<string, ParameterRange> Ranges);

/// <summary>An entry as the curation page lists it, with how many running activations each version has.</summary>
public sealed record CuratedListing(Strategy Strategy, IReadOnlyList<StrategyVersion> Versions, IReadOnlyDictionary<int, int> ActivationsByVersion);

/// <summary>
/// Admin curation of the marketplace (the page and this service need the Admin role): entries bound to a built-in
/// strategy, every edit a new version, states Draft → Published → Suspended → Retired with who and when, each action
/// in the admin audit log. Suspending or retiring tells every trader with a running activation.
/// </summary>
public sealed class StrategyCuration(IDbContextFactory<TradingDbContext> dbFactory, AdminAuditLog audit, NotificationService notifications, TimeProvider time)
{
    public static readonly string[] KnownInstrumentTypes = ["EQ", "FUT", "OPT", "COM"];

    public async Task<IReadOnlyList<CuratedListing>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var strategies = await db.Strategies.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);
        var versions = await db.StrategyVersions.AsNoTracking().ToListAsync(cancellationToken);
        var counts = await db.UserStrategies.AsNoTracking().Where(u => u.Status != UserStrategyStatus.Stopped)
            .GroupBy(u => new { u.StrategyId, u.StrategyVersion!.Version }).Select(g => new { g.Key.StrategyId, g.Key.Version, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return strategies.Select(s => new CuratedListing(s,
            versions.Where(v => v.StrategyId == s.Id).OrderByDescending(v => v.Version).ToList(),
            counts.Where(c => c.StrategyId == s.Id).ToDictionary(c => c.Version, c => c.Count))).ToList();
    }

    /// <summary>Why this draft cannot be saved, per field ("" for the whole form), or none.</summary>
    public static IReadOnlyDictionary<string, string> Check(ListingDraft draft)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(draft.Code) || draft.Code.Length > 64 || !draft.Code.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            errors[nameof(draft.Code)] = "The code is 1–64 lower-case letters, digits and hyphens (it is the entry's address).";
        if (BuiltInStrategies.Find(draft.BuiltInKey) is not { } definition)
        {
            errors[nameof(draft.BuiltInKey)] = "Choose the built-in strategy this entry runs.";
        }
        else
        {
            foreach (var (name, problem) in ParameterRanges.Check(definition.Schema, draft.Ranges)) errors["range:" + name] = problem;
            var narrowed = ParameterRanges.Apply(definition.Schema, draft.Ranges);
            var defaults = narrowed.ToDictionary(s => s.Name, s => (string?)StrategyParameters.Show(s, s.Default));
            if (errors.Count == 0 && definition.Build(defaults).Errors is { Count: > 0 } buildErrors)
                errors[""] = "The defaults do not make a valid strategy: " + string.Join(" ", buildErrors.Values);
        }
        if (string.IsNullOrWhiteSpace(draft.Name) || draft.Name.Trim().Length > 128) errors[nameof(draft.Name)] = "A name of 1–128 characters.";
        if (string.IsNullOrWhiteSpace(draft.Description) || draft.Description.Trim().Length > 4000)
            errors[nameof(draft.Description)] = "A short description of 1–4,000 characters.";
        if (string.IsNullOrWhiteSpace(draft.Category) || draft.Category.Trim().Length > 64) errors[nameof(draft.Category)] = "A category of 1–64 characters.";
        var types = SplitTypes(draft.InstrumentTypes);
        if (types.Length == 0 || types.Any(t => !KnownInstrumentTypes.Contains(t)))
            errors[nameof(draft.InstrumentTypes)] = $"One or more of {string.Join(", ", KnownInstrumentTypes)}.";
        if (draft.MinimumCapital < 0 || draft.MinimumCapital > 100_00_00_000m) errors[nameof(draft.MinimumCapital)] = "Minimum capital from ₹0 to ₹100 crore.";
        // It goes out as Angel One's ordertag, which must be under 20 characters (AB4008).
        if (draft.AlgoId is { Length: > 0 } algo && (algo.Trim().Length > 19 || !algo.Trim().All(char.IsAsciiLetterOrDigit)))
            errors[nameof(draft.AlgoId)] = "The exchange algo id is up to 19 letters and digits, sent as the order tag (leave it empty for paper only).";
        return errors;
    }

    public static string[] SplitTypes(string? types) =>
        (types ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => t.ToUpperInvariant()).Distinct().ToArray();

    public async Task<(Strategy? Strategy, IReadOnlyDictionary<string, string> Errors)> CreateAsync(Guid adminId, ListingDraft draft,
        CancellationToken cancellationToken = default)
    {
        var errors = Check(draft);
        if (errors.Count > 0) return (null, errors);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Strategies.AnyAsync(s => s.Code == draft.Code, cancellationToken))
            return (null, new Dictionary<string, string> { [nameof(draft.Code)] = $"An entry with the code {draft.Code} exists already." });
        var who = await EmailAsync(db, adminId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var strategy = new Strategy
        {
            Id = Guid.CreateVersion7(),
            Code = draft.Code,
            Status = StrategyListingStatus.Draft,
            StatusChangedAt = now,
            StatusChangedBy = who,
            Author = who,
            AuthorUserId = adminId,
            Version = 0,
            CreatedAt = now,
        };
        db.Strategies.Add(strategy);
        AddVersion(db, strategy, draft, who, now);
        await audit.AddAsync(db, adminId, AdminAction.StrategyCreate, null, null, $"{strategy.Code} v1 ({draft.BuiltInKey})", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return (strategy, errors);
    }

    /// <summary>An edit is a new version; running activations stay on theirs until their trader moves.</summary>
    public async Task<IReadOnlyDictionary<string, string>> EditAsync(Guid adminId, Guid strategyId, ListingDraft draft, CancellationToken cancellationToken = default)
    {
        var errors = Check(draft with { Code = "x" });
        if (errors.Count > 0) return errors;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var strategy = await db.Strategies.FirstOrDefaultAsync(s => s.Id == strategyId, cancellationToken);
        if (strategy is null) return new Dictionary<string, string> { [""] = "That entry no longer exists." };
        if (strategy.Status == StrategyListingStatus.Retired) return new Dictionary<string, string> { [""] = "A retired entry cannot be edited." };
        var who = await EmailAsync(db, adminId, cancellationToken);
        AddVersion(db, strategy, draft with { Code = strategy.Code }, who, time.GetUtcNow().UtcDateTime);
        await audit.AddAsync(db, adminId, AdminAction.StrategyEdit, null, null, $"{strategy.Code} v{strategy.Version}", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return errors;
    }

    public async Task<string?> MoveAsync(Guid adminId, Guid strategyId, StrategyListingStatus to, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var strategy = await db.Strategies.FirstOrDefaultAsync(s => s.Id == strategyId, cancellationToken);
        if (strategy is null) return "That entry no longer exists.";
        if (!ListingRules.CanMove(strategy.Status, to)) return $"A {strategy.Status.ToString().ToLowerInvariant()} entry cannot be {to.ToString().ToLowerInvariant()}.";
        var from = strategy.Status;
        strategy.Status = to;
        strategy.StatusChangedAt = time.GetUtcNow().UtcDateTime;
        strategy.StatusChangedBy = await EmailAsync(db, adminId, cancellationToken);
        if (to is StrategyListingStatus.Suspended or StrategyListingStatus.Retired)
        {
            var users = await db.UserStrategies.Where(u => u.StrategyId == strategyId && u.Status != UserStrategyStatus.Stopped)
                .Select(u => u.UserId).Distinct().ToListAsync(cancellationToken);
            foreach (var user in users)
            {
                await notifications.AddAsync(db, user, NotificationKind.StrategyListing, NotificationSeverity.Warning, $"{strategy.Name} is {to.ToString().ToLowerInvariant()}",
                    $"The marketplace no longer takes new activations of {strategy.Name}. Your running activation keeps running on its version; " +
                    "review it on My strategies.", "/strategies", cancellationToken);
            }
        }
        await audit.AddAsync(db, adminId, AdminAction.StrategyStatus, null, null, $"{strategy.Code}: {from} → {to}", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    private static void AddVersion(TradingDbContext db, Strategy strategy, ListingDraft draft, string who, DateTime now)
    {
        strategy.Version++;
        strategy.BuiltInKey = draft.BuiltInKey;
        strategy.Name = draft.Name.Trim();
        strategy.Description = draft.Description.Trim();
        strategy.Category = draft.Category.Trim();
        strategy.InstrumentTypes = string.Join(",", SplitTypes(draft.InstrumentTypes));
        strategy.ParameterRangesJson = ParameterRanges.Write(draft.Ranges);
        strategy.RiskLevel = draft.RiskLevel;
        strategy.MinimumCapital = draft.MinimumCapital;
        strategy.AlgoId = string.IsNullOrWhiteSpace(draft.AlgoId) ? null : draft.AlgoId.Trim();
        strategy.UpdatedAt = now;
        db.StrategyVersions.Add(VersionOf(strategy, who, now));
    }

    /// <summary>The entry as it now reads, frozen as its version <see cref="Strategy.Version"/>.</summary>
    public static StrategyVersion VersionOf(Strategy strategy, string who, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        StrategyId = strategy.Id,
        Version = strategy.Version,
        BuiltInKey = strategy.BuiltInKey,
        Name = strategy.Name,
        Description = strategy.Description,
        Category = strategy.Category,
        InstrumentTypes = strategy.InstrumentTypes,
        ParameterRangesJson = strategy.ParameterRangesJson,
        RiskLevel = strategy.RiskLevel,
        MinimumCapital = strategy.MinimumCapital,
        AlgoId = strategy.AlgoId,
        CreatedBy = who,
        CreatedAt = now,
    };

    private static async Task<string> EmailAsync(TradingDbContext db, Guid userId, CancellationToken cancellationToken) =>
        await db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken) ?? userId.ToString();
}
