using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Trading.Tests.Support;

/// <summary>
/// A local stand-in for Angel One's SmartAPI on a loopback port: records every request (method, path, headers, body)
/// and answers from per-route queues of scripted replies, falling back to a default per route.
/// </summary>
public sealed class FakeSmartApi : IAsyncDisposable
{
    public sealed record Recorded(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);
    public sealed record Reply(int Status, string Body, string ContentType = "application/json");

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Reply>> _scripted = new();
    private readonly ConcurrentDictionary<string, Reply> _defaults = new();
    public ConcurrentQueue<Recorded> Requests { get; } = new();
    public string BaseUrl { get; }

    public const string Jwt = "eyJhbGciOiJIUzUxMiJ9.eyJ1c2VybmFtZSI6IkExMjM0NTYiLCJleHAiOjQxMDI0NDQ4MDB9.c2lnbmF0dXJl"; // exp = 2100-01-01
    public const string RefreshToken = "refresh-token-abc";
    public const string FeedToken = "feed-token-xyz";
    /// <summary>Where the fake serves the broker's instrument master: the sample shipped with the app.</summary>
    public const string InstrumentMasterPath = "/OpenAPI_File/files/OpenAPIScripMaster.json";

    private FakeSmartApi(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public static async Task<FakeSmartApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeSmartApi? fake = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var path = context.Request.Path.Value ?? "";
            fake!.Requests.Enqueue(new Recorded(context.Request.Method, path, headers, body));
            var reply = fake.Next(path);
            if (reply.Status == 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted); // never answers: a timeout
                return;
            }
            context.Response.StatusCode = reply.Status;
            context.Response.ContentType = reply.ContentType;
            await context.Response.WriteAsync(reply.Body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake = new FakeSmartApi(app, address);
        fake.SetDefaults();
        return fake;
    }

    public void Enqueue(string pathSuffix, Reply reply) => _scripted.GetOrAdd(pathSuffix, _ => new()).Enqueue(reply);

    public void SetDefault(string pathSuffix, Reply reply) => _defaults[pathSuffix] = reply;

    public IReadOnlyList<Recorded> To(string pathSuffix) => Requests.Where(r => r.Path.EndsWith(pathSuffix, StringComparison.Ordinal)).ToList();

    public static Reply Ok(string dataJson) => new(200, $$"""{"status":true,"message":"SUCCESS","errorcode":"","data":{{dataJson}}}""");

    public static Reply Error(string code, string message) => new(200, $$"""{"status":false,"message":"{{message}}","errorcode":"{{code}}","data":null}""");

    public static Reply GatewayError(string code, string message, int status = 401) =>
        new(status, $$"""{"success":false,"message":"{{message}}","errorCode":"{{code}}","data":""}""");

    public static readonly Reply RateLimited = new(403, "Access denied because of exceeding access rate", "text/plain");

    private Reply Next(string path)
    {
        foreach (var (suffix, queue) in _scripted)
        {
            if (path.EndsWith(suffix, StringComparison.Ordinal) && queue.TryDequeue(out var scripted)) return scripted;
        }
        foreach (var (suffix, reply) in _defaults)
        {
            if (path.EndsWith(suffix, StringComparison.Ordinal)) return reply;
        }
        return new Reply(404, """{"status":false,"message":"no such route","errorcode":"AB1004","data":null}""");
    }

    private void SetDefaults()
    {
        SetDefault(InstrumentMasterPath, new Reply(200, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "instrument-master.sample.json"))));
        SetDefault("/loginByPassword", Ok($$"""{"jwtToken":"Bearer {{Jwt}}","refreshToken":"{{RefreshToken}}","feedToken":"{{FeedToken}}","state":null}"""));
        SetDefault("/generateTokens", Ok($$"""{"jwtToken":"{{Jwt}}","refreshToken":"{{RefreshToken}}-2","feedToken":"{{FeedToken}}"}"""));
        SetDefault("/getProfile", Ok("""{"clientcode":"A123456","name":"ASHA RAO","email":"asha@example.com","mobileno":"","exchanges":"[NSE, BSE, NFO, MCX]","products":"[DELIVERY, INTRADAY, MARGIN]","lastlogintime":"","brokerid":"B2C"}"""));
        SetDefault("/getRMS", Ok("""{"net":"250000.50","availablecash":"245000.25","availableintradaypayin":"0","availablelimitmargin":"245000.25","collateral":"0","m2munrealized":"120.00","m2mrealized":"-35.50","utiliseddebits":"5000.25","utilisedspan":"0","utilisedexposure":"0","utilisedpayout":"0"}"""));
        SetDefault("/placeOrder", Ok("""{"script":"SBIN-EQ","orderid":"201020000000080","uniqueorderid":"34reqfachdfih"}"""));
        SetDefault("/modifyOrder", Ok("""{"orderid":"201020000000080","uniqueorderid":"34reqfachdfih"}"""));
        SetDefault("/cancelOrder", Ok("""{"orderid":"201020000000080","uniqueorderid":"34reqfachdfih"}"""));
        SetDefault("/getOrderBook", Ok("""[{"variety":"NORMAL","ordertype":"LIMIT","producttype":"INTRADAY","duration":"DAY","price":"194.00","triggerprice":"0","quantity":"10","disclosedquantity":"0","squareoff":"0","stoploss":"0","trailingstoploss":"0","tradingsymbol":"SBIN-EQ","transactiontype":"BUY","exchange":"NSE","symboltoken":"3045","ordertag":"","instrumenttype":"","strikeprice":"-1","optiontype":"","expirydate":"","lotsize":"1","cancelsize":"0","averageprice":"193.95","filledshares":"10","unfilledshares":"0","orderid":"201020000000080","text":"","status":"complete","orderstatus":"complete","updatetime":"20-Oct-2026 13:10:59","exchtime":"20-Oct-2026 13:10:59","exchorderupdatetime":"20-Oct-2026 13:10:59","fillid":"","filltime":"","parentorderid":"","uniqueorderid":"34reqfachdfih"},{"variety":"STOPLOSS","ordertype":"STOPLOSS_LIMIT","producttype":"DELIVERY","duration":"DAY","price":"190.00","triggerprice":"191.00","quantity":"5","tradingsymbol":"SBIN-EQ","transactiontype":"SELL","exchange":"NSE","symboltoken":"3045","averageprice":"0","filledshares":"0","orderid":"201020000000081","text":"","status":"trigger pending","orderstatus":"trigger pending","updatetime":"20-Oct-2026 13:12:00","uniqueorderid":"x2"}]"""));
        SetDefault("/getTradeBook", Ok("""[{"exchange":"NSE","producttype":"INTRADAY","tradingsymbol":"SBIN-EQ","instrumenttype":"","symbolgroup":"EQ","strikeprice":"-1","optiontype":"","expirydate":"","marketlot":"1","precision":"2","multiplier":"-1","tradevalue":"1939.50","transactiontype":"BUY","fillprice":"193.95","fillsize":"10","orderid":"201020000000080","fillid":"50005750","filltime":"13:27:53"}]"""));
        SetDefault("/getPosition", Ok("""[{"exchange":"NSE","symboltoken":"3045","producttype":"INTRADAY","tradingsymbol":"SBIN-EQ","symbolname":"SBIN","buyqty":"10","sellqty":"0","buyavgprice":"193.95","sellavgprice":"0","avgnetprice":"193.95","netvalue":"-1939.50","netqty":"10","lotsize":"1","ltp":"195.10","pnl":"11.50"}]"""));
        SetDefault("/getHolding", Ok("""[{"tradingsymbol":"TATASTEEL-EQ","exchange":"NSE","isin":"INE081A01020","t1quantity":"0","realisedquantity":"2","quantity":"2","authorisedquantity":"0","product":"DELIVERY","collateralquantity":null,"collateraltype":null,"haircut":"0","averageprice":"111.87","ltp":"130.15","symboltoken":"3499","close":"129.6","profitandloss":"37","pnlpercentage":"16.34"}]"""));
        SetDefault("/getLtpData", Ok("""{"exchange":"NSE","tradingsymbol":"SBIN-EQ","symboltoken":"3045","open":"186.80","high":"191.25","low":"185.00","close":"187.80","ltp":"191.00"}"""));
        SetDefault("/getCandleData", Ok("""[["2026-11-02T09:15:00+05:30",19571.2,19573.35,19534.4,19552.05,0],["2026-11-02T09:16:00+05:30","19552.05","19564.6","19551.2","19563.25","1200"]]"""));
        // The margin calculator's documented reply: the total the order would block, with SPAN and exposure.
        SetDefault("/margin/v1/batch", Ok("""{"totalMarginRequired":388.00,"marginComponents":{"netPremium":0,"spanMargin":0,"marginBenefit":0,"deliveryMargin":0,"nonNFOMargin":0,"totOptionsPremium":0}}"""));
        SetDefault("/searchScrip", Ok("""[{"exchange":"NSE","tradingsymbol":"SBIN-EQ","symboltoken":"3045"}]"""));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
