using Trading.Web.Features.Broker;
using Trading.Web.Features.MarketData;

namespace Trading.Web.Features.Orders;

/// <summary>What the ticket shows before confirming: the margin an order needs at the broker it would go to, and what is available there.</summary>
public interface IOrderMarginQuotes
{
    /// <summary>Null with a reason when it cannot be known (no account, the broker did not answer).</summary>
    Task<(MarginQuote? Quote, string? Problem)> QuoteAsync(PlaceOrderRequest request, CancellationToken cancellationToken = default);
}

public sealed class OrderMarginQuotes(BrokerFactory brokers, InstrumentCatalog instruments, ILtpCache prices) : IOrderMarginQuotes
{
    public async Task<(MarginQuote? Quote, string? Problem)> QuoteAsync(PlaceOrderRequest request, CancellationToken cancellationToken = default)
    {
        var instrument = await instruments.FindAsync(request.Exchange, request.SymbolToken, cancellationToken);
        if (instrument is null) return (null, "Choose an instrument.");
        if (await brokers.ForUserAsync(request.UserId, request.BrokerAccountId, cancellationToken) is not (_, { } broker))
        {
            return (null, "Choose one of your broker accounts.");
        }
        var lastPrice = (await prices.GetAsync(new InstrumentKey(instrument.Exchange, instrument.SymbolToken), cancellationToken))?.LastPrice;
        try
        {
            return (await broker.GetRequiredMarginAsync(request.ToBroker(instrument), lastPrice, cancellationToken), null);
        }
        catch (BrokerException ex)
        {
            return (null, $"The margin could not be checked: {ex.Message}");
        }
    }
}
