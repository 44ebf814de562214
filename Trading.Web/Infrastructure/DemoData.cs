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
            var watchlist = provider.GetRequiredService<Features.Watchlist.WatchlistService>();
            foreach (var token in new[] { "99926000", "2885", "11536", "1594", "1333" })
            {
                await watchlist.AddAsync(trader.Id, new Features.MarketData.InstrumentKey(Exchange.NSE, token), cancellationToken);
            }
        }

        var db = provider.GetRequiredService<TradingDbContext>();
        var time = provider.GetRequiredService<TimeProvider>();
        var existing = await db.Strategies.Select(s => s.Code).ToListAsync(cancellationToken);
        foreach (var strategy in Strategies(time.GetUtcNow().UtcDateTime).Where(s => !existing.Contains(s.Code)))
        {
            db.Strategies.Add(strategy);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private static IEnumerable<Strategy> Strategies(DateTime now)
    {
        yield return New("sma-crossover", "Moving average crossover", "Trend",
            "Buys when the fast simple moving average crosses above the slow one and sells on the opposite cross.",
            """{"fast":{"type":"int","label":"Fast period","min":2,"max":50},"slow":{"type":"int","label":"Slow period","min":5,"max":200},"quantity":{"type":"int","label":"Quantity","min":1,"max":10000}}""",
            """{"fast":9,"slow":21,"quantity":1}""", StrategyRiskLevel.Medium, 25_000m, now);
        yield return New("rsi-reversion", "RSI mean reversion", "Mean reversion",
            "Buys when RSI falls below the oversold level and exits when it recovers above the exit level.",
            """{"period":{"type":"int","label":"RSI period","min":2,"max":50},"oversold":{"type":"decimal","label":"Oversold","min":5,"max":50},"exit":{"type":"decimal","label":"Exit level","min":30,"max":90},"quantity":{"type":"int","label":"Quantity","min":1,"max":10000}}""",
            """{"period":14,"oversold":30,"exit":55,"quantity":1}""", StrategyRiskLevel.Medium, 25_000m, now);
        yield return New("momentum-breakout", "Momentum breakout", "Momentum",
            "Buys a break above the highest high of the look-back window with a trailing stop-loss.",
            """{"lookback":{"type":"int","label":"Look-back bars","min":5,"max":200},"stopPercent":{"type":"decimal","label":"Stop-loss %","min":0.2,"max":10},"quantity":{"type":"int","label":"Quantity","min":1,"max":10000}}""",
            """{"lookback":20,"stopPercent":1.5,"quantity":1}""", StrategyRiskLevel.High, 50_000m, now);
        yield return New("opening-range", "Opening range breakout", "Intraday",
            "Trades the break of the first 15 minutes' range and squares off before the close.",
            """{"rangeMinutes":{"type":"int","label":"Range minutes","min":5,"max":60},"targetPercent":{"type":"decimal","label":"Target %","min":0.2,"max":10},"quantity":{"type":"int","label":"Quantity","min":1,"max":10000}}""",
            """{"rangeMinutes":15,"targetPercent":1,"quantity":1}""", StrategyRiskLevel.High, 50_000m, now);
    }

    private static Strategy New(string code, string name, string category, string description, string schema, string defaults,
        StrategyRiskLevel risk, decimal minimumCapital, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        Code = code,
        Name = name,
        Category = category,
        Description = description,
        ParameterSchemaJson = schema,
        DefaultParametersJson = defaults,
        RiskLevel = risk,
        MinimumCapital = minimumCapital,
        IsPublished = true,
        Author = "Trading team",
        CreatedAt = now,
        UpdatedAt = now,
    };
}
