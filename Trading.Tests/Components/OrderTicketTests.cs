using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.Broker;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Orders;
using Trading.Web.Features.Positions;

namespace Trading.Tests.Components;

[Trait(TestCategories.Name, TestCategories.Components)]
public sealed class OrderTicketTests : MudComponentTest
{
    private static readonly Instrument NiftyFuture = new()
    {
        Exchange = Exchange.NFO, SymbolToken = "35001", TradingSymbol = "NIFTY29DEC26FUT", Name = "NIFTY", InstrumentType = "FUTIDX",
        LotSize = 75, TickSize = 0.10m, IsTradable = true,
    };

    public OrderTicketTests()
    {
        var prices = new MemoryLtpCache();
        prices.SetAsync(new Tick(new InstrumentKey(Exchange.NFO, "35001"), 26012.30m, DateTime.UtcNow)).GetAwaiter().GetResult();
        Context.Services.AddSingleton<ILtpCache>(prices);
        Context.Services.AddSingleton(MarketRates.ChargeCalculator());
        Context.Services.AddSingleton<IOrderMarginQuotes>(_margins);
        Context.Services.AddSingleton(MarketRates.PriceProtection());
        Context.Services.AddSingleton(TimeProvider.System);
    }

    private readonly FixedMarginQuotes _margins = new();

    /// <summary>The broker's side of the margin question, answered with set figures: the ticket's part is showing them.</summary>
    private sealed class FixedMarginQuotes : IOrderMarginQuotes
    {
        public MarginQuote Quote { get; set; } = new(468_000m, 1_000_000m);

        public Task<(MarginQuote? Quote, string? Problem)> QuoteAsync(PlaceOrderRequest request, CancellationToken cancellationToken = default) =>
            Task.FromResult<(MarginQuote?, string?)>((Quote, null));
    }

    private IRenderedComponent<OrderTicket> Render(int quantity, OrderType type = OrderType.Market, decimal? price = null, decimal? trigger = null, OrderSide side = OrderSide.Buy) =>
        Context.Render<OrderTicket>(p => p
            .Add(t => t.Instrument, NiftyFuture)
            .Add(t => t.Quantity, quantity)
            .Add(t => t.Side, side)
            .Add(t => t.UserId, Guid.NewGuid())
            .Add(t => t.InitialOrderType, type)
            .Add(t => t.InitialPrice, price)
            .Add(t => t.InitialTriggerPrice, trigger));

    [Fact]
    public void A_quantity_off_the_lot_size_is_refused_next_to_the_field()
    {
        var ticket = Render(quantity: 10);
        ticket.Find("[data-testid=ticket-review]").Click();

        Assert.Contains("Quantity must be a multiple of the lot size 75 (e.g. 75, 150).", ticket.Markup);
        Assert.Empty(ticket.FindAll("[data-testid=ticket-preview]"));
        Assert.Empty(ticket.FindAll("[data-testid=ticket-confirm]"));
    }

    [Fact]
    public void After_one_refusal_the_next_invalid_value_is_refused_again_with_its_own_message()
    {
        var ticket = Render(quantity: 10);
        ticket.Find("[data-testid=ticket-review]").Click();
        Assert.Contains("Quantity must be a multiple of the lot size 75", ticket.Markup);

        ticket.Find("input[data-testid=ticket-quantity]").Change("20");
        ticket.Find("[data-testid=ticket-review]").Click();
        Assert.Contains("Quantity must be a multiple of the lot size 75", ticket.Markup);

        ticket.Find("input[data-testid=ticket-quantity]").Change("0");
        ticket.Find("[data-testid=ticket-review]").Click();
        Assert.Contains("Quantity must be more than zero.", ticket.Markup);
        Assert.DoesNotContain("multiple of the lot size", ticket.Markup);
        Assert.Empty(ticket.FindAll("[data-testid=ticket-preview]"));
    }

    [Fact]
    public void A_price_off_the_tick_size_is_refused()
    {
        var ticket = Render(quantity: 75, type: OrderType.Limit, price: 26000.05m);
        ticket.Find("[data-testid=ticket-review]").Click();

        Assert.Contains("Price must be a multiple of the tick size 0.10.", ticket.Markup);
    }

    [Fact]
    public void A_stop_loss_order_without_a_trigger_price_is_refused()
    {
        var ticket = Render(quantity: 75, type: OrderType.StopLossMarket, side: OrderSide.Sell);
        ticket.Find("[data-testid=ticket-review]").Click();

        Assert.Contains("Enter a trigger price for a stop-loss order.", ticket.Markup);
    }

    [Fact]
    public void A_valid_order_shows_its_value_and_charges_before_confirming()
    {
        var ticket = Render(quantity: 150, type: OrderType.Limit, price: 26000.00m);
        ticket.Find("[data-testid=ticket-review]").Click();

        var preview = ticket.Find("[data-testid=ticket-preview]").TextContent;
        Assert.Contains("₹39,00,000.00", preview); // 150 × 26,000
        // Futures buy of ₹39 lakh: brokerage ₹20 (0.03% would be ₹1,170), no STT on buys, exchange 0.00173% = 67.47,
        // NSE IPFT ₹10/crore = 3.90, SEBI ₹3.90, stamp 0.002% = ₹78, GST 18% of (20 + 67.47 + 3.90 + 3.90) = 17.1486 → ₹190.42.
        Assert.Equal("₹190.42", ticket.Find("[data-testid=ticket-charges]").TextContent);
        Assert.Contains("NSE IPFT ₹3.90", preview);
        Assert.Equal("Margin required ₹4,68,000.00 / available ₹10,00,000.00", ticket.Find("[data-testid=ticket-margin]").TextContent);
        Assert.Empty(ticket.FindAll("[data-testid=ticket-margin-short]"));
        Assert.NotNull(ticket.Find("[data-testid=ticket-confirm]"));
    }

    [Fact]
    public void A_margin_shortfall_is_shown_before_confirming()
    {
        _margins.Quote = new MarginQuote(468_000m, 400_000m);
        var ticket = Render(quantity: 150, type: OrderType.Limit, price: 26000.00m);
        ticket.Find("[data-testid=ticket-review]").Click();
        Assert.Equal("Not enough funds for this order: ₹68,000.00 more is needed.", ticket.Find("[data-testid=ticket-margin-short]").TextContent);
    }
}
