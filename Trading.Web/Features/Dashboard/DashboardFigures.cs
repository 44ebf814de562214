using Trading.Data.Entities;

namespace Trading.Web.Features.Dashboard;

public sealed record DashboardFigures(
    string DisplayName,
    decimal TradingCapital,
    BrokerKind? Broker,
    string BrokerLabel,
    BrokerAccountStatus? BrokerStatus,
    int OrdersToday,
    int OpenPositions,
    int ActiveStrategies,
    DateTime? LastLoginAt,
    IReadOnlyList<string> ReconnectNeeded);
