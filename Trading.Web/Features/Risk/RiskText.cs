using System.Globalization;
using Trading.Data.Entities;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Risk;

/// <summary>How risk figures read: rupees in Indian grouping (no paise when whole), and each kind's name.</summary>
public static class RiskText
{
    private static readonly CultureInfo India = CultureInfo.GetCultureInfo("en-IN");

    public static string Rupees(decimal amount) => decimal.Round(amount, 2) == decimal.Truncate(amount)
        ? "₹" + decimal.Truncate(amount).ToString("#,##,##0", India)
        : "₹" + amount.ToString("#,##,##0.00", India);

    public static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Name(RiskRuleKind kind) => kind switch
    {
        RiskRuleKind.MaxOrderValue => "Max order value",
        RiskRuleKind.MaxQuantityPerOrder => "Max quantity per order",
        RiskRuleKind.MaxPositionValue => "Max position value",
        RiskRuleKind.MaxOpenPositions => "Max open positions",
        RiskRuleKind.MaxDailyLoss => "Max daily loss",
        RiskRuleKind.MaxDrawdownPercent => "Max drawdown",
        RiskRuleKind.DailyProfitTarget => "Daily profit target",
        RiskRuleKind.MaxOrdersPerDay => "Max daily orders",
        RiskRuleKind.MaxOrdersPerSecond => "Max orders per second",
        RiskRuleKind.MaxExposurePercent => "Max exposure",
        RiskRuleKind.TradingWindow => "Trading window",
        RiskRuleKind.SymbolBlocklist => "Symbol blocklist",
        _ => kind.ToString(),
    };

    public static string Action(RiskAction action) => action switch
    {
        RiskAction.Block => "block the order",
        RiskAction.ReduceOnly => "reduce-only",
        RiskAction.PauseStrategies => "pause strategies",
        RiskAction.CancelOrders => "cancel open orders",
        RiskAction.SquareOff => "square off",
        RiskAction.KillSwitch => "kill switch",
        _ => "alert only",
    };

    public static string Ist(DateTime utc) => IndianTime.ToIst(utc).ToString("HH:mm", CultureInfo.InvariantCulture);
}
