using Trading.Data.Entities;
using Trading.Tests.Support;
using Trading.Web.Features.Positions;
using Trading.Web.Infrastructure;

namespace Trading.Tests.Unit;

/// <summary>
/// The integer paths a backtest takes for money (whole paise in a long) give exactly what decimal gives, and step aside
/// (to decimal) for anything that is not whole paise or does not fit.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class PaiseArithmeticTests
{
    public static TheoryData<decimal, long?> Amounts => new()
    {
        { 1234.56m, 123456 },
        { 12.3m, 1230 },
        { 5m, 500 },
        { 0m, 0 },
        { 1.2300m, 123 },          // trailing zeros beyond the paisa are still whole paise
        { -1.25m, -125 },
        { 1400.05m * 10, 1400050 },
        { 0.001m, null },          // a tenth of a paisa
        { 100.0025m, null },
        { 79228162514264337593543950335m, null },
        { Paise.Limit / 100m + 1m, null }, // beyond the range the integers keep
    };

    [Theory]
    [MemberData(nameof(Amounts))]
    public void An_amount_is_whole_paise_or_not(decimal amount, long? paise)
    {
        Assert.Equal(paise.HasValue, Paise.TryFrom(amount, out var got));
        if (paise is { } expected)
        {
            Assert.Equal(expected, got);
            Assert.Equal(amount, Paise.ToRupees(got));
        }
    }

    [Fact]
    public void Paise_back_to_rupees_and_rates_as_exact_fractions()
    {
        Assert.Equal(-1.25m, Paise.ToRupees(-125));
        Assert.Equal("12.34", Paise.ToRupees(1234).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(Paise.TryRatio(0.0000297m, out var numerator, out var power));
        Assert.Equal((297L, 10_000_000L), (numerator, power));
        Assert.True(Paise.TryRatio(1.0005m, out numerator, out power));
        Assert.Equal((10005L, 10_000L), (numerator, power));
        Assert.False(Paise.TryRatio(-0.18m, out _, out _));
    }

    [Fact]
    public void A_running_sum_is_exactly_the_decimal_sum_with_fractions_of_a_paisa_and_amounts_near_the_end_of_the_range()
    {
        var random = new Random(11);
        var sum = new PaiseSum(10_00_000m);
        var expected = 10_00_000m;
        for (var i = 0; i < 20_000; i++)
        {
            var amount = (i % 7) switch
            {
                0 => Math.Round((decimal)random.NextDouble() * 1_000m, 4),        // often not whole paise
                1 => -Math.Round((decimal)random.NextDouble() * 50_000m, 2),
                _ => Math.Round((decimal)random.NextDouble() * 20_000m, 2),
            };
            if (i % 3 == 0)
            {
                var quantity = random.Next(-500, 500);
                sum.AddProduct(amount, quantity);
                expected += amount * quantity;
            }
            else if (i % 3 == 1)
            {
                sum.Subtract(amount);
                expected -= amount;
            }
            else
            {
                sum.Add(amount);
                expected += amount;
            }
        }
        Assert.Equal(expected, sum.Value);

        var large = new PaiseSum(Paise.Limit / 100m - 1m);
        large.Add(Paise.Limit / 100m - 1m); // the sum leaves the integers' range: it moves to decimal, still exact
        Assert.Equal(2 * (Paise.Limit / 100m - 1m), large.Value);
        Assert.False(large.TryPaise(out _));
        Assert.True(new PaiseSum(12.34m).TryPaise(out var paise));
        Assert.Equal(1234, paise);
    }

    public static TheoryData<Exchange, string, ProductType> Segments => new()
    {
        { Exchange.NSE, "EQ", ProductType.Intraday },
        { Exchange.BSE, "EQ", ProductType.Intraday },
        { Exchange.NFO, "FUTIDX", ProductType.CarryForward },
        { Exchange.NFO, "FUTSTK", ProductType.Intraday },
        { Exchange.NFO, "OPTIDX", ProductType.CarryForward },
        { Exchange.NFO, "OPTSTK", ProductType.Intraday },
        { Exchange.BFO, "OPTIDX", ProductType.CarryForward },
        { Exchange.MCX, "FUTCOM", ProductType.CarryForward },
        { Exchange.MCX, "OPTFUT", ProductType.CarryForward },
        { Exchange.CDS, "FUTCUR", ProductType.CarryForward },
        { Exchange.CDS, "OPTCUR", ProductType.CarryForward },
    };

    [Theory]
    [MemberData(nameof(Segments))]
    public void A_card_in_paise_charges_every_fill_exactly_as_the_decimal_lines_do(Exchange exchange, string type, ProductType product)
    {
        var calculator = MarketRates.ChargeCalculator();
        var random = new Random(7);
        foreach (var day in (DateOnly[])[new(2025, 1, 6), new(2026, 3, 16), new(2026, 12, 2)])
        {
            foreach (var side in (OrderSide[])[OrderSide.Buy, OrderSide.Sell])
            {
                var card = calculator.CardFor(exchange, type, product, side, day);
                var paise = PaiseCard.From(card);
                Assert.NotNull(paise);
                // Small and large fills, the brokerage cap's edge (0.03% of 66,666.67 ≈ ₹20), and prices on 5-paise ticks.
                var turnovers = new List<decimal> { 0m, 0.05m, 1m, 66_666.65m, 66_666.70m, 66_683.35m, 1_00_00_000m, 25_00_00_00_000m };
                for (var i = 0; i < 3_000; i++) turnovers.Add(random.Next(1, 5_000) * (random.Next(1, 4_000_000) * 0.05m));
                foreach (var turnover in turnovers)
                {
                    Assert.True(paise!.TryTotal(turnover, out var total), $"{turnover} should be charged in paise");
                    Assert.Equal(ChargeCalculator.Total(card, turnover), total);
                }
                Assert.False(paise!.TryTotal(100.0025m, out _)); // a fraction of a paisa: left to decimal
            }
        }
    }

    [Fact]
    public void The_worked_intraday_examples_in_paise()
    {
        var calculator = MarketRates.ChargeCalculator();
        var day = new DateOnly(2026, 12, 2);
        // NSE intraday buy 100 @ 800: 20 + 2.38 + 0.08 + 0.08 + 2.40 + GST 4.06 = 29.00 (ChargeCalculatorTests has each line by hand).
        Assert.True(PaiseCard.From(calculator.CardFor(Exchange.NSE, "EQ", ProductType.Intraday, OrderSide.Buy, day))!.TryTotal(80_000m, out var buy));
        Assert.Equal(29.00m, buy);
        // NSE intraday sell 100 @ 810: 20 + STT 20.25 + 2.41 + 0.08 + 0.08 + GST 4.06 = 46.88.
        Assert.True(PaiseCard.From(calculator.CardFor(Exchange.NSE, "EQ", ProductType.Intraday, OrderSide.Sell, day))!.TryTotal(81_000m, out var sell));
        Assert.Equal(46.88m, sell);
        // Delivery's taxes depend on the day's other fills: never charged by a card.
        Assert.Null(PaiseCard.From(calculator.CardFor(Exchange.NSE, "EQ", ProductType.Delivery, OrderSide.Buy, day)));
    }
}
