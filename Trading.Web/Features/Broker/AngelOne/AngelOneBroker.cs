using System.Globalization;
using System.Text.Json;
using Trading.Data.Entities;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Broker.AngelOne;

/// <summary>
/// A trader's Angel One account through SmartAPI. An invalid-session reply leads to one re-sign-in (when the account
/// allows it) and one repeat of the call: the gateway refused the first one, so nothing was placed twice.
/// </summary>
public sealed class AngelOneBroker(Guid brokerAccountId, AngelOneClient client, AngelOneSessions sessions, TimeProvider time) : IBroker
{
    private const string Order = "/rest/secure/angelbroking/order/v1/";

    public BrokerKind Kind => BrokerKind.AngelOne;

    public BrokerCapabilities Capabilities { get; } = new(BracketOrderRefusal: null, TradesOutsideMarketHours: false);

    public Task<BrokerProfile> GetProfileAsync(CancellationToken cancellationToken = default) =>
        CallAsync(async c =>
        {
            var reply = await client.GetAsync("/rest/secure/angelbroking/user/v1/getProfile", "profile", c, cancellationToken);
            var d = reply.Data;
            return new BrokerProfile(d.Str("clientcode") ?? "", d.Str("name") ?? "", d.Str("email"), Strings(d, "exchanges"), Strings(d, "products"));
        }, cancellationToken);

    public Task<BrokerFunds> GetFundsAsync(CancellationToken cancellationToken = default) =>
        CallAsync(async c =>
        {
            var d = (await client.GetAsync("/rest/secure/angelbroking/user/v1/getRMS", "rms", c, cancellationToken)).Data;
            return new BrokerFunds(d.Dec("net"), d.Dec("availablecash"), d.Dec("availablelimitmargin"),
                d.Dec("utiliseddebits"), d.Dec("m2mrealized"), d.Dec("m2munrealized"));
        }, cancellationToken);

    public async Task<int> GetDeliveryQuantityAsync(Exchange exchange, string symbolToken, CancellationToken cancellationToken = default)
    {
        var holdings = await GetHoldingsAsync(cancellationToken);
        var positions = await GetPositionsAsync(cancellationToken);
        return holdings.Where(h => h.Exchange == exchange && h.SymbolToken == symbolToken).Sum(h => h.TotalQuantity)
            + positions.Where(p => p.Exchange == exchange && p.SymbolToken == symbolToken && p.ProductType == ProductType.Delivery).Sum(p => p.NetQuantity);
    }

    public Task ConvertPositionAsync(PositionConversion c, CancellationToken cancellationToken = default) =>
        CallAsync(async credentials =>
        {
            await client.CommandAsync(Order + "convertPosition", new Dictionary<string, object>
            {
                ["exchange"] = c.Exchange.ToString(),
                ["symboltoken"] = c.SymbolToken,
                ["tradingsymbol"] = c.TradingSymbol,
                ["oldproducttype"] = AngelOneMapping.Product(c.From, OrderVariety.Normal),
                ["newproducttype"] = AngelOneMapping.Product(c.To, OrderVariety.Normal),
                ["transactiontype"] = AngelOneMapping.Side(c.Side),
                ["quantity"] = c.Quantity,
                ["type"] = "DAY",
            }, "convert", credentials, cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>Angel One's margin calculator for the order, against the funds its RMS reports available.</summary>
    public async Task<MarginQuote> GetRequiredMarginAsync(BrokerOrderRequest r, decimal? lastPrice, CancellationToken cancellationToken = default)
    {
        var required = await CallAsync(async c =>
        {
            var position = new Dictionary<string, object>
            {
                ["exchange"] = r.Exchange.ToString(),
                ["qty"] = r.Quantity,
                ["price"] = r.OrderType.LimitPrice(r.Price) ?? 0m,
                ["productType"] = AngelOneMapping.Product(r.ProductType, r.Variety),
                ["token"] = r.SymbolToken,
                ["tradeType"] = AngelOneMapping.Side(r.Side),
                ["orderType"] = AngelOneMapping.OrderType(r.OrderType),
            };
            var reply = await client.QueryAsync("/rest/secure/angelbroking/margin/v1/batch", new { positions = new[] { position } }, "margin", c, cancellationToken);
            return reply.Data.ValueKind == System.Text.Json.JsonValueKind.Object ? reply.Data.Dec("totalMarginRequired") : 0m;
        }, cancellationToken);
        var funds = await GetFundsAsync(cancellationToken);
        return new MarginQuote(required, funds.AvailableCash);
    }

    public Task<BrokerOrderResult> PlaceOrderAsync(BrokerOrderRequest r, CancellationToken cancellationToken = default) =>
        CallAsync(async c =>
        {
            var body = new Dictionary<string, string>
            {
                ["variety"] = AngelOneMapping.Variety(r.Variety, r.OrderType),
                ["tradingsymbol"] = r.TradingSymbol,
                ["symboltoken"] = r.SymbolToken,
                ["transactiontype"] = AngelOneMapping.Side(r.Side),
                ["exchange"] = r.Exchange.ToString(),
                ["ordertype"] = AngelOneMapping.OrderType(r.OrderType),
                ["producttype"] = AngelOneMapping.Product(r.ProductType, r.Variety),
                ["duration"] = AngelOneMapping.Duration(r.Validity),
                ["price"] = AngelOneMapping.Price(r.OrderType.LimitPrice(r.Price) ?? 0m),
                ["triggerprice"] = AngelOneMapping.Price(r.OrderType.TriggerPrice(r.TriggerPrice) ?? 0m),
                ["squareoff"] = AngelOneMapping.Price(r.Variety == OrderVariety.Robo ? r.Target : 0m),
                ["stoploss"] = AngelOneMapping.Price(r.Variety == OrderVariety.Robo ? r.StopLoss : 0m),
                ["quantity"] = r.Quantity.ToString(CultureInfo.InvariantCulture),
            };
            if (!string.IsNullOrEmpty(r.Tag)) body["ordertag"] = r.Tag;
            var reply = await client.CommandAsync(Order + "placeOrder", body, "orders", c, cancellationToken);
            return Result(reply);
        }, cancellationToken);

    public Task<BrokerOrderResult> ModifyOrderAsync(BrokerOrderModification r, CancellationToken cancellationToken = default) =>
        CallAsync(async c =>
        {
            var body = new Dictionary<string, string>
            {
                ["variety"] = AngelOneMapping.Variety(r.Variety, r.OrderType),
                ["orderid"] = r.BrokerOrderId,
                ["ordertype"] = AngelOneMapping.OrderType(r.OrderType),
                ["producttype"] = AngelOneMapping.Product(r.ProductType, r.Variety),
                ["duration"] = AngelOneMapping.Duration(r.Validity),
                ["price"] = AngelOneMapping.Price(r.OrderType.LimitPrice(r.Price) ?? 0m),
                ["triggerprice"] = AngelOneMapping.Price(r.OrderType.TriggerPrice(r.TriggerPrice) ?? 0m),
                ["quantity"] = r.Quantity.ToString(CultureInfo.InvariantCulture),
                ["tradingsymbol"] = r.TradingSymbol,
                ["symboltoken"] = r.SymbolToken,
                ["exchange"] = r.Exchange.ToString(),
            };
            return Result(await client.CommandAsync(Order + "modifyOrder", body, "orders", c, cancellationToken));
        }, cancellationToken);

    public Task<BrokerOrderResult> CancelOrderAsync(string brokerOrderId, OrderVariety variety, CancellationToken cancellationToken = default) =>
        CallAsync(async c => Result(await client.CommandAsync(Order + "cancelOrder",
            new { variety = AngelOneMapping.Variety(variety, OrderType.Market), orderid = brokerOrderId }, "orders", c, cancellationToken)), cancellationToken);

    public Task<IReadOnlyList<BrokerOrder>> GetOrderBookAsync(CancellationToken cancellationToken = default) =>
        CallAsync<IReadOnlyList<BrokerOrder>>(async c =>
        {
            var reply = await client.GetAsync(Order + "getOrderBook", "books", c, cancellationToken);
            return reply.Data.Items().Select(ToOrder).Where(o => o is not null).Select(o => o!).ToList();
        }, cancellationToken);

    public Task<BrokerOrder?> GetOrderAsync(string brokerOrderId, string? uniqueOrderId, CancellationToken cancellationToken = default) =>
        CallAsync(async c =>
        {
            if (!string.IsNullOrEmpty(uniqueOrderId))
            {
                try
                {
                    var reply = await client.GetAsync(Order + "details/" + Uri.EscapeDataString(uniqueOrderId), "quotes", c, cancellationToken);
                    return ToOrder(reply.Data);
                }
                catch (BrokerException ex) when (ex.ErrorCode == "AB1013")
                {
                    return null;
                }
            }
            var book = await client.GetAsync(Order + "getOrderBook", "books", c, cancellationToken);
            return book.Data.Items().Select(ToOrder).FirstOrDefault(o => o?.BrokerOrderId == brokerOrderId);
        }, cancellationToken);

    public Task<IReadOnlyList<BrokerTrade>> GetTradeBookAsync(CancellationToken cancellationToken = default) =>
        CallAsync<IReadOnlyList<BrokerTrade>>(async c =>
        {
            var reply = await client.GetAsync(Order + "getTradeBook", "books", c, cancellationToken);
            var today = IndianTime.Today(time);
            return reply.Data.Items().Select(t => new BrokerTrade(
                    t.Str("orderid") ?? "", t.Str("fillid") ?? "", AngelOneMapping.Exchange(t.Str("exchange")) ?? Exchange.NSE,
                    t.Str("tradingsymbol") ?? "", AngelOneMapping.Side(t.Str("transactiontype")), AngelOneMapping.Product(t.Str("producttype")),
                    t.Int("fillsize"), t.Dec("fillprice"), FillTime(today, t.Str("filltime")) ?? time.GetUtcNow().UtcDateTime))
                .ToList();
        }, cancellationToken);

    public Task<IReadOnlyList<BrokerPosition>> GetPositionsAsync(CancellationToken cancellationToken = default) =>
        CallAsync<IReadOnlyList<BrokerPosition>>(async c =>
        {
            var reply = await client.GetAsync(Order + "getPosition", "books", c, cancellationToken);
            return reply.Data.Items().Select(p => new BrokerPosition(
                    AngelOneMapping.Exchange(p.Str("exchange")) ?? Exchange.NSE, p.Str("tradingsymbol") ?? "", p.Str("symboltoken") ?? "",
                    AngelOneMapping.Product(p.Str("producttype")), p.Int("buyqty"), p.Dec("buyavgprice"), p.Int("sellqty"), p.Dec("sellavgprice"),
                    p.Int("netqty"), p.DecOrNull("ltp"), p.DecOrNull("pnl")))
                .ToList();
        }, cancellationToken);

    public Task<IReadOnlyList<BrokerHolding>> GetHoldingsAsync(CancellationToken cancellationToken = default) =>
        CallAsync<IReadOnlyList<BrokerHolding>>(async c =>
        {
            var reply = await client.GetAsync("/rest/secure/angelbroking/portfolio/v1/getHolding", "books", c, cancellationToken);
            return reply.Data.Items().Select(h => new BrokerHolding(
                    AngelOneMapping.Exchange(h.Str("exchange")) ?? Exchange.NSE, h.Str("tradingsymbol") ?? "", h.Str("symboltoken") ?? "",
                    h.Str("isin"), h.Int("quantity"), h.Dec("averageprice"), h.DecOrNull("ltp"), h.DecOrNull("profitandloss"),
                    h.Int("t1quantity"), h.DecOrNull("close")))
                .ToList();
        }, cancellationToken);

    public Task<BrokerQuote> GetLtpAsync(Exchange exchange, string tradingSymbol, string symbolToken, CancellationToken cancellationToken = default) =>
        CallAsync(async c =>
        {
            var d = (await client.QueryAsync(Order + "getLtpData",
                new { exchange = exchange.ToString(), tradingsymbol = tradingSymbol, symboltoken = symbolToken }, "quotes", c, cancellationToken)).Data;
            return new BrokerQuote(exchange, tradingSymbol, symbolToken, d.Dec("ltp"), d.DecOrNull("open"), d.DecOrNull("high"), d.DecOrNull("low"), d.DecOrNull("close"));
        }, cancellationToken);

    public TimeSpan MaxCandlePeriod(CandleInterval interval) => TimeSpan.FromDays(AngelOneMapping.MaxDaysPerRequest(interval));

    public Task<IReadOnlyList<BrokerCandle>> GetCandlesAsync(Exchange exchange, string symbolToken, CandleInterval interval, DateTime fromUtc, DateTime toUtc,
        CancellationToken cancellationToken = default) =>
        CallAsync<IReadOnlyList<BrokerCandle>>(async c =>
        {
            var body = new
            {
                exchange = exchange.ToString(),
                symboltoken = symbolToken,
                interval = AngelOneMapping.Interval(interval),
                fromdate = IndianTime.ToIst(fromUtc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                todate = IndianTime.ToIst(toUtc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            };
            var reply = await client.QueryAsync("/rest/secure/angelbroking/historical/v1/getCandleData", body, "candles", c, cancellationToken);
            return reply.Data.Items().Select(ToCandle).Where(x => x is not null).Select(x => x!).ToList();
        }, cancellationToken);

    public Task<IReadOnlyList<BrokerInstrument>> SearchInstrumentsAsync(Exchange exchange, string query, CancellationToken cancellationToken = default) =>
        CallAsync<IReadOnlyList<BrokerInstrument>>(async c =>
        {
            var reply = await client.QueryAsync(Order + "searchScrip", new { exchange = exchange.ToString(), searchscrip = query }, "books", c, cancellationToken);
            return reply.Data.Items().Select(i => new BrokerInstrument(AngelOneMapping.Exchange(i.Str("exchange")) ?? exchange,
                i.Str("tradingsymbol") ?? "", i.Str("symboltoken") ?? "")).ToList();
        }, cancellationToken);

    private async Task<T> CallAsync<T>(Func<AngelOneCredentials, Task<T>> call, CancellationToken cancellationToken)
    {
        var session = await sessions.GetSessionAsync(brokerAccountId, cancellationToken);
        try
        {
            return await call(session.Credentials);
        }
        catch (BrokerException ex) when (ex.Kind == BrokerErrorKind.Authentication)
        {
            var renewed = await sessions.RecoverAsync(brokerAccountId, cancellationToken);
            return await call(renewed.Credentials);
        }
    }

    private static BrokerOrderResult Result(AngelOneReply reply)
    {
        var id = reply.Data.Str("orderid");
        if (string.IsNullOrEmpty(id))
        {
            throw new BrokerException(BrokerErrorKind.Unavailable, null, "Angel One accepted the request but sent no order id.", reply.Raw);
        }
        return new BrokerOrderResult(id, reply.Data.Str("uniqueorderid"), reply.Raw);
    }

    /// <summary>An order-book entry (also the orderData of order-status WebSocket messages).</summary>
    public static BrokerOrder? ToOrder(JsonElement o)
    {
        var id = o.Str("orderid");
        if (string.IsNullOrEmpty(id)) return null;
        return new BrokerOrder(id, AngelOneMapping.Exchange(o.Str("exchange")) ?? Exchange.NSE, o.Str("tradingsymbol") ?? "", o.Str("symboltoken") ?? "",
            AngelOneMapping.Side(o.Str("transactiontype")), AngelOneMapping.OrderType(o.Str("ordertype")), AngelOneMapping.Product(o.Str("producttype")),
            AngelOneMapping.Variety(o.Str("variety")), o.Int("quantity"), o.DecOrNull("price"), o.DecOrNull("triggerprice"),
            AngelOneMapping.Status(o.Str("orderstatus") ?? o.Str("status")), o.Int("filledshares"), o.DecOrNull("averageprice") is > 0 and var avg ? avg : null,
            o.Str("text"), AngelOneMapping.OrderTime(o.Str("updatetime")), o.Str("ordertag"), o.GetRawText(),
            o.Str("parentorderid") is { Length: > 0 } parent && parent != id ? parent : null);
    }

    private static BrokerCandle? ToCandle(JsonElement row)
    {
        if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() < 6) return null;
        if (!DateTimeOffset.TryParse(row[0].GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)) return null;
        static decimal D(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDecimal()
            : decimal.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : 0m;
        return new BrokerCandle(at.UtcDateTime, D(row[1]), D(row[2]), D(row[3]), D(row[4]), (long)D(row[5]));
    }

    private static IReadOnlyList<string> Strings(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v)) return [];
        if (v.ValueKind == JsonValueKind.Array) return v.EnumerateArray().Select(x => x.ToString()).ToList();
        // Some replies send a list as a string: "[NSE, BSE]".
        return (v.ToString() ?? "").Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }

    private static DateTime? FillTime(DateOnly today, string? value) =>
        TimeOnly.TryParseExact(value, "HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? new DateTimeOffset(today.ToDateTime(t), IndianTime.Offset).UtcDateTime
            : null;
}
