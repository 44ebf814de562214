namespace Trading.Web.Features.Broker.AngelOne;

/// <summary>The "AngelOne" configuration section. Defaults are the real Angel One hosts; tests point them at fakes.</summary>
public sealed class AngelOneOptions
{
    public const string Section = "AngelOne";

    public string RestBaseUrl { get; set; } = "https://apiconnect.angelone.in";
    public string MarketFeedUrl { get; set; } = "wss://smartapisocket.angelone.in/smart-stream";
    public string OrderFeedUrl { get; set; } = "wss://tns.angelone.in/smart-order-update";
    public string InstrumentMasterUrl { get; set; } = "https://margincalculator.angelbroking.com/OpenAPI_File/files/OpenAPIScripMaster.json";
    /// <summary>The SDKs' request timeout.</summary>
    public int TimeoutSeconds { get; set; } = 7;
    /// <summary>Sent as X-ClientLocalIP / X-ClientPublicIP / X-MACAddress; the broker does not validate them.</summary>
    public string ClientLocalIp { get; set; } = "127.0.0.1";
    public string ClientPublicIp { get; set; } = "127.0.0.1";
    public string MacAddress { get; set; } = "aa:bb:cc:dd:ee:ff";
}
