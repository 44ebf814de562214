using System.Globalization;
using Trading.Data.Entities;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Risk;

/// <summary>
/// The pre-trade decision, pure: the trader's state first (halted: only the risk engine's exits; reduce-only: only
/// orders that shrink a position), then every enabled pre-trade rule whose scope covers the order, in a fixed order.
/// The risk engine's own orders (source Risk, the broker's auto square-off) always pass; an order that only reduces a
/// position passes every entry rule (only the orders-per-second throttle still counts it).
/// </summary>
public static class RiskRuleEvaluator
{
    public static string? StateRefusal(TradingState state, string? reason, RiskOrder order, RiskBook book) => state switch
    {
        _ when order.Source is OrderSource.Risk or OrderSource.AutoSquareOff => null,
        TradingState.Halted => $"Trading is halted for today{(reason is null ? "" : $" ({reason})")}: only the risk engine's exits go through.",
        TradingState.ReduceOnly when !book.Reduces(order) =>
            $"Reduce-only today{(reason is null ? "" : $" ({reason})")}: only orders that reduce an open position are taken.",
        _ => null,
    };

    public static RiskBreach? PreTrade(IEnumerable<RiskRule> rules, RiskOrder order, RiskBook book)
    {
        if (order.Source is OrderSource.Risk or OrderSource.AutoSquareOff) return null;
        var reduces = book.Reduces(order);
        foreach (var rule in rules.Where(r => r.Enabled && r.Timing != RiskTiming.PostTrade && Covers(r, order)).OrderBy(r => r.Kind))
        {
            if (reduces && rule.Kind != RiskRuleKind.MaxOrdersPerSecond) continue;
            if (Check(rule, order, book) is { } breach) return breach;
        }
        return null;
    }

    /// <summary>
    /// The post-trade decision over the book as it stands (after a tick or a fill): the first enabled post-trade rule it
    /// breaches. Symbol-scoped rules look at that symbol's position only; account and strategy scopes at the whole book.
    /// </summary>
    public static RiskBreach? PostTrade(IEnumerable<RiskRule> rules, RiskBook book)
    {
        foreach (var rule in rules.Where(r => r.Enabled && r.Timing != RiskTiming.PreTrade).OrderBy(r => r.Kind))
        {
            var name = RiskText.Name(rule.Kind);
            var limit = rule.Threshold;
            var positions = rule.Scope == RiskScope.Symbol
                ? book.Positions.Where(p => string.Equals(p.TradingSymbol, rule.ScopeValue, StringComparison.OrdinalIgnoreCase)).ToList()
                : book.Positions;
            RiskBreach? breach = rule.Kind switch
            {
                RiskRuleKind.MaxDailyLoss or RiskRuleKind.MaxDrawdownPercent or RiskRuleKind.DailyProfitTarget => Check(rule, Nothing, book),
                RiskRuleKind.MaxOpenPositions when positions.Count(p => p.NetQuantity != 0) > limit =>
                    new(rule, positions.Count(p => p.NetQuantity != 0), limit, $"{name}: {positions.Count(p => p.NetQuantity != 0)} open, over the limit {RiskText.Number(limit)}"),
                RiskRuleKind.MaxPositionValue when positions.FirstOrDefault(p => p.Value > limit) is { } big =>
                    new(rule, big.Value, limit, $"{name} for {big.TradingSymbol}: {RiskText.Rupees(big.Value)} exceeds the limit {RiskText.Rupees(limit)}"),
                RiskRuleKind.MaxExposurePercent when book.Capital > 0 && book.Exposure / book.Capital * 100m > limit =>
                    new(rule, Math.Round(book.Exposure / book.Capital * 100m, 2), limit,
                        $"{name}: {RiskText.Number(Math.Round(book.Exposure / book.Capital * 100m, 2))}% of capital exceeds the limit {RiskText.Number(limit)}%"),
                _ => null,
            };
            if (breach is not null) return breach;
        }
        return null;
    }

    /// <summary>No order: the book-level checks of <see cref="Check"/> read only the book.</summary>
    private static readonly RiskOrder Nothing = new(null, null, OrderSource.Risk, Exchange.NSE, "", "", "", 1, ProductType.Intraday, OrderSide.Buy, 0, 0, DateTime.MinValue);

    public static bool Covers(RiskRule rule, RiskOrder order) => rule.Scope switch
    {
        RiskScope.Account => rule.ScopeValue is { } a && order.BrokerAccountId?.ToString() == a,
        RiskScope.Strategy => rule.ScopeValue is { } s && order.UserStrategyId?.ToString() == s,
        RiskScope.Symbol => string.Equals(rule.ScopeValue, order.TradingSymbol, StringComparison.OrdinalIgnoreCase),
        _ => true,
    };

    public static RiskBreach? Check(RiskRule rule, RiskOrder order, RiskBook book)
    {
        var name = RiskText.Name(rule.Kind);
        var limit = rule.Threshold;
        switch (rule.Kind)
        {
            case RiskRuleKind.MaxOrderValue when order.Value > limit:
                return new(rule, order.Value, limit, $"{name}: {RiskText.Rupees(order.Value)} exceeds the limit {RiskText.Rupees(limit)}");
            case RiskRuleKind.MaxQuantityPerOrder:
            {
                var lots = order.IsDerivative;
                var size = lots ? order.Quantity / (decimal)Math.Max(1, order.LotSize) : order.Quantity;
                var unit = lots ? " lots" : "";
                return size > limit ? new(rule, size, limit, $"{name}: {RiskText.Number(size)}{unit} exceeds the limit {RiskText.Number(limit)}{unit}") : null;
            }
            case RiskRuleKind.MaxPositionValue:
            {
                var held = book.PositionOf(order.Exchange, order.SymbolToken, order.Product)?.NetQuantity ?? 0;
                var after = Math.Abs(held + (order.Side == OrderSide.Buy ? order.Quantity : -order.Quantity)) * order.Price;
                return after > limit ? new(rule, after, limit, $"{name} for {order.TradingSymbol}: {RiskText.Rupees(after)} would exceed the limit {RiskText.Rupees(limit)}") : null;
            }
            case RiskRuleKind.MaxOpenPositions:
            {
                if (book.PositionOf(order.Exchange, order.SymbolToken, order.Product) is not null) return null; // adds to one already open
                var open = book.Positions.Count(p => p.NetQuantity != 0);
                return open + 1 > limit ? new(rule, open + 1, limit, $"{name}: this would be position {open + 1}, over the limit {RiskText.Number(limit)}") : null;
            }
            case RiskRuleKind.MaxDailyLoss:
            {
                var rupees = rule.ThresholdIsPercent ? book.Capital * limit / 100m : limit;
                var loss = -book.DayPnl;
                var shown = rule.ThresholdIsPercent ? $"{RiskText.Number(limit)}% of capital ({RiskText.Rupees(rupees)})" : RiskText.Rupees(rupees);
                return loss >= rupees ? new(rule, loss, rupees, $"{name}: today's loss {RiskText.Rupees(loss)} has reached the limit {shown}") : null;
            }
            case RiskRuleKind.MaxDrawdownPercent when book.DrawdownPercent >= limit && limit > 0:
                return new(rule, Math.Round(book.DrawdownPercent, 2), limit,
                    $"{name}: {RiskText.Number(Math.Round(book.DrawdownPercent, 2))}% below today's peak has reached the limit {RiskText.Number(limit)}%");
            case RiskRuleKind.DailyProfitTarget when book.DayPnl >= limit && limit > 0:
                return new(rule, book.DayPnl, limit, $"{name}: today's {RiskText.Rupees(book.DayPnl)} has reached the target {RiskText.Rupees(limit)}; profits are locked");
            case RiskRuleKind.MaxOrdersPerDay when book.OrdersToday + 1 > limit:
                return new(rule, book.OrdersToday + 1, limit, $"{name}: order {book.OrdersToday + 1} today exceeds the limit {RiskText.Number(limit)}");
            case RiskRuleKind.MaxOrdersPerSecond when book.OrdersLastSecond + 1 > limit:
                return new(rule, book.OrdersLastSecond + 1, limit, $"{name}: {book.OrdersLastSecond + 1} in one second exceeds the limit {RiskText.Number(limit)}");
            case RiskRuleKind.MaxExposurePercent when book.Capital > 0:
            {
                var reducesExposure = book.Reduces(order);
                var after = (book.Exposure + (reducesExposure ? -order.Value : order.Value)) / book.Capital * 100m;
                return after > limit ? new(rule, Math.Round(after, 2), limit, $"{name}: {RiskText.Number(Math.Round(after, 2))}% of capital exceeds the limit {RiskText.Number(limit)}%") : null;
            }
            case RiskRuleKind.TradingWindow when Window(rule.Parameter) is { } window && (window.Exchanges.Count == 0 || window.Exchanges.Contains(order.Exchange)):
            {
                var now = TimeOnly.FromDateTime(IndianTime.ToIst(order.At).DateTime);
                return now < window.From || now > window.To
                    ? new(rule, now.Hour * 100 + now.Minute, 0, $"{name}: {now:HH:mm} IST is outside {window.From:HH:mm}–{window.To:HH:mm}")
                    : null;
            }
            case RiskRuleKind.SymbolBlocklist when Blocklist(rule.Parameter).Contains(order.TradingSymbol):
                return new(rule, 1, 0, $"{name}: {order.TradingSymbol} is blocked");
            default:
                return null;
        }
    }

    public sealed record TradingWindowSpec(TimeOnly From, TimeOnly To, IReadOnlySet<Exchange> Exchanges);

    /// <summary>"09:20-15:00" or "09:20-15:00 NSE,BSE" (the exchanges it applies to; none: all).</summary>
    public static TradingWindowSpec? Window(string? parameter)
    {
        var parts = (parameter ?? "").Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return null;
        var times = parts[0].Split('-', '–');
        if (times.Length != 2
            || !TimeOnly.TryParseExact(times[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            || !TimeOnly.TryParseExact(times[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to) || to <= from)
            return null;
        var exchanges = new HashSet<Exchange>();
        foreach (var name in parts.Length > 1 ? parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [])
        {
            if (!Enum.TryParse<Exchange>(name, ignoreCase: true, out var exchange)) return null;
            exchanges.Add(exchange);
        }
        return new TradingWindowSpec(from, to, exchanges);
    }

    public static IReadOnlySet<string> Blocklist(string? parameter) =>
        (parameter ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToUpperInvariant())
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Why a rule as entered makes no sense for its kind (checked before it is stored), or null.</summary>
    public static string? Problem(RiskRule rule) => rule.Scope != RiskScope.AllAccounts && string.IsNullOrWhiteSpace(rule.ScopeValue)
        ? "Choose the account, strategy or symbol the rule is for."
        : rule.Timing != RiskTiming.PreTrade && rule.Kind is RiskRuleKind.MaxOrderValue or RiskRuleKind.MaxQuantityPerOrder or RiskRuleKind.MaxOrdersPerDay
            or RiskRuleKind.MaxOrdersPerSecond or RiskRuleKind.TradingWindow or RiskRuleKind.SymbolBlocklist
        ? $"{RiskText.Name(rule.Kind)} judges each order: it is checked before the order (timing PreTrade)."
        : rule.Kind switch
    {
        RiskRuleKind.TradingWindow when Window(rule.Parameter) is null => "Enter the window as 09:20-15:00 (IST), optionally followed by exchanges: 09:20-15:00 NSE,BSE.",
        RiskRuleKind.SymbolBlocklist when Blocklist(rule.Parameter).Count == 0 => "List the trading symbols to block, separated by commas (e.g. SBIN-EQ, YESBANK-EQ).",
        RiskRuleKind.TradingWindow or RiskRuleKind.SymbolBlocklist => null,
        RiskRuleKind.MaxOrdersPerSecond or RiskRuleKind.MaxOrdersPerDay or RiskRuleKind.MaxOpenPositions when rule.Threshold != decimal.Truncate(rule.Threshold) || rule.Threshold < 1
            => "A count of at least 1.",
        RiskRuleKind.MaxDrawdownPercent or RiskRuleKind.MaxExposurePercent when rule.Threshold is <= 0 or > 1000 => "A percentage above 0 (at most 1,000%).",
        RiskRuleKind.MaxDailyLoss when rule.ThresholdIsPercent && rule.Threshold is <= 0 or > 100 => "A percentage of capital above 0 and at most 100.",
        _ when rule.Threshold <= 0 => "The limit must be above zero.",
        _ when rule.Threshold > 1_000_00_00_000m => "That limit is more than ₹1,000 crore.",
        _ => null,
    };
}
