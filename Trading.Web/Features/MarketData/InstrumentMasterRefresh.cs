using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Trading.Data;
using Trading.Web.Infrastructure;

namespace Trading.Web.Features.MarketData;

public sealed class MarketDataOptions
{
    public const string Section = "MarketData";

    /// <summary>Simulated (embedded default) or AngelOne (the SmartAPI WebSocket 2.0).</summary>
    public string Feed { get; set; } = "Simulated";
    public bool RefreshInstrumentsDaily { get; set; } = true;
    public TimeOnly InstrumentRefreshTimeIst { get; set; } = new(8, 30);
    /// <summary>The master shipped in the repository, imported when the instruments table is empty.</summary>
    public string SampleMasterPath { get; set; } = "Data/instrument-master.sample.json";
}

/// <summary>
/// Keeps the instruments table filled: imports the shipped sample master into an empty database at start-up, and
/// refreshes from the broker's master once a day (and when an admin asks) while the broker is reachable.
/// </summary>
public sealed class InstrumentMasterRefresh(
    IServiceScopeFactory scopes,
    IHttpClientFactory httpClients,
    IOptions<MarketDataOptions> options,
    IOptions<Broker.AngelOne.AngelOneOptions> angelOne,
    IHostEnvironment environment,
    TimeProvider time,
    ILogger<InstrumentMasterRefresh> logger) : BackgroundService
{
    public const string HttpClientName = "instrument-master";

    public DateTime? LastRefreshAt { get; private set; }
    public string? LastError { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // The sample master is imported by start-up itself (Program), before requests are served.
            if (!options.Value.RefreshInstrumentsDaily) return;
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(UntilNextRefresh(), time, stoppingToken);
                await RefreshFromBrokerAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

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

    /// <summary>Downloads and imports the broker's full master. Returns null on success, else a message for the admin.</summary>
    public async Task<string?> RefreshFromBrokerAsync(CancellationToken cancellationToken)
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
            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            logger.LogWarning("Instrument master refresh failed: {Message}", ex.Message);
            return Fail("The broker's instrument master could not be downloaded; the existing instruments were kept.");
        }
    }

    private string Fail(string message)
    {
        LastError = message;
        return message;
    }

    private TimeSpan UntilNextRefresh()
    {
        var now = IndianTime.Now(time);
        var next = new DateTimeOffset(DateOnly.FromDateTime(now.DateTime).ToDateTime(options.Value.InstrumentRefreshTimeIst), IndianTime.Offset);
        if (next <= now) next = next.AddDays(1);
        return next - now;
    }
}
