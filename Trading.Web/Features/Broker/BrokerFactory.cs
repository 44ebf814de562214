using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Broker.AngelOne;
using Trading.Web.Features.Broker.Paper;
using Trading.Web.Features.MarketData;

namespace Trading.Web.Features.Broker;

/// <summary>
/// The <see cref="IBroker"/> of a broker account. A trader's accounts are remembered for a short while (every order
/// needs them); <see cref="BrokerAccountService"/> forgets them whenever an account is added, removed or made default.
/// </summary>
public sealed class BrokerFactory(
    IDbContextFactory<TradingDbContext> dbFactory,
    ILtpCache prices,
    InstrumentCatalog instruments,
    PaperLedger paperLedger,
    PaperFillEngine paperEngine,
    IPaperOrderWrites paperWrites,
    PaperCharges paperCharges,
    MarketCalendar calendar,
    Funds.MarginCalculator margins,
    AngelOneClient angelOne,
    AngelOneSessions sessions,
    TimeProvider time)
{
    // Other instances' changes reach this one within this time.
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<Guid, (IReadOnlyList<AccountRef> Accounts, DateTimeOffset LoadedAt)> _byUser = new();

    private sealed record AccountRef(Guid Id, BrokerKind Broker, bool IsDefault, DateTime CreatedAt);

    public async Task<IBroker> ForAccountAsync(Guid brokerAccountId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await db.BrokerAccounts.AsNoTracking().Where(a => a.Id == brokerAccountId)
            .Select(a => new { a.Id, a.UserId, a.Broker }).FirstOrDefaultAsync(cancellationToken)
            ?? throw new BrokerException(BrokerErrorKind.Rejected, null, "That broker account no longer exists.");
        return Create(account.Id, account.UserId, account.Broker);
    }

    /// <summary>The trader's chosen account (it must be theirs), or their default one; null when there is none.</summary>
    public async Task<(Guid AccountId, IBroker Broker)?> ForUserAsync(Guid userId, Guid? brokerAccountId, CancellationToken cancellationToken = default)
    {
        var accounts = await AccountsAsync(userId, cancellationToken);
        var account = brokerAccountId is { } id
            ? accounts.FirstOrDefault(a => a.Id == id)
            : accounts.OrderByDescending(a => a.IsDefault).ThenBy(a => a.CreatedAt).FirstOrDefault();
        return account is null ? null : (account.Id, Create(account.Id, userId, account.Broker));
    }

    public void Forget(Guid userId) => _byUser.TryRemove(userId, out _);

    private async Task<IReadOnlyList<AccountRef>> AccountsAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_byUser.TryGetValue(userId, out var entry) && now - entry.LoadedAt < MaxAge) return entry.Accounts;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var accounts = await db.BrokerAccounts.AsNoTracking().Where(a => a.UserId == userId)
            .Select(a => new AccountRef(a.Id, a.Broker, a.IsDefault, a.CreatedAt)).ToListAsync(cancellationToken);
        _byUser[userId] = (accounts, now);
        return accounts;
    }

    private IBroker Create(Guid accountId, Guid userId, BrokerKind kind) => kind == BrokerKind.Paper
        ? new PaperBroker(accountId, userId, dbFactory, prices, instruments, paperLedger, paperEngine, paperWrites, paperCharges, calendar, margins, time)
        : new AngelOneBroker(accountId, angelOne, sessions, time);
}
