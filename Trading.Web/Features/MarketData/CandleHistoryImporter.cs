using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Trading.Data;
using Trading.Data.Entities;
using Trading.Web.Features.Broker;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.MarketData;

public sealed record CandleImportResult(int Requests, int Stored, IReadOnlyList<string> Errors);

/// <summary>
/// Fills <c>candles</c> with history: from the broker's candle API in chunks no longer than the interval's day limit
/// (the client keeps to 3 requests a second), or from a CSV file "time,open,high,low,close,volume".
/// </summary>
public sealed class CandleHistoryImporter(IDbContextFactory<TradingDbContext> dbFactory)
{
    public async Task<CandleImportResult> ImportFromBrokerAsync(IBroker broker, InstrumentKey instrument, CandleInterval interval,
        DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default)
    {
        if (toUtc <= fromUtc) return new CandleImportResult(0, 0, ["The end of the period must be after its start."]);
        var requests = 0;
        var stored = 0;
        var errors = new List<string>();
        foreach (var (from, to) in Chunks(fromUtc, toUtc, broker.MaxCandlePeriod(interval)))
        {
            requests++;
            try
            {
                var candles = await broker.GetCandlesAsync(instrument.Exchange, instrument.Token, interval, from, to, cancellationToken);
                stored += await StoreAsync(instrument, interval, candles.Select(c => (c.Time, c.Open, c.High, c.Low, c.Close, c.Volume)).ToList(), cancellationToken);
            }
            catch (BrokerException ex)
            {
                errors.Add($"{IndianTime.Format(from)} – {IndianTime.Format(to)}: {ex.Message}");
                if (ex.Kind == BrokerErrorKind.Authentication) break;
            }
        }
        return new CandleImportResult(requests, stored, errors);
    }

    /// <summary>Consecutive [from, to] windows of at most <paramref name="size"/> covering the period.</summary>
    public static IEnumerable<(DateTime From, DateTime To)> Chunks(DateTime fromUtc, DateTime toUtc, TimeSpan size)
    {
        for (var start = fromUtc; start < toUtc; start += size)
        {
            var end = start + size < toUtc ? start + size : toUtc;
            yield return (start, end);
        }
    }

    /// <summary>
    /// Imports "time,open,high,low,close,volume" rows (a header line is skipped). Times are ISO 8601; without an
    /// offset they are IST. Returns the rows stored and a message per rejected line; a bad line changes nothing else.
    /// </summary>
    public async Task<CandleImportResult> ImportCsvAsync(TextReader csv, InstrumentKey instrument, CandleInterval interval, CancellationToken cancellationToken = default)
    {
        var rows = new List<(DateTime, decimal, decimal, decimal, decimal, long)>();
        var errors = new List<string>();
        var lineNumber = 0;
        while (await csv.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var parts = line.Split(',', StringSplitOptions.TrimEntries);
            if (lineNumber == 1 && !char.IsDigit(parts[0].FirstOrDefault())) continue; // header
            if (parts.Length < 6) { errors.Add($"Line {lineNumber}: expected 6 values, found {parts.Length}."); continue; }
            if (!TryParseTime(parts[0], out var time)) { errors.Add($"Line {lineNumber}: '{parts[0]}' is not a date and time."); continue; }
            var numbers = parts[1..5].Select(p => decimal.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : (decimal?)null).ToArray();
            if (numbers.Any(n => n is null or <= 0) || !long.TryParse(parts[5], NumberStyles.Integer, CultureInfo.InvariantCulture, out var volume) || volume < 0)
            {
                errors.Add($"Line {lineNumber}: prices must be positive numbers and volume a whole number.");
                continue;
            }
            var (o, h, l, c) = (numbers[0]!.Value, numbers[1]!.Value, numbers[2]!.Value, numbers[3]!.Value);
            if (h < Math.Max(o, c) || l > Math.Min(o, c)) { errors.Add($"Line {lineNumber}: high/low do not contain open and close."); continue; }
            rows.Add((time, o, h, l, c, volume));
        }
        var stored = await StoreAsync(instrument, interval, rows, cancellationToken);
        return new CandleImportResult(0, stored, errors);
    }

    private static bool TryParseTime(string text, out DateTime utc)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset)
            && (text.EndsWith('Z') || text.Contains('+') || text.LastIndexOf('-') > 9))
        {
            utc = withOffset.UtcDateTime;
            return true;
        }
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            utc = new DateTimeOffset(local, IndianTime.Offset).UtcDateTime;
            return true;
        }
        utc = default;
        return false;
    }

    private async Task<int> StoreAsync(InstrumentKey instrument, CandleInterval interval,
        IReadOnlyList<(DateTime Time, decimal Open, decimal High, decimal Low, decimal Close, long Volume)> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return 0;
        var candles = rows.Select(r => new Candle
        {
            Exchange = instrument.Exchange,
            SymbolToken = instrument.Token,
            Interval = interval,
            Time = r.Time,
            Open = r.Open,
            High = r.High,
            Low = r.Low,
            Close = r.Close,
            Volume = r.Volume,
        }).ToList();
        foreach (var chunk in candles.Chunk(2_000))
        {
            await CandleWriter.UpsertAsync(dbFactory, chunk, cancellationToken);
        }
        return candles.DistinctBy(c => c.Time).Count();
    }
}
