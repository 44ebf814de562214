using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Trading.Data;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.MarketData;

/// <summary>
/// Keeps the instruments table filled: imports the shipped sample master into an empty database at start-up, and
/// refreshes from the broker's master when an admin asks and once a day (<see cref="InstrumentRefreshJob"/>).
/// </summary>
public sealed class InstrumentMasterRefresh(
    IServiceScopeFactory scopes,
    IHttpClientFactory httpClients,
    IOptions<MarketDataOptions> options,
    IOptions<Broker.AngelOne.AngelOneOptions> angelOne,
    IHostEnvironment environment,
    TimeProvider time,
    ILogger<InstrumentMasterRefresh> logger)
{
    public const string HttpClientName = "instrument-master";

    public DateTime? LastRefreshAt { get; private set; }
    public string? LastError { get; private set; }

    public async Task ImportSampleIfEmptyAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TradingDbContext>();
        if (await db.Instruments.AnyAsync(cancellationToken)) return;
        var path = Path.Combine(environment.ContentRootPath, options.Value.SampleMasterPath);
        if (!File.Exists(path))
        {
            path = Path.Combine(AppContext.BaseDirectory, options.Value.SampleMasterPath);
        }
        await using var file = File.OpenRead(path);
        await scope.ServiceProvider.GetRequiredService<InstrumentImporter>().ImportAsync(file, retireMissing: false, cancellationToken);
    }

    /// <summary>Downloads and imports the broker's full master: what was imported, or a message for the admin.</summary>
    public async Task<InstrumentRefreshResult> RefreshFromBrokerAsync(CancellationToken cancellationToken)
    {
        try
        {
            var http = httpClients.CreateClient(HttpClientName);
            using var response = await http.GetAsync(angelOne.Value.InstrumentMasterUrl, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return Fail($"The broker's instrument master answered HTTP {(int)response.StatusCode}.");
            }
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            await using var scope = scopes.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<InstrumentImporter>().ImportAsync(body, retireMissing: true, cancellationToken);
            if (result.Imported == 0)
            {
                return Fail("The broker's instrument master was empty; the existing instruments were kept.");
            }
            LastRefreshAt = time.GetUtcNow().UtcDateTime;
            LastError = null;
            return new InstrumentRefreshResult(result, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            logger.LogWarning("Instrument master refresh failed: {Message}", ex.Message);
            return Fail("The broker's instrument master could not be downloaded; the existing instruments were kept.");
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or DbUpdateException or InvalidOperationException)
        {
            logger.LogWarning(ex, "Instrument master refresh could not be stored");
            return Fail("The broker's instrument master could not be stored (database unavailable); the existing instruments were kept.");
        }
    }

    private InstrumentRefreshResult Fail(string message)
    {
        LastError = message;
        return new InstrumentRefreshResult(null, message);
    }
}

/// <summary>A refresh from the broker: the import's figures when it worked, else why not (the existing instruments stay).</summary>
public sealed record InstrumentRefreshResult(InstrumentImportResult? Imported, string? Error)
{
    /// <summary>What came of it, in words for the admin (and the audit log).</summary>
    public string Summary => Error ?? $"{Imported!.Imported:N0} instruments imported, {Imported.Retired:N0} retired, {Imported.Skipped:N0} skipped.";
}
