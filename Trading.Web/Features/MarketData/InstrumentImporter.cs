using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Trading.Data;

namespace Trading.Web.Features.MarketData;

public sealed record InstrumentImportResult(int Read, int Imported, int Skipped, int Retired, TimeSpan Elapsed);

/// <summary>
/// Imports an instrument master (Angel One's JSON array, ~150k rows) by streaming it: rows are parsed one at a time
/// and written in batches through <see cref="IInstrumentWrites"/>.
/// </summary>
public sealed class InstrumentImporter(
    IDbContextFactory<TradingDbContext> dbFactory, IInstrumentWrites writes, InstrumentCatalog catalog, TimeProvider time, ILogger<InstrumentImporter> logger)
{
    private const int BatchSize = 10_000;

    /// <param name="retireMissing">A full master: instruments it no longer lists (expired contracts) stop being tradable.</param>
    public async Task<InstrumentImportResult> ImportAsync(Stream json, bool retireMissing, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var now = time.GetUtcNow().UtcDateTime;
        int read = 0, skipped = 0;
        var batch = new List<Trading.Data.Entities.Instrument>(BatchSize);
        int imported;
        await using (var upsert = await writes.StartAsync(cancellationToken))
        {
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
                    await upsert.WriteAsync(batch, cancellationToken);
                    batch.Clear();
                }
            }
            if (batch.Count > 0) await upsert.WriteAsync(batch, cancellationToken);
            imported = await upsert.CompleteAsync(cancellationToken);
        }

        var retired = 0;
        if (retireMissing && read > 0)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            retired = await db.Instruments.Where(i => i.IsTradable && i.UpdatedAt < now)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.IsTradable, false), cancellationToken);
        }
        catalog.Clear();
        var result = new InstrumentImportResult(read, imported, skipped, retired, watch.Elapsed);
        logger.LogInformation("Instrument master imported: {Read} rows read, {Imported} stored, {Skipped} skipped, {Retired} retired in {Elapsed}",
            result.Read, result.Imported, result.Skipped, result.Retired, result.Elapsed);
        return result;
    }
}
