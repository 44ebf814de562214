using Trading.Data.Entities;

namespace Trading.Web.Features.Risk;

/// <summary>How much of a limit today has used (for the risk page's bars); null for rules that judge each order alone.</summary>
public static class RiskUsage
{
    public sealed record Usage(decimal Used, decimal Limit, string Text)
    {
        public decimal Percent => Limit <= 0 ? 0 : Math.Clamp(Used / Limit * 100m, 0, 100);
    }

    public static Usage? Of(RiskRule rule, RiskBook book)
    {
        var limit = rule.Threshold;
        switch (rule.Kind)
        {
            case RiskRuleKind.MaxDailyLoss:
                var rupees = rule.ThresholdIsPercent ? book.Capital * limit / 100m : limit;
                var loss = Math.Max(0, -book.DayPnl);
                return new(loss, rupees, $"loss {RiskText.Rupees(loss)} of {RiskText.Rupees(rupees)}");
            case RiskRuleKind.DailyProfitTarget:
                var profit = Math.Max(0, book.DayPnl);
                return new(profit, limit, $"profit {RiskText.Rupees(profit)} of {RiskText.Rupees(limit)}");
            case RiskRuleKind.MaxDrawdownPercent:
                return new(book.DrawdownPercent, limit, $"{RiskText.Number(Math.Round(book.DrawdownPercent, 2))}% of {RiskText.Number(limit)}%");
            case RiskRuleKind.MaxOrdersPerDay:
                return new(book.OrdersToday, limit, $"{book.OrdersToday} of {RiskText.Number(limit)} orders");
            case RiskRuleKind.MaxOrdersPerSecond:
                return new(book.OrdersLastSecond, limit, $"{book.OrdersLastSecond} in the last second, limit {RiskText.Number(limit)}");
            case RiskRuleKind.MaxOpenPositions:
                var open = book.Positions.Count(p => p.NetQuantity != 0);
                return new(open, limit, $"{open} of {RiskText.Number(limit)} positions");
            case RiskRuleKind.MaxExposurePercent when book.Capital > 0:
                var exposure = book.Exposure / book.Capital * 100m;
                return new(exposure, limit, $"{RiskText.Number(Math.Round(exposure, 1))}% of {RiskText.Number(limit)}%");
            default:
                return null;
        }
    }
}
