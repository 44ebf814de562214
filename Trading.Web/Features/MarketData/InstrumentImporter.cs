using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Trading.Data;
using Trading.Data.Entities;

namespace Trading.Web.Features.MarketData;

public sealed record InstrumentImportResult(int Read, int Imported, int Skipped, int Retired, TimeSpan Elapsed);

/// <summary>
/// Imports an instrument master (Angel One's JSON array, ~150k rows) by streaming it: rows are parsed one at a time
/// and written in batches. PostgreSQL gets a binary COPY into a temp table and one upsert; SQLite an EF batch upsert.
/// </summary>
public sealed class InstrumentImporter(IDbContextFactory<TradingDbContext> dbFactory, InstrumentCatalog catalog, TimeProvider time, ILogger<InstrumentImporter> logger)
{
    private const int BatchSize = 10_000;

    /// <param name="retireMissing">A full master: instruments it no longer lists (expired contracts) stop being tradable.</param>
    public async Task<InstrumentImportResult> ImportAsync(Stream json, bool retireMissing, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var postgres = db.Database.IsNpgsql();
        int read = 0, imported = 0, skipped = 0;
        var batch = new List<Instrument>(BatchSize);

        PostgresBulk? bulk = postgres ? await PostgresBulk.StartAsync(db, cancellationToken) : null;
        Dictionary<(Exchange, string), Instrument>? existing = postgres ? null
            : await db.Instruments.ToDictionaryAsync(i => (i.Exchange, i.SymbolToken), cancellationToken);

        await foreach (var row in JsonSerializer.DeserializeAsyncEnumerable<InstrumentMasterRow>(json, cancellationToken: cancellationToken))
        {
            read++;
            if (row?.ToInstrument(now) is not { } instrument)
            {
                skipped++;
                continue;
            }
            batch.Add(instrument);
            if (batch.Count == BatchSize)
            {
                imported += postgres ? await bulk!.WriteAsync(batch, cancellationToken) : await UpsertSqliteAsync(db, existing!, batch, cancellationToken);
                batch.Clear();
            }
        }
        if (batch.Count > 0)
        {
            imported += postgres ? await bulk!.WriteAsync(batch, cancellationToken) : await UpsertSqliteAsync(db, existing!, batch, cancellationToken);
        }
        if (bulk is not null)
        {
            imported = await bulk.CompleteAsync(cancellationToken);
        }

        var retired = 0;
        if (retireMissing && read > 0)
        {
            retired = await db.Instruments.Where(i => i.IsTradable && i.UpdatedAt < now)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.IsTradable, false), cancellationToken);
        }
        catalog.Clear();
        var result = new InstrumentImportResult(read, imported, skipped, retired, watch.Elapsed);
        logger.LogInformation("Instrument master imported: {Read} rows read, {Imported} stored, {Skipped} skipped, {Retired} retired in {Elapsed}",
            result.Read, result.Imported, result.Skipped, result.Retired, result.Elapsed);
        return result;
    }

    private static async Task<int> UpsertSqliteAsync(TradingDbContext db, Dictionary<(Exchange, string), Instrument> existing,
        List<Instrument> batch, CancellationToken cancellationToken)
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
        return batch.Count;
    }

    /// <summary>COPY rows into a session temp table; one INSERT ... ON CONFLICT moves them into instruments.</summary>
    private sealed class PostgresBulk
    {
        private readonly NpgsqlConnection _connection;

        private PostgresBulk(NpgsqlConnection connection) => _connection = connection;

        public static async Task<PostgresBulk> StartAsync(TradingDbContext db, CancellationToken cancellationToken)
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand("""
                CREATE TEMP TABLE IF NOT EXISTS instruments_import (
                    exchange varchar(32), symbol_token varchar(32), trading_symbol varchar(64), name varchar(128),
                    instrument_type varchar(16), lot_size integer, tick_size numeric(10,4), expiry date,
                    strike numeric(18,4), is_tradable boolean, updated_at timestamptz);
                TRUNCATE instruments_import;
                """, connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
            return new PostgresBulk(connection);
        }

        public async Task<int> WriteAsync(List<Instrument> batch, CancellationToken cancellationToken)
        {
            await using var writer = await _connection.BeginBinaryImportAsync(
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
            return batch.Count;
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
                """, _connection) { CommandTimeout = 300 };
            return await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
