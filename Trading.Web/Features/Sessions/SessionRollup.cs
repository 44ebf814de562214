using Trading.Data.Entities;

namespace Trading.Web.Features.Sessions;

/// <summary>What a trading day's row is computed from: the positions page's figures, the day's orders, capital moves and breaches.</summary>
public sealed record SessionInputs(decimal OpeningCapital, decimal Deposits, decimal Withdrawals, decimal Realized, decimal Unrealized, decimal Charges,
    int Placed, int Filled, int Rejected, int Cancelled, int Breaches, int StrategiesActive);

/// <summary>
/// A day's figures (defined in docs/sessions.md): net P&amp;L = realized + unrealized − charges (the positions page's
/// "Net P&amp;L today"); closing capital = opening + deposits − withdrawals + net P&amp;L; success rate = filled / placed;
/// max drawdown = the largest fall of net P&amp;L below its highest of the day so far (the day starts at 0), over the updates seen.
/// </summary>
public static class SessionRollup
{
    public static void Apply(TradingSession session, SessionInputs inputs)
    {
        session.OpeningCapital = inputs.OpeningCapital;
        session.Deposits = inputs.Deposits;
        session.Withdrawals = inputs.Withdrawals;
        session.RealizedPnl = inputs.Realized;
        session.UnrealizedPnl = inputs.Unrealized;
        session.Charges = inputs.Charges;
        session.NetPnl = inputs.Realized + inputs.Unrealized - inputs.Charges;
        session.ClosingCapital = inputs.OpeningCapital + inputs.Deposits - inputs.Withdrawals + session.NetPnl;
        (session.OrdersPlaced, session.OrdersFilled, session.OrdersRejected, session.OrdersCancelled) = (inputs.Placed, inputs.Filled, inputs.Rejected, inputs.Cancelled);
        session.SuccessRate = inputs.Placed == 0 ? 0m : Math.Round(100m * inputs.Filled / inputs.Placed, 4);
        session.PeakNetPnl = Math.Max(session.PeakNetPnl, session.NetPnl);
        session.MaxDrawdown = Math.Max(session.MaxDrawdown, session.PeakNetPnl - session.NetPnl);
        session.RuleBreaches = inputs.Breaches;
        session.StrategiesActive = inputs.StrategiesActive;
    }

    /// <summary>The end-of-day report's body.</summary>
    public static string Report(TradingSession s) =>
        $"Net P&L {Infrastructure.IndianFormat.Rupees(s.NetPnl)} (realized {Infrastructure.IndianFormat.Rupees(s.RealizedPnl)}, unrealized " +
        $"{Infrastructure.IndianFormat.Rupees(s.UnrealizedPnl)}, charges {Infrastructure.IndianFormat.Rupees(s.Charges)}); capital " +
        $"{Infrastructure.IndianFormat.Rupees(s.OpeningCapital)} → {Infrastructure.IndianFormat.Rupees(s.ClosingCapital ?? s.OpeningCapital)}. " +
        $"Orders: {s.OrdersPlaced} placed, {s.OrdersFilled} filled, {s.OrdersRejected} rejected, {s.OrdersCancelled} cancelled ({s.SuccessRate:0.#}% filled). " +
        $"Max drawdown {Infrastructure.IndianFormat.Rupees(s.MaxDrawdown)}; {s.RuleBreaches} rule breach{(s.RuleBreaches == 1 ? "" : "es")}; {s.StrategiesActive} strateg{(s.StrategiesActive == 1 ? "y" : "ies")} active." +
        (s.ClosedLate ? " Closed late: the app was not running at the day's end." : "");
}
