using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Trading.Data;
using Trading.Data.Entities;

namespace Trading.Web.Features.MarketData;

/// <summary>
/// Where an instrument master import writes, one implementation per database (chosen at registration): a binary COPY
/// and one upsert on PostgreSQL, EF Core batches elsewhere.
/// </summary>
public interface IInstrumentWrites
{
    Task<IInstrumentUpsert> StartAsync(CancellationToken cancellationToken);
}

/// <summary>One import: batches as the master streams in, then <see cref="CompleteAsync"/> (the number of instruments stored).</summary>
public interface IInstrumentUpsert : IAsyncDisposable
{
    Task WriteAsync(IReadOnlyList<Instrument> batch, CancellationToken cancellationToken);
    Task<int> CompleteAsync(CancellationToken cancellationToken);
}

/// <summary>EF Core (SQLite): each batch inserted or updated against the instruments read at the start.</summary>
public sealed class EfInstrumentWrites(IDbContextFactory<TradingDbContext> dbFactory) : IInstrumentWrites
{
    public async Task<IInstrumentUpsert> StartAsync(CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.Instruments.ToDictionaryAsync(i => (i.Exchange, i.SymbolToken), cancellationToken);
        return new Upsert(db, existing);
    }

    private sealed class Upsert(TradingDbContext db, Dictionary<(Exchange, string), Instrument> existing) : IInstrumentUpsert
    {
        private int _written;

        public async Task WriteAsync(IReadOnlyList<Instrument> batch, CancellationToken cancellationToken)
        {
            foreach (var incoming in batch)
            {
                if (existing.TryGetValue((incoming.Exchange, incoming.SymbolToken), out var stored))
                {
                    incoming.Id = stored.Id;
                    db.Entry(stored).CurrentValues.SetValues(incoming);
                }
                else
                {
                    db.Instruments.Add(incoming);
                    existing[(incoming.Exchange, incoming.SymbolToken)] = incoming;
                }
            }
            await db.SaveChangesAsync(cancellationToken);
            _written += batch.Count;
        }

        public Task<int> CompleteAsync(CancellationToken cancellationToken) => Task.FromResult(_written);

        public ValueTask DisposeAsync() => db.DisposeAsync();
    }
}

/// <summary>PostgreSQL: COPY rows into a session temp table; one INSERT … ON CONFLICT moves them into instruments.</summary>
public sealed class PostgresInstrumentWrites(NpgsqlDataSource dataSource) : IInstrumentWrites
{
    public async Task<IInstrumentUpsert> StartAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var create = new NpgsqlCommand("""
            CREATE TEMP TABLE IF NOT EXISTS instruments_import (
                exchange varchar(32), symbol_token varchar(32), trading_symbol varchar(64), name varchar(128),
                instrument_type varchar(16), lot_size integer, tick_size numeric(10,4), expiry date,
                strike numeric(18,4), is_tradable boolean, updated_at timestamptz);
            TRUNCATE instruments_import;
            """, connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
        return new Upsert(connection);
    }

    private sealed class Upsert(NpgsqlConnection connection) : IInstrumentUpsert
    {
        public async Task WriteAsync(IReadOnlyList<Instrument> batch, CancellationToken cancellationToken)
        {
            await using var writer = await connection.BeginBinaryImportAsync(
                "COPY instruments_import (exchange, symbol_token, trading_symbol, name, instrument_type, lot_size, tick_size, expiry, strike, is_tradable, updated_at) FROM STDIN (FORMAT BINARY)",
                cancellationToken);
            foreach (var i in batch)
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(i.Exchange.ToString(), NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(i.SymbolToken, NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(i.TradingSymbol, NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(i.Name, NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(i.InstrumentType, NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(i.LotSize, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(i.TickSize, NpgsqlDbType.Numeric, cancellationToken);
                if (i.Expiry is { } expiry) await writer.WriteAsync(expiry, NpgsqlDbType.Date, cancellationToken);
                else await writer.WriteNullAsync(cancellationToken);
                if (i.Strike is { } strike) await writer.WriteAsync(strike, NpgsqlDbType.Numeric, cancellationToken);
                else await writer.WriteNullAsync(cancellationToken);
                await writer.WriteAsync(i.IsTradable, NpgsqlDbType.Boolean, cancellationToken);
                await writer.WriteAsync(i.UpdatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            }
            await writer.CompleteAsync(cancellationToken);
        }

        public async Task<int> CompleteAsync(CancellationToken cancellationToken)
        {
            await using var upsert = new NpgsqlCommand("""
                INSERT INTO instruments (exchange, symbol_token, trading_symbol, name, instrument_type, lot_size, tick_size, expiry, strike, is_tradable, updated_at)
                SELECT DISTINCT ON (exchange, symbol_token) exchange, symbol_token, trading_symbol, name, instrument_type, lot_size, tick_size, expiry, strike, is_tradable, updated_at
                FROM instruments_import ORDER BY exchange, symbol_token
                ON CONFLICT (exchange, symbol_token) DO UPDATE SET
                    trading_symbol = EXCLUDED.trading_symbol, name = EXCLUDED.name, instrument_type = EXCLUDED.instrument_type,
                    lot_size = EXCLUDED.lot_size, tick_size = EXCLUDED.tick_size, expiry = EXCLUDED.expiry, strike = EXCLUDED.strike,
                    is_tradable = EXCLUDED.is_tradable, updated_at = EXCLUDED.updated_at;
                TRUNCATE instruments_import;
                """, connection) { CommandTimeout = 300 };
            return await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}
