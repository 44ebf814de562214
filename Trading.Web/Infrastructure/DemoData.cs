using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Components.Account;

namespace Trading.Web.Infrastructure;

/// <summary>Demo sign-ins and marketplace entries for the embedded default (Trading:SeedDemoData).</summary>
public static class DemoData
{
    public const string AdminEmail = "admin@demo.trading";
    public const string TraderEmail = "trader@demo.trading";
    public const string Password = "Demo@12345";

    public static async Task SeedAsync(IServiceProvider provider, CancellationToken cancellationToken)
    {
        var users = provider.GetRequiredService<UserManager<ApplicationUser>>();
        var provisioning = provider.GetRequiredService<UserProvisioning>();
        if (await users.FindByEmailAsync(AdminEmail) is null)
        {
            await provisioning.CreateAsync(provisioning.NewUser(AdminEmail, "Demo Admin", 0m), Password, Roles.Admin);
        }
        if (await users.FindByEmailAsync(TraderEmail) is null)
        {
            var trader = provisioning.NewUser(TraderEmail, "Demo Trader", 500_000m);
            await provisioning.CreateAsync(trader, Password, Roles.Trader);
            await provider.GetRequiredService<Features.Risk.RiskRulesService>().ApplyDefaultsAsync(trader.Id, cancellationToken);
            var watchlist = provider.GetRequiredService<Features.Watchlist.WatchlistService>();
            foreach (var token in new[] { "99926000", "2885", "11536", "1594", "1333" })
            {
                await watchlist.AddAsync(trader.Id, new Features.MarketData.InstrumentKey(Exchange.NSE, token), cancellationToken);
            }
        }

        var db = provider.GetRequiredService<TradingDbContext>();
        var time = provider.GetRequiredService<TimeProvider>();
        var now = time.GetUtcNow().UtcDateTime;
        var existing = await db.Strategies.Select(s => s.Code).ToListAsync(cancellationToken);
        foreach (var listing in Listings().Where(l => !existing.Contains(l.Code)))
        {
            var strategy = new Strategy
            {
                Id = Guid.CreateVersion7(),
                Code = listing.Code,
                BuiltInKey = listing.BuiltInKey,
                Name = listing.Name,
                Description = listing.Description,
                Category = listing.Category,
                InstrumentTypes = listing.InstrumentTypes,
                ParameterRangesJson = "{}",
                RiskLevel = listing.RiskLevel,
                MinimumCapital = listing.MinimumCapital,
                Status = StrategyListingStatus.Published,
                StatusChangedAt = now,
                StatusChangedBy = AdminEmail,
                Author = "Trading team",
                Version = 1,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Strategies.Add(strategy);
            db.StrategyVersions.Add(Features.Strategies.Curation.StrategyCuration.VersionOf(strategy, AdminEmail, now));
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private sealed record DemoListing(string Code, string BuiltInKey, string Name, string Category, string InstrumentTypes, string Description,
        StrategyRiskLevel RiskLevel, decimal MinimumCapital);

    private static IEnumerable<DemoListing> Listings()
    {
        yield return new("rsi-mean-reversion", "rsi-mean-reversion", "RSI mean reversion", "Mean reversion", "EQ,FUT",
            "Fades stretched moves on one-minute bars: buys oversold, sells overbought, exits as RSI comes back.", StrategyRiskLevel.Medium, 25_000m);
        yield return new("momentum-roc", "momentum-roc", "Momentum (rate of change)", "Momentum", "EQ,FUT",
            "Follows strong short-term moves measured by the rate of change and steps aside when they fade.", StrategyRiskLevel.High, 50_000m);
        yield return new("ema-crossover", "ema-crossover", "Moving-average crossover", "Trend following", "EQ,FUT,COM",
            "Always in the market once warmed up: long above the slow average, short below it.", StrategyRiskLevel.Medium, 25_000m);
        yield return new("bollinger-reversion", "bollinger-reversion", "Bollinger reversion", "Mean reversion", "EQ",
            "Buys closes below the lower band and shorts closes above the upper band, out at the average.", StrategyRiskLevel.Medium, 25_000m);
        yield return new("opening-range-breakout", "opening-range-breakout", "Opening-range breakout", "Breakout", "EQ,FUT",
            "One trade a day on the break of the morning range, closed before the intraday square-off.", StrategyRiskLevel.High, 50_000m);
    }
}
