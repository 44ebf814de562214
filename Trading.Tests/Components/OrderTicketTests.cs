using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Trading.Data.Entities;
using Trading.Tests.Support;
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
        Context.Services.AddSingleton(new ChargeCalculator(Options.Create(new ChargeRates())));
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
        // SEBI ₹3.90, stamp 0.002% = ₹78, GST 18% of (20 + 67.47 + 3.90) = 16.45 → ₹185.82.
        Assert.Equal("₹185.82", ticket.Find("[data-testid=ticket-charges]").TextContent);
        Assert.NotNull(ticket.Find("[data-testid=ticket-confirm]"));
    }
}
