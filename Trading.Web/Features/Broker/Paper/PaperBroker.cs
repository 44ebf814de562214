using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Funds;
using Trading.Web.Features.MarketData;
using Trading.Web.Features.Positions;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Broker.Paper;

/// <summary>
/// A simulated broker for one paper account: orders and fills live in paper_orders / paper_trades, prices come from
/// the live feed, and funds come from the trader's capital (kept in memory by <see cref="PaperLedger"/>). It validates
/// like a broker does: an invalid request is refused outright, an order the account cannot pay for is accepted and then
/// rejected. An order the price allows fills the moment it is placed, in the same write; the rest wait for ticks.
/// </summary>
public sealed class PaperBroker(
    Guid brokerAccountId,
    Guid userId,
    IDbContextFactory<TradingDbContext> dbFactory,
    ILtpCache prices,
    InstrumentCatalog instruments,
    PaperLedger ledger,
    PaperFillEngine engine,
    IPaperOrderWrites writes,
    PaperCharges charges,
    MarketCalendar calendar,
    MarginCalculator margins,
    TimeProvider time) : IBroker
{
    public BrokerKind Kind => BrokerKind.Paper;

    // Bracket (ROBO) orders are simulated: target and stop-loss legs, one-cancels-other (PaperBracket).
    public BrokerCapabilities Capabilities { get; } = new(null, engine.TradesOutsideMarketHours);

    public async Task<BrokerProfile> GetProfileAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.DisplayName, u.Email }).SingleAsync(cancellationToken);
        return new BrokerProfile("PAPER", user.DisplayName, user.Email, ["NSE", "BSE", "NFO", "BFO", "MCX"], ["DELIVERY", "INTRADAY", "CARRYFORWARD", "MARGIN"]);
    }

    public async Task<BrokerFunds> GetFundsAsync(CancellationToken cancellationToken = default)
    {
        var (funds, books) = await ledger.SnapshotAsync(brokerAccountId, userId, cancellationToken);
        var (unrealized, spendable) = await MarkToMarketAsync(books, cancellationToken);
        return funds with
        {
            AvailableCash = funds.AvailableCash + spendable,
            AvailableMargin = funds.AvailableMargin + spendable,
            UnrealizedMtm = unrealized,
        };
    }

    /// <summary>
    /// Unrealized P&amp;L of the open books at last prices, and the part of it that counts towards available funds:
    /// intraday and derivatives mark to market every day; profit or loss on delivery holdings is only theirs until sold.
    /// </summary>
    private async Task<(decimal Unrealized, decimal Spendable)> MarkToMarketAsync(IReadOnlyList<PaperAccounting.Book> books, CancellationToken cancellationToken)
    {
        var open = books.Where(b => b.NetQuantity != 0).ToList();
        if (open.Count == 0) return (0m, 0m);
        var ltps = await prices.GetManyAsync(open.Select(b => new InstrumentKey(b.Exchange, b.SymbolToken)).ToList(), cancellationToken);
        decimal unrealized = 0m, spendable = 0m;
        foreach (var book in open)
        {
            if (!ltps.TryGetValue(new InstrumentKey(book.Exchange, book.SymbolToken), out var s)) continue;
            var mtm = book.Unrealized(s.LastPrice);
            unrealized += mtm;
            if (book.Product != ProductType.Delivery) spendable += mtm;
        }
        return (Math.Round(unrealized, 2), Math.Round(spendable, 2));
    }

    /// <summary>
    /// Moves open quantity to another product at its average price, as two legs with no charges (a conversion is not a
    /// trade), after checking the margin the new product needs. Equity converts between intraday and delivery,
    /// derivatives between intraday and carry forward.
    /// </summary>
    public async Task ConvertPositionAsync(PositionConversion c, CancellationToken cancellationToken = default)
    {
        var instrument = await instruments.FindAsync(c.Exchange, c.SymbolToken, cancellationToken)
            ?? throw new BrokerException(BrokerErrorKind.Rejected, "AB1009", $"Symbol {c.TradingSymbol} was not found on {c.Exchange}.");
        if (PaperRules.ConversionProblem(instrument, c) is { } problem) throw new BrokerException(BrokerErrorKind.Rejected, "AB1017", problem);
        var lastPrice = (await prices.GetAsync(new InstrumentKey(c.Exchange, c.SymbolToken), cancellationToken))?.LastPrice;
        await ledger.ChangeAsync(brokerAccountId, userId, load: true, async book =>
        {
            book!.Know(instrument);
            var from = book.Find(c.Exchange, c.SymbolToken, c.From);
            var open = from is null ? 0 : c.Side == OrderSide.Buy ? from.NetQuantity : -from.NetQuantity;
            if (from is null || open < c.Quantity)
            {
                throw new BrokerException(BrokerErrorKind.Rejected, "AB1017", $"Only {Math.Max(0, open)} {c.TradingSymbol} are open in {c.From}: convert at most that.");
            }
            var signed = c.Side == OrderSide.Buy ? c.Quantity : -c.Quantity;
            var toNet = book.NetQuantity(c.Exchange, c.SymbolToken, c.To);
            var price = lastPrice ?? from.OpenAverage;
            var extra = book.PositionMargin(c.Exchange, c.SymbolToken, c.From, from.NetQuantity - signed, price)
                + book.PositionMargin(c.Exchange, c.SymbolToken, c.To, toNet + signed, price)
                - book.PositionMargin(c.Exchange, c.SymbolToken, c.From, from.NetQuantity, price)
                - book.PositionMargin(c.Exchange, c.SymbolToken, c.To, toNet, price);
            var available = book.Funds.AvailableCash;
            if (extra > available)
            {
                throw new BrokerException(BrokerErrorKind.Rejected, "AB1017", $"Converting needs {IndianFormat.Rupees(extra)} more margin, available {IndianFormat.Rupees(available)}.");
            }
            var now = time.GetUtcNow().UtcDateTime;
            var id = Guid.NewGuid().ToString("N")[..12];
            PaperTrade Leg(OrderSide side, ProductType product, string suffix) => new()
            {
                BrokerAccountId = brokerAccountId, FillId = $"conv-{id}-{suffix}", Exchange = c.Exchange, SymbolToken = c.SymbolToken,
                TradingSymbol = instrument.TradingSymbol, Side = side, ProductType = product, Quantity = c.Quantity, Price = from.OpenAverage, FilledAt = now,
            };
            var legs = new[] { Leg(c.Side == OrderSide.Buy ? OrderSide.Sell : OrderSide.Buy, c.From, "out"), Leg(c.Side, c.To, "in") };
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            db.PaperTrades.AddRange(legs);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var leg in legs) book.Apply(leg);
            return true;
        }, cancellationToken);
    }

    public async Task<int> GetDeliveryQuantityAsync(Exchange exchange, string symbolToken, CancellationToken cancellationToken = default)
    {
        var (_, books) = await ledger.SnapshotAsync(brokerAccountId, userId, cancellationToken);
        return books.Where(b => b.Exchange == exchange && b.SymbolToken == symbolToken && b.Product == ProductType.Delivery).Sum(b => b.NetQuantity);
    }

    /// <summary>
    /// The margin the order needs and what is available for it, as the ticket shows before sending: from the ledger's
    /// latest snapshot, without waiting for the account's turn (placing checks again, atomically).
    /// </summary>
    public async Task<MarginQuote> GetRequiredMarginAsync(BrokerOrderRequest request, decimal? lastPrice, CancellationToken cancellationToken = default)
    {
        var instrument = await instruments.FindAsync(request.Exchange, request.SymbolToken, cancellationToken);
        var (funds, books) = await ledger.SnapshotAsync(brokerAccountId, userId, cancellationToken);
        var (_, spendable) = await MarkToMarketAsync(books, cancellationToken);
        var price = PaperAccounting.OrderPrice(Draft(request, instrument, time.GetUtcNow().UtcDateTime), lastPrice);
        var net = books.Where(b => b.Exchange == request.Exchange && b.SymbolToken == request.SymbolToken && b.Product == request.ProductType).Sum(b => b.NetQuantity);
        var required = price is null ? 0m : margins.ForOrder(
            new MarginInstrument(request.Exchange, instrument?.InstrumentType ?? "", instrument?.Strike), request.ProductType, net, request.Side,
            request.Quantity, price.Value, IndianTime.Today(time));
        return new MarginQuote(required, funds.AvailableCash + spendable);
    }

    public async Task<BrokerOrderResult> PlaceOrderAsync(BrokerOrderRequest request, CancellationToken cancellationToken = default)
    {
        var instrument = await instruments.FindAsync(request.Exchange, request.SymbolToken, cancellationToken)
            ?? throw new BrokerException(BrokerErrorKind.Rejected, "AB1009", $"Symbol {request.TradingSymbol} was not found on {request.Exchange}.");
        Validate(request.OrderType, request.Quantity, request.Price, request.TriggerPrice, instrument);
        if (request.Validity == OrderValidity.Ioc && request.Exchange is Exchange.MCX)
        {
            throw new BrokerException(BrokerErrorKind.Rejected, "AB1007", "IOC orders are not allowed on commodities.");
        }
        if (request.Variety == OrderVariety.Robo && (request.StopLoss is not > 0 || request.Target is not > 0))
        {
            throw new BrokerException(BrokerErrorKind.Rejected, "AB1007", "A bracket order needs its stop-loss and target, in points.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var order = Draft(request, instrument, now);

        var lastPrice = (await prices.GetAsync(new InstrumentKey(order.Exchange, order.SymbolToken), cancellationToken))?.LastPrice;
        if (StopOrderRules.Problem(order.Side, order.OrderType, order.Price, order.TriggerPrice, lastPrice) is { } stopProblem)
        {
            throw new BrokerException(BrokerErrorKind.Rejected, "AB1007", stopProblem);
        }
        var (_, books) = await ledger.SnapshotAsync(brokerAccountId, userId, cancellationToken);
        var (_, spendable) = await MarkToMarketAsync(books, cancellationToken);
        DeliveryDay? day = null;
        if (PaperCharges.NeedsDeliveryDay(order, instrument))
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            day = await PaperCharges.DeliveryDayAsync(db, order, instrument, now, cancellationToken);
        }
        PaperTrade? fill = null;
        await ledger.ReserveAsync(brokerAccountId, userId, book =>
        {
            book.Know(instrument);
            if (PaperRules.DeliveryShortSell(order, book.NetQuantity(order.Exchange, order.SymbolToken, ProductType.Delivery)) is { } refusal)
            {
                order.Status = PaperOrderStatus.Rejected;
                order.RejectionReason = refusal;
                return;
            }
            var available = book.Funds.AvailableCash + spendable;
            var required = book.RequiredMargin(order, lastPrice);
            if (required > available)
            {
                order.Status = PaperOrderStatus.Rejected;
                order.RejectionReason = PaperRules.InsufficientFunds(required, available);
                return;
            }
            fill = lastPrice is { } ltp ? engine.TryFill(order, ltp, instrument.TickSize, now) : null;
            if (fill is not null) charges.Charge(fill, instrument, day);
            if (fill is null && order.Validity == OrderValidity.Ioc)
            {
                order.Status = PaperOrderStatus.Cancelled;
                order.RejectionReason = "IOC order not filled immediately";
            }
            if (fill is not null) book.Apply(fill);
            book.Hold(order, lastPrice);
        }, cancellationToken);
        try
        {
            await writes.InsertAsync(order, fill, cancellationToken);
        }
        catch
        {
            await ledger.SettleAsync(brokerAccountId, book =>
            {
                book.Release(order.Id);
                if (fill is not null) book.Undo(fill);
            });
            throw;
        }
        await ledger.SettleAsync(brokerAccountId, undo: null);
        if (fill is not null) await engine.AfterFillAsync(order, instrument, cancellationToken);

        if (order.Status.IsWorking())
        {
            engine.Track(order, instrument.TickSize, seen: lastPrice is not null && order.Variety != OrderVariety.Amo);
        }
        return new BrokerOrderResult(order.BrokerOrderId, order.Id.ToString(), Reply(order), ToBrokerOrder(order));
    }

    public async Task<BrokerOrderResult> ModifyOrderAsync(BrokerOrderModification request, CancellationToken cancellationToken = default)
    {
        var order = await ledger.ChangeAsync(brokerAccountId, userId, load: false, async book =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var order = await FindAsync(db, request.BrokerOrderId, cancellationToken);
            if (!order.Status.IsWorking())
            {
                throw new BrokerException(BrokerErrorKind.Rejected, "AB1013", $"Order {order.BrokerOrderId} is {order.Status.ToString().ToLowerInvariant()} and cannot be modified.");
            }
            var instrument = await instruments.FindAsync(order.Exchange, order.SymbolToken, cancellationToken)
                ?? throw new BrokerException(BrokerErrorKind.Rejected, "AB1009", $"Symbol {order.TradingSymbol} was not found on {order.Exchange}.");
            Validate(request.OrderType, request.Quantity, request.Price, request.TriggerPrice, instrument);
            order.OrderType = request.OrderType;
            order.Quantity = request.Quantity;
            order.Price = request.OrderType.LimitPrice(request.Price);
            order.TriggerPrice = request.OrderType.TriggerPrice(request.TriggerPrice);
            order.Status = PaperOrderStatuses.Initial(request.OrderType);
            order.Validity = request.Validity;
            order.UpdatedAt = time.GetUtcNow().UtcDateTime;
            await SaveOrConflictAsync(db, order, cancellationToken);
            book?.Hold(order, (await prices.GetAsync(new InstrumentKey(order.Exchange, order.SymbolToken), cancellationToken))?.LastPrice);
            return order;
        }, cancellationToken);
        await engine.PublishAsync(order);
        await engine.EvaluateNowAsync(order.Id, new InstrumentKey(order.Exchange, order.SymbolToken), cancellationToken);
        return new BrokerOrderResult(order.BrokerOrderId, order.Id.ToString(), Reply(order));
    }

    public async Task<BrokerOrderResult> CancelOrderAsync(string brokerOrderId, OrderVariety variety, CancellationToken cancellationToken = default)
    {
        var order = await ledger.ChangeAsync(brokerAccountId, userId, load: false, async book =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var order = await FindAsync(db, brokerOrderId, cancellationToken);
            if (!order.Status.IsWorking())
            {
                throw new BrokerException(BrokerErrorKind.Rejected, "AB1013", $"Order {order.BrokerOrderId} is {order.Status.ToString().ToLowerInvariant()} and cannot be cancelled.");
            }
            order.Status = PaperOrderStatus.Cancelled;
            order.UpdatedAt = time.GetUtcNow().UtcDateTime;
            await SaveOrConflictAsync(db, order, cancellationToken);
            book?.Release(order.Id);
            return order;
        }, cancellationToken);
        engine.Untrack(order);
        await engine.PublishAsync(order);
        await engine.CancelSiblingsAsync(order, "The other leg of the bracket was cancelled.", cancellationToken);
        return new BrokerOrderResult(order.BrokerOrderId, order.Id.ToString(), Reply(order));
    }

    public async Task<IReadOnlyList<BrokerOrder>> GetOrderBookAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var dayStart = IndianTime.StartOfDayUtc(IndianTime.Today(time));
        var orders = await db.PaperOrders.AsNoTracking()
            .Where(o => o.BrokerAccountId == brokerAccountId
                && (o.CreatedAt >= dayStart || PaperOrderStatuses.Working.Contains(o.Status)))
            .OrderBy(o => o.CreatedAt)
            .ToListAsync(cancellationToken);
        return orders.Select(ToBrokerOrder).ToList();
    }

    public async Task<BrokerOrder?> GetOrderAsync(string brokerOrderId, string? uniqueOrderId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var order = await db.PaperOrders.AsNoTracking()
            .FirstOrDefaultAsync(o => o.BrokerAccountId == brokerAccountId && o.BrokerOrderId == brokerOrderId, cancellationToken);
        return order is null ? null : ToBrokerOrder(order);
    }

    public async Task<IReadOnlyList<BrokerTrade>> GetTradeBookAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var dayStart = IndianTime.StartOfDayUtc(IndianTime.Today(time));
        var trades = await (from t in db.PaperTrades.AsNoTracking()
                            join o in db.PaperOrders on t.PaperOrderId equals o.Id
                            where t.BrokerAccountId == brokerAccountId && t.FilledAt >= dayStart
                            orderby t.Id
                            select new { t, o.BrokerOrderId }).ToListAsync(cancellationToken);
        return trades.Select(x => new BrokerTrade(x.BrokerOrderId, x.t.FillId, x.t.Exchange, x.t.TradingSymbol, x.t.Side, x.t.ProductType,
            x.t.Quantity, x.t.Price, x.t.FilledAt)).ToList();
    }

    public async Task<IReadOnlyList<BrokerPosition>> GetPositionsAsync(CancellationToken cancellationToken = default)
    {
        // The broker's own record, as reconciliation needs it: from the database, and the ledger catches up with it.
        IReadOnlyList<PaperAccounting.Book> books;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            books = await PaperLedger.BooksAsync(db, brokerAccountId, cancellationToken);
        }
        ledger.Refresh(brokerAccountId);
        var ltps = await prices.GetManyAsync(books.Select(b => new InstrumentKey(b.Exchange, b.SymbolToken)).ToList(), cancellationToken);
        return books.Select(b =>
        {
            decimal? ltp = ltps.TryGetValue(new InstrumentKey(b.Exchange, b.SymbolToken), out var s) ? s.LastPrice : null;
            var unrealized = ltp is { } p && b.NetQuantity != 0 ? b.Unrealized(p) : 0m;
            return new BrokerPosition(b.Exchange, b.TradingSymbol, b.SymbolToken, b.Product, b.BuyQuantity, Math.Round(b.BuyAverage, 2),
                b.SellQuantity, Math.Round(b.SellAverage, 2), b.NetQuantity, ltp, Math.Round(b.Realized + unrealized, 2));
        }).ToList();
    }

    /// <summary>
    /// The demat account: delivery buys of earlier days, settled on the next trading day (T+1) and shown as T1 until
    /// then; today's buys are today's positions (<see cref="Holdings.HoldingsMath"/>).
    /// </summary>
    public async Task<IReadOnlyList<BrokerHolding>> GetHoldingsAsync(CancellationToken cancellationToken = default)
    {
        List<PaperTrade> fills;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            fills = await db.PaperTrades.AsNoTracking()
                .Where(t => t.BrokerAccountId == brokerAccountId && t.ProductType == ProductType.Delivery)
                .ToListAsync(cancellationToken);
        }
        var today = IndianTime.Today(time);
        var held = fills.GroupBy(f => (f.Exchange, f.SymbolToken))
            .Select(g => (g.Key.Exchange, g.Key.SymbolToken, Symbol: g.First().TradingSymbol, Stock: Holdings.HoldingsMath.Hold(
                g.Select(f => new Holdings.DeliveryFill(IndianTime.DateOf(f.FilledAt), f.Side, f.Quantity, f.Price)), today,
                day => calendar.NextTradingDay(g.Key.Exchange, day))))
            .Where(h => h.Stock.Quantity > 0)
            .ToList();
        var ltps = await prices.GetManyAsync(held.Select(h => new InstrumentKey(h.Exchange, h.SymbolToken)).ToList(), cancellationToken);
        return held.Select(h =>
        {
            var snapshot = ltps.GetValueOrDefault(new InstrumentKey(h.Exchange, h.SymbolToken));
            return new BrokerHolding(h.Exchange, h.Symbol, h.SymbolToken, null, h.Stock.Settled, h.Stock.AverageCost, snapshot?.LastPrice,
                snapshot is { } s ? Math.Round(h.Stock.Quantity * (s.LastPrice - h.Stock.AverageCost), 2) : null, h.Stock.T1, snapshot?.PreviousClose);
        }).ToList();
    }

    public async Task<BrokerQuote> GetLtpAsync(Exchange exchange, string tradingSymbol, string symbolToken, CancellationToken cancellationToken = default)
    {
        var snapshot = await prices.GetAsync(new InstrumentKey(exchange, symbolToken), cancellationToken)
            ?? throw new BrokerException(BrokerErrorKind.Unavailable, null, $"No price for {tradingSymbol} yet: the feed has not sent one.");
        return new BrokerQuote(exchange, tradingSymbol, symbolToken, snapshot.LastPrice, null, null, null, snapshot.PreviousClose);
    }

    /// <summary>Paper reads its candles from the app's own store: any period in one read.</summary>
    public TimeSpan MaxCandlePeriod(CandleInterval interval) => TimeSpan.FromDays(3650);

    public async Task<IReadOnlyList<BrokerCandle>> GetCandlesAsync(Exchange exchange, string symbolToken, CandleInterval interval, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var candles = await db.Candles.AsNoTracking()
            .Where(c => c.Exchange == exchange && c.SymbolToken == symbolToken && c.Interval == interval && c.Time >= fromUtc && c.Time <= toUtc)
            .OrderBy(c => c.Time)
            .ToListAsync(cancellationToken);
        return candles.Select(c => new BrokerCandle(c.Time, c.Open, c.High, c.Low, c.Close, c.Volume)).ToList();
    }

    public async Task<IReadOnlyList<BrokerInstrument>> SearchInstrumentsAsync(Exchange exchange, string query, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var prefix = query.Trim().ToUpperInvariant();
        return await db.Instruments.AsNoTracking()
            .Where(i => i.Exchange == exchange && i.TradingSymbol.StartsWith(prefix))
            .OrderBy(i => i.TradingSymbol).Take(50)
            .Select(i => new BrokerInstrument(i.Exchange, i.TradingSymbol, i.SymbolToken))
            .ToListAsync(cancellationToken);
    }

    internal static void Validate(OrderType type, int quantity, decimal? price, decimal? trigger, Instrument instrument)
    {
        if (!instrument.IsTradable) throw new BrokerException(BrokerErrorKind.Rejected, "AB1018", $"{instrument.TradingSymbol} cannot be traded.");
        if (quantity <= 0) throw new BrokerException(BrokerErrorKind.Rejected, "AB1007", "Quantity must be more than zero.");
        if (quantity % Math.Max(1, instrument.LotSize) != 0)
            throw new BrokerException(BrokerErrorKind.Rejected, "AB1007", $"Quantity must be a multiple of the lot size {instrument.LotSize}.");
        if (type.UsesLimitPrice())
        {
            if (price is not > 0) throw new BrokerException(BrokerErrorKind.Rejected, "AB1007", "A limit order needs a price.");
            if (price.Value % instrument.TickSize != 0) throw new BrokerException(BrokerErrorKind.Rejected, "AB1007", $"Price must be a multiple of the tick size {instrument.TickSize}.");
        }
        if (type.UsesTrigger())
        {
            if (trigger is not > 0) throw new BrokerException(BrokerErrorKind.Rejected, "AB1007", "A stop-loss order needs a trigger price.");
            if (trigger.Value % instrument.TickSize != 0) throw new BrokerException(BrokerErrorKind.Rejected, "AB1007", $"Trigger price must be a multiple of the tick size {instrument.TickSize}.");
        }
    }

    private PaperOrder Draft(BrokerOrderRequest request, Instrument? instrument, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        BrokerOrderId = NewOrderId(now),
        BrokerAccountId = brokerAccountId,
        UserId = userId,
        Exchange = instrument?.Exchange ?? request.Exchange,
        SymbolToken = instrument?.SymbolToken ?? request.SymbolToken,
        TradingSymbol = instrument?.TradingSymbol ?? request.TradingSymbol,
        Side = request.Side,
        OrderType = request.OrderType,
        ProductType = request.ProductType,
        Variety = request.Variety,
        Validity = request.Validity,
        Quantity = request.Quantity,
        Price = request.OrderType.LimitPrice(request.Price),
        TriggerPrice = request.OrderType.TriggerPrice(request.TriggerPrice),
        Status = PaperOrderStatuses.Initial(request.OrderType),
        Tag = request.Tag,
        StopLoss = request.Variety == OrderVariety.Robo ? request.StopLoss : null,
        Target = request.Variety == OrderVariety.Robo ? request.Target : null,
        CreatedAt = now,
        UpdatedAt = now,
    };

    private async Task<PaperOrder> FindAsync(TradingDbContext db, string brokerOrderId, CancellationToken cancellationToken) =>
        await db.PaperOrders.FirstOrDefaultAsync(o => o.BrokerAccountId == brokerAccountId && o.BrokerOrderId == brokerOrderId, cancellationToken)
        ?? throw new BrokerException(BrokerErrorKind.Rejected, "AB1013", $"Order {brokerOrderId} was not found.");

    private static async Task SaveOrConflictAsync(TradingDbContext db, PaperOrder order, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new BrokerException(BrokerErrorKind.Rejected, "AB1013", $"Order {order.BrokerOrderId} changed meanwhile (it may have filled). Refresh and try again.");
        }
    }

    internal static string NewOrderId(DateTime now) =>
        $"P{now:yyMMdd}{RandomNumberGenerator.GetInt32(0, 1_000_000_000):D9}";

    private static BrokerOrderStatus ToStatus(PaperOrderStatus status) => status switch
    {
        PaperOrderStatus.Open => BrokerOrderStatus.Open,
        PaperOrderStatus.TriggerPending => BrokerOrderStatus.TriggerPending,
        PaperOrderStatus.Complete => BrokerOrderStatus.Complete,
        PaperOrderStatus.Cancelled => BrokerOrderStatus.Cancelled,
        _ => BrokerOrderStatus.Rejected,
    };

    internal static BrokerOrder ToBrokerOrder(PaperOrder o) => new(o.BrokerOrderId, o.Exchange, o.TradingSymbol, o.SymbolToken, o.Side, o.OrderType,
        o.ProductType, o.Variety, o.Quantity, o.Price, o.TriggerPrice, ToStatus(o.Status), o.FilledQuantity, o.AveragePrice, o.RejectionReason,
        o.UpdatedAt, o.Tag, Reply(o), o.ParentBrokerOrderId);

    private static string Reply(PaperOrder o) => JsonSerializer.Serialize(new
    {
        broker = "paper",
        orderid = o.BrokerOrderId,
        status = o.Status.ToString().ToLowerInvariant(),
        o.Quantity,
        filled = o.FilledQuantity,
        averageprice = o.AveragePrice,
        text = o.RejectionReason,
    });
}
