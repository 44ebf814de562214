using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Common;
using Trading.Web.Features.Funds;
using Trading.Web.Features.MarketData;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Broker.Paper;

/// <summary>
/// The books of paper accounts in memory: capital, what each instrument's fills add up to, and the money open buy
/// orders hold. Read once from the database (fills and open orders) and then kept in step by every change the paper
/// broker and its fill engine write, so funds and positions cost no database reads. Changes to one account take turns;
/// a new order reserves its money first and is written after, so "check funds, then accept" is atomic without holding
/// others up during the write. Readers get the latest published snapshot without waiting. The book is read again after
/// a minute (an account another instance also changed catches up), or after a failed write, once no write is under way.
/// </summary>
public sealed class PaperLedger(IDbContextFactory<TradingDbContext> dbFactory, ILtpCache prices, InstrumentCatalog instruments,
    MarginCalculator margins, TimeProvider time)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<Guid, Entry> _accounts = new();
    private readonly KeyedLock<Guid> _turns = new();

    private sealed class Entry
    {
        public PaperBook? Book { get; set; }
        public DateTimeOffset LoadedAt { get; set; }
        public bool Stale { get; set; }
        public int Writing { get; set; }
        public volatile PaperSnapshot? Published;
    }

    /// <summary>The account's funds and books as of the last change.</summary>
    public async Task<PaperSnapshot> SnapshotAsync(Guid accountId, Guid userId, CancellationToken cancellationToken = default)
    {
        if (_accounts.TryGetValue(accountId, out var entry) && entry.Published is { } published && !entry.Stale
            && time.GetUtcNow() - entry.LoadedAt < MaxAge)
        {
            return published;
        }
        return await ChangeAsync(accountId, userId, load: true, book => Task.FromResult(book!.Snapshot()), cancellationToken);
    }

    /// <summary>
    /// Reserves a new order in the book (<paramref name="reserve"/> checks funds and holds its money, or applies its
    /// fill) before it is written; <see cref="SettleAsync"/> must follow the write, with how to undo the reservation if
    /// the write failed.
    /// </summary>
    public Task ReserveAsync(Guid accountId, Guid userId, Action<PaperBook> reserve, CancellationToken cancellationToken = default) =>
        ChangeAsync(accountId, userId, load: true, book =>
        {
            reserve(book!);
            _accounts[accountId].Writing++;
            return Task.FromResult(true);
        }, cancellationToken);

    public async Task SettleAsync(Guid accountId, Action<PaperBook>? undo)
    {
        var entry = _accounts[accountId];
        using var turn = await _turns.LockAsync(accountId);
        entry.Writing--;
        if (undo is not null && entry.Book is not null)
        {
            undo(entry.Book);
            entry.Stale = true;
        }
        Publish(entry);
    }

    /// <summary>
    /// Runs a change of the account (its database write and the matching update of the book) while no other change of
    /// it runs. With <paramref name="load"/> false an account not in memory is not read: the change only writes, and
    /// the book it gets is null. A change that fails marks the book for reading again.
    /// </summary>
    public async Task<T> ChangeAsync<T>(Guid accountId, Guid userId, bool load, Func<PaperBook?, Task<T>> change, CancellationToken cancellationToken = default)
    {
        var entry = _accounts.GetOrAdd(accountId, _ => new Entry());
        using var turn = await _turns.LockAsync(accountId, cancellationToken);
        try
        {
            var expired = entry.Book is not null && (entry.Stale || time.GetUtcNow() - entry.LoadedAt >= MaxAge);
            if (load && (entry.Book is null || expired && entry.Writing == 0))
            {
                entry.Book = await LoadAsync(accountId, userId, cancellationToken);
                entry.LoadedAt = time.GetUtcNow();
                entry.Stale = false;
            }
            try
            {
                return await change(entry.Book);
            }
            catch
            {
                entry.Stale = true;
                throw;
            }
        }
        finally
        {
            Publish(entry);
        }
    }

    private static void Publish(Entry entry) => entry.Published = entry.Book?.Snapshot();

    /// <summary>After the books were read from the database anyway (reconciliation): read them again on next use.</summary>
    public void Refresh(Guid accountId)
    {
        if (_accounts.TryGetValue(accountId, out var entry)) entry.Stale = true;
    }

    /// <summary>
    /// The account's fills per instrument from the database. PostgreSQL sums in SQL (one row per instrument however many
    /// fills there were); SQLite cannot sum decimals in SQL, so there the fills are summed in memory.
    /// </summary>
    public static async Task<IReadOnlyList<PaperAccounting.Book>> BooksAsync(TradingDbContext db, Guid accountId, CancellationToken cancellationToken)
    {
        var trades = db.PaperTrades.AsNoTracking().Where(t => t.BrokerAccountId == accountId);
        // A read choice, not a write seam: SQLite cannot sum decimals in SQL.
        if (!db.Database.IsNpgsql()) return PaperAccounting.Books(await trades.ToListAsync(cancellationToken));
        var rows = await trades
            .GroupBy(t => new { t.Exchange, t.SymbolToken, t.ProductType })
            .Select(g => new
            {
                g.Key.Exchange,
                g.Key.SymbolToken,
                g.Key.ProductType,
                TradingSymbol = g.Max(t => t.TradingSymbol),
                BuyQuantity = g.Sum(t => t.Side == OrderSide.Buy ? t.Quantity : 0),
                BuyValue = g.Sum(t => t.Side == OrderSide.Buy ? t.Quantity * t.Price : 0m),
                SellQuantity = g.Sum(t => t.Side == OrderSide.Sell ? t.Quantity : 0),
                SellValue = g.Sum(t => t.Side == OrderSide.Sell ? t.Quantity * t.Price : 0m),
                Charges = g.Sum(t => t.Charges),
            })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new PaperAccounting.Book(r.Exchange, r.SymbolToken, r.TradingSymbol ?? "", r.ProductType, r.BuyQuantity, r.BuyValue,
            r.SellQuantity, r.SellValue, r.Charges)).ToList();
    }

    private async Task<PaperBook> LoadAsync(Guid accountId, Guid userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var capital = await db.Users.Where(u => u.Id == userId).Select(u => u.TradingCapital).SingleAsync(cancellationToken);
        var transfers = await db.PaperFundTransfers.AsNoTracking().Where(t => t.BrokerAccountId == accountId)
            .Select(t => new { t.Kind, t.Amount }).ToListAsync(cancellationToken);
        var book = new PaperBook(capital, transfers.Sum(t => t.Kind == FundTransferKind.Payin ? t.Amount : -t.Amount), margins, () => IndianTime.Today(time));
        foreach (var b in await BooksAsync(db, accountId, cancellationToken))
        {
            book.Add(b);
            if (await instruments.FindAsync(b.Exchange, b.SymbolToken, cancellationToken) is { } instrument) book.Know(instrument);
        }

        var open = await db.PaperOrders.AsNoTracking()
            .Where(o => o.BrokerAccountId == accountId && PaperOrderStatuses.Working.Contains(o.Status))
            .ToListAsync(cancellationToken);
        var snapshots = await prices.GetManyAsync(open.Select(o => new InstrumentKey(o.Exchange, o.SymbolToken)).Distinct().ToList(), cancellationToken);
        foreach (var order in open)
        {
            if (await instruments.FindAsync(order.Exchange, order.SymbolToken, cancellationToken) is { } instrument) book.Know(instrument);
            book.Hold(order, snapshots.TryGetValue(new InstrumentKey(order.Exchange, order.SymbolToken), out var s) ? s.LastPrice : null);
        }
        return book;
    }
}

public sealed record PaperSnapshot(BrokerFunds Funds, IReadOnlyList<PaperAccounting.Book> Books);

/// <summary>One paper account's book: see <see cref="PaperLedger"/>. Only used while the ledger's turn for the account is held.</summary>
public sealed class PaperBook(decimal capital, decimal transfers, MarginCalculator margins, Func<DateOnly> today)
{
    private readonly Dictionary<(Exchange, string, ProductType), PaperAccounting.Book> _books = [];
    private readonly Dictionary<(Exchange, string), MarginInstrument> _instruments = [];
    private readonly Dictionary<Guid, decimal> _held = [];
    private decimal _heldTotal;

    public decimal Capital { get; } = capital;

    /// <summary>Payins less payouts.</summary>
    public decimal Transfers { get; private set; } = transfers;

    public BrokerFunds Funds => Snapshot().Funds;

    public PaperSnapshot Snapshot()
    {
        var books = _books.Values.ToList();
        var date = today();
        var positionMargin = books.Sum(b => margins.ForPosition(InstrumentOf(b.Exchange, b.SymbolToken), b.Product, b.NetQuantity, b.OpenAverage, date));
        return new PaperSnapshot(PaperAccounting.Funds(Capital, Transfers, books, positionMargin, _heldTotal), books);
    }

    public void Transfer(decimal signedAmount) => Transfers += signedAmount;

    /// <summary>Remembers an instrument's type and strike, which its margin depends on.</summary>
    public void Know(Instrument instrument) =>
        _instruments[(instrument.Exchange, instrument.SymbolToken)] = new MarginInstrument(instrument.Exchange, instrument.InstrumentType, instrument.Strike);

    private MarginInstrument InstrumentOf(Exchange exchange, string token) =>
        _instruments.TryGetValue((exchange, token), out var known) ? known
            : new MarginInstrument(exchange, exchange is Exchange.NSE or Exchange.BSE ? "EQ" : "FUTSTK", null);

    /// <summary>The margin <paramref name="order"/> needs on top of its position now (an exit needs none).</summary>
    public decimal RequiredMargin(PaperOrder order, decimal? lastPrice)
    {
        var price = PaperAccounting.OrderPrice(order, lastPrice);
        if (price is null) return 0m;
        return margins.ForOrder(InstrumentOf(order.Exchange, order.SymbolToken), order.ProductType,
            NetQuantity(order.Exchange, order.SymbolToken, order.ProductType), order.Side, order.Quantity - order.FilledQuantity, price.Value, today());
    }

    public PaperAccounting.Book? Find(Exchange exchange, string symbolToken, ProductType product) =>
        _books.GetValueOrDefault((exchange, symbolToken, product));

    /// <summary>Margin of a position of <paramref name="net"/> in this book's terms (its instrument, today's rules).</summary>
    public decimal PositionMargin(Exchange exchange, string symbolToken, ProductType product, int net, decimal price) =>
        margins.ForPosition(InstrumentOf(exchange, symbolToken), product, net, price, today());

    public int NetQuantity(Exchange exchange, string symbolToken, ProductType product) =>
        _books.TryGetValue((exchange, symbolToken, product), out var b) ? b.NetQuantity : 0;

    internal void Add(PaperAccounting.Book book) => _books[(book.Exchange, book.SymbolToken, book.Product)] = book;

    /// <summary>An open order holds the margin it needs (at its limit or trigger price, else the last price).</summary>
    public void Hold(PaperOrder order, decimal? lastPrice)
    {
        Release(order.Id);
        if (order.Status.IsWorking())
        {
            var value = RequiredMargin(order, lastPrice);
            _held[order.Id] = value;
            _heldTotal += value;
        }
    }

    public void Release(Guid paperOrderId)
    {
        if (_held.Remove(paperOrderId, out var value)) _heldTotal -= value;
    }

    /// <summary>Takes back a fill whose write failed.</summary>
    public void Undo(PaperTrade fill) => Apply(new PaperTrade
    {
        Exchange = fill.Exchange, SymbolToken = fill.SymbolToken, TradingSymbol = fill.TradingSymbol, ProductType = fill.ProductType,
        Side = fill.Side, Quantity = -fill.Quantity, Price = fill.Price, Charges = -fill.Charges,
    });

    public void Apply(PaperTrade fill)
    {
        var key = (fill.Exchange, fill.SymbolToken, fill.ProductType);
        var b = _books.TryGetValue(key, out var existing)
            ? existing
            : new PaperAccounting.Book(fill.Exchange, fill.SymbolToken, fill.TradingSymbol, fill.ProductType, 0, 0m, 0, 0m);
        b = b with { Charges = b.Charges + fill.Charges };
        _books[key] = fill.Side == OrderSide.Buy
            ? b with { BuyQuantity = b.BuyQuantity + fill.Quantity, BuyValue = b.BuyValue + fill.Quantity * fill.Price }
            : b with { SellQuantity = b.SellQuantity + fill.Quantity, SellValue = b.SellValue + fill.Quantity * fill.Price };
    }
}
