namespace Trading.Web.Features.Broker;

/// <summary>What a broker takes, so the order pipeline can refuse early and say why without knowing which broker it is.</summary>
/// <param name="BracketOrderRefusal">Why bracket (ROBO) orders are refused; null when the broker takes them.</param>
/// <param name="TradesOutsideMarketHours">Orders are accepted outside exchange hours (the embedded demo's paper accounts).</param>
public sealed record BrokerCapabilities(string? BracketOrderRefusal, bool TradesOutsideMarketHours);
