using Trading.Data.Entities;

namespace Trading.Web.Features.Broker;

/// <summary>
/// One trader's broker account. Implementations: <see cref="Paper.PaperBroker"/> and <see cref="AngelOne.AngelOneBroker"/>.
/// Failures throw <see cref="BrokerException"/> with a message fit for the trader.
/// </summary>
public interface IBroker
{
    BrokerKind Kind { get; }
    BrokerCapabilities Capabilities { get; }
    Task<BrokerProfile> GetProfileAsync(CancellationToken cancellationToken = default);
    Task<BrokerFunds> GetFundsAsync(CancellationToken cancellationToken = default);
    /// <summary>The margin the order would need now, and the funds available (a live broker's margin calculator).</summary>
    Task<MarginQuote> GetRequiredMarginAsync(BrokerOrderRequest request, decimal? lastPrice, CancellationToken cancellationToken = default);
    Task<BrokerOrderResult> PlaceOrderAsync(BrokerOrderRequest request, CancellationToken cancellationToken = default);
    Task<BrokerOrderResult> ModifyOrderAsync(BrokerOrderModification request, CancellationToken cancellationToken = default);
    Task<BrokerOrderResult> CancelOrderAsync(string brokerOrderId, OrderVariety variety, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<BrokerOrder>> GetOrderBookAsync(CancellationToken cancellationToken = default);
    /// <summary>One order's current state, or null when the broker has no such order.</summary>
    Task<BrokerOrder?> GetOrderAsync(string brokerOrderId, string? uniqueOrderId, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<BrokerTrade>> GetTradeBookAsync(CancellationToken cancellationToken = default);
    Task<IReadOnlyList<BrokerPosition>> GetPositionsAsync(CancellationToken cancellationToken = default);
    Task<IReadOnlyList<BrokerHolding>> GetHoldingsAsync(CancellationToken cancellationToken = default);
    /// <summary>Converts (part of) an open position to another product; throws <see cref="BrokerException"/> when refused (margin, product rules).</summary>
    Task ConvertPositionAsync(PositionConversion conversion, CancellationToken cancellationToken = default);
    /// <summary>The shares a delivery sell may sell now: holdings (unsettled ones too) and today's delivery buys, less today's sells.</summary>
    Task<int> GetDeliveryQuantityAsync(Exchange exchange, string symbolToken, CancellationToken cancellationToken = default);
    Task<BrokerQuote> GetLtpAsync(Exchange exchange, string tradingSymbol, string symbolToken, CancellationToken cancellationToken = default);
    /// <summary>The longest period one <see cref="GetCandlesAsync"/> call may ask for at this interval.</summary>
    TimeSpan MaxCandlePeriod(CandleInterval interval);
    Task<IReadOnlyList<BrokerCandle>> GetCandlesAsync(Exchange exchange, string symbolToken, CandleInterval interval, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<BrokerInstrument>> SearchInstrumentsAsync(Exchange exchange, string query, CancellationToken cancellationToken = default);
}
