using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Broker;
using Trading.Web.Features.Broker.Paper;
using Trading.Web.Features.Positions;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.Funds;

public sealed record FundsView(BrokerFunds Funds, ChargeBreakdown ChargesToday, IReadOnlyList<PaperFundTransfer> Transfers, bool IsPaper, string? Problem);

/// <summary>
/// A trader's funds at one broker account: cash, margin used, available, realized and unrealized P&amp;L as the broker
/// reports them (the paper broker keeps real books), today's charges from the fills, and paper payins / payouts.
/// </summary>
public sealed class FundsService(IDbContextFactory<TradingDbContext> dbFactory, BrokerFactory brokers, PaperLedger ledger, TimeProvider time)
{
    public const decimal MaxTransfer = 10_00_00_000m; // ₹10 crore in one go: a typo guard, not a rule

    public async Task<FundsView?> GetAsync(Guid userId, Guid? accountId, CancellationToken cancellationToken = default)
    {
        if (await brokers.ForUserAsync(userId, accountId, cancellationToken) is not ({ } id, { } broker)) return null;
        var isPaper = broker.Kind == BrokerKind.Paper;
        BrokerFunds funds;
        string? problem = null;
        try
        {
            funds = await broker.GetFundsAsync(cancellationToken);
        }
        catch (BrokerException ex)
        {
            funds = new BrokerFunds(0, 0, 0, 0, 0, 0);
            problem = $"The broker did not give the funds: {ex.Message}";
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var today = IndianTime.Today(time);
        var (dayStart, dayEnd) = (IndianTime.StartOfDayUtc(today), IndianTime.EndOfDayUtc(today));
        var trades = await (from t in db.Trades.AsNoTracking()
                            join o in db.Orders.AsNoTracking() on t.OrderId equals o.Id
                            where t.UserId == userId && o.UserId == userId && o.BrokerAccountId == id && t.TradedAt >= dayStart && t.TradedAt < dayEnd
                            select t).ToListAsync(cancellationToken);
        var charges = PositionBook.ChargesOf(trades);
        var transfers = isPaper
            ? await db.PaperFundTransfers.AsNoTracking().Where(t => t.BrokerAccountId == id && t.UserId == userId)
                .OrderByDescending(t => t.At).Take(100).ToListAsync(cancellationToken)
            : [];
        return new FundsView(funds, charges, transfers, isPaper, problem);
    }

    /// <summary>Adds money to, or withdraws it from, a paper account. Returns a message when refused (nothing changes then).</summary>
    public async Task<string?> TransferAsync(Guid userId, Guid? accountId, FundTransferKind kind, decimal amount, string? note,
        CancellationToken cancellationToken = default)
    {
        if (amount <= 0) return "Enter an amount above zero.";
        if (amount > MaxTransfer) return $"At most {IndianFormat.Rupees(MaxTransfer)} at a time.";
        if (decimal.Round(amount, 2) != amount) return "Amounts are in rupees and paise (two decimals).";
        if (await brokers.ForUserAsync(userId, accountId, cancellationToken) is not ({ } id, { } broker)) return "Choose one of your broker accounts.";
        if (broker.Kind != BrokerKind.Paper) return "Money moves in and out of a live account in the broker's own app.";
        if (kind == FundTransferKind.Payout)
        {
            var available = (await broker.GetFundsAsync(cancellationToken)).AvailableCash;
            if (amount > available) return $"You can withdraw at most the available {IndianFormat.Rupees(Math.Max(0, available))}.";
        }
        await ledger.ChangeAsync(id, userId, load: false, async book =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            db.PaperFundTransfers.Add(new PaperFundTransfer
            {
                BrokerAccountId = id, UserId = userId, Kind = kind, Amount = amount, At = time.GetUtcNow().UtcDateTime,
                Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim().Truncated(200),
            });
            await db.SaveChangesAsync(cancellationToken);
            book?.Transfer(kind == FundTransferKind.Payin ? amount : -amount);
            return true;
        }, cancellationToken);
        return null;
    }
}
