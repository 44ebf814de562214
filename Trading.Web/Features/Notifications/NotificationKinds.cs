using Trading.Data.Entities;

namespace Trading.Web.Features.Notifications;

/// <summary>Where a notification goes: the bell and center, a toast on the open pages, an email.</summary>
public readonly record struct NotificationChannels(bool InApp, bool Toast, bool Email);

/// <summary>What the preferences page says of a kind, and what it does until the trader chooses.</summary>
public sealed record NotificationKindInfo(NotificationKind Kind, string Group, string Label, NotificationChannels Defaults, bool InAppRequired,
    bool AdminsOnly = false);

/// <summary>
/// Every kind with its defaults. Rejections, risk breaches and the kill switch always reach the bell (a trader cannot
/// turn that off); fills, rejections, broker-side cancels, risk breaches and strategy pauses pop up by default.
/// </summary>
public static class NotificationKinds
{
    public static readonly IReadOnlyList<NotificationKindInfo> All =
    [
        new(NotificationKind.OrderAccepted, "Orders", "Accepted by the broker", new(true, false, false), false),
        new(NotificationKind.OrderPartiallyFilled, "Orders", "Partly filled", new(true, true, false), false),
        new(NotificationKind.OrderFilled, "Orders", "Filled", new(true, true, false), false),
        new(NotificationKind.OrderRejected, "Orders", "Rejected (with the broker's reason)", new(true, true, true), true),
        new(NotificationKind.OrderCancelled, "Orders", "Cancelled", new(true, true, false), false),
        new(NotificationKind.OrderModified, "Orders", "Modified", new(true, false, false), false),
        new(NotificationKind.OrderSettled, "Orders", "Unknown state settled", new(true, true, false), false),
        new(NotificationKind.PositionCorrected, "Orders", "Position corrected from the broker", new(true, true, true), false),
        new(NotificationKind.StrategySignal, "Strategies", "Strategy signal", new(true, false, false), false),
        new(NotificationKind.StrategyPaused, "Strategies", "Strategy paused", new(true, true, true), false),
        new(NotificationKind.StrategyResumed, "Strategies", "Strategy resumed", new(true, false, false), false),
        new(NotificationKind.StrategyListing, "Strategies", "Marketplace entry suspended or retired", new(true, true, true), false),
        new(NotificationKind.RiskViolation, "Risk", "Risk rule breached", new(true, true, true), true),
        new(NotificationKind.KillSwitch, "Risk", "Kill switch", new(true, true, true), true),
        new(NotificationKind.SquareOff, "Risk", "Automatic square-off", new(true, true, true), false),
        new(NotificationKind.BrokerReconnect, "Service", "Broker session needs reconnecting", new(true, true, true), false),
        new(NotificationKind.FeedHealth, "Service", "Market feed stale / recovered", new(true, true, false), false),
        new(NotificationKind.ServiceHealth, "Service", "Database or Redis down / recovered", new(true, true, true), false, AdminsOnly: true),
        new(NotificationKind.EndOfDayReport, "Reports", "End-of-day report", new(true, false, true), false),
        new(NotificationKind.SystemNews, "Reports", "News from the platform", new(true, true, false), false),
    ];

    private static readonly Dictionary<NotificationKind, NotificationKindInfo> ByKind = All.ToDictionary(k => k.Kind);

    public static NotificationKindInfo Of(NotificationKind kind) => ByKind[kind];

    public static string Label(NotificationKind kind) => ByKind[kind].Label;

    /// <summary>The channels of <paramref name="kind"/> for a trader's choice (none: the defaults); a required in-app channel stays on.</summary>
    public static NotificationChannels Resolve(NotificationKind kind, NotificationPreference? choice)
    {
        var info = ByKind[kind];
        var channels = choice is null ? info.Defaults : new NotificationChannels(choice.InApp, choice.Toast, choice.Email);
        return info.InAppRequired ? channels with { InApp = true } : channels;
    }

    /// <summary>Notifications of one kind within this window, from the <see cref="DigestAt"/>th on, go into one digest.</summary>
    public static readonly TimeSpan DigestWindow = TimeSpan.FromMinutes(1);
    public const int DigestAt = 5;
}
