using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Trading.Data;
using Trading.Data.Entities;

namespace Trading.Web.Features.Strategies.Engine;

/// <summary>
/// Stores the engine's state of activation symbols (side, filled quantity, last bar, bars seen, working order) after a
/// run: the one write of thousands of rows per closed bar. PostgreSQL: one UPDATE over arrays; other databases: EF Core.
/// </summary>
public interface IStrategyStateWrites
{
    Task SaveAsync(IReadOnlyCollection<UserStrategySymbol> symbols, CancellationToken cancellationToken);
}

public sealed class PostgresStrategyStateWrites(NpgsqlDataSource dataSource) : IStrategyStateWrites
{
    private const string Sql = """
        UPDATE user_strategy_symbols AS s
        SET position = v.position, net_quantity = v.net_quantity, last_bar_time = v.last_bar_time, bars_seen = v.bars_seen,
            working_order_id = v.working_order_id, working_since = v.working_since, reprices = v.reprices
        FROM unnest(@ids, @positions, @nets, @bars, @seen, @working, @since, @reprices)
            AS v(id, position, net_quantity, last_bar_time, bars_seen, working_order_id, working_since, reprices)
        WHERE s.id = v.id
        """;

    public async Task SaveAsync(IReadOnlyCollection<UserStrategySymbol> symbols, CancellationToken cancellationToken)
    {
        if (symbols.Count == 0) return;
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = symbols.Select(s => s.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("positions", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = symbols.Select(s => s.Position.ToString()).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("nets", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = symbols.Select(s => s.NetQuantity).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("bars", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = symbols.Select(s => s.LastBarTime).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("seen", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = symbols.Select(s => s.BarsSeen).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("working", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = symbols.Select(s => s.WorkingOrderId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("since", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = symbols.Select(s => s.WorkingSince).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("reprices", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = symbols.Select(s => s.Reprices).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

public sealed class EfStrategyStateWrites(IDbContextFactory<TradingDbContext> dbFactory) : IStrategyStateWrites
{
    public async Task SaveAsync(IReadOnlyCollection<UserStrategySymbol> symbols, CancellationToken cancellationToken)
    {
        if (symbols.Count == 0) return;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var symbol in symbols)
        {
            var entry = db.Attach(new UserStrategySymbol
            {
                Id = symbol.Id, UserStrategyId = symbol.UserStrategyId, Exchange = symbol.Exchange, SymbolToken = symbol.SymbolToken,
                TradingSymbol = symbol.TradingSymbol, LotSize = symbol.LotSize, Position = symbol.Position, NetQuantity = symbol.NetQuantity,
                LastBarTime = symbol.LastBarTime, BarsSeen = symbol.BarsSeen, WorkingOrderId = symbol.WorkingOrderId, WorkingSince = symbol.WorkingSince,
                Reprices = symbol.Reprices,
            });
            foreach (var property in new[] { nameof(UserStrategySymbol.Position), nameof(UserStrategySymbol.NetQuantity), nameof(UserStrategySymbol.LastBarTime),
                         nameof(UserStrategySymbol.BarsSeen), nameof(UserStrategySymbol.WorkingOrderId), nameof(UserStrategySymbol.WorkingSince), nameof(UserStrategySymbol.Reprices) })
            {
                entry.Property(property).IsModified = true;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
