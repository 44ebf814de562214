namespace Trading.Data.Entities;

public enum CandleInterval { OneMinute, ThreeMinute, FiveMinute, TenMinute, FifteenMinute, ThirtyMinute, OneHour, OneDay }

/// <summary>OHLCV bar; the key is (exchange, token, interval, start time in UTC).</summary>
public class Candle
{
    public Exchange Exchange { get; set; }
    public string SymbolToken { get; set; } = "";
    public CandleInterval Interval { get; set; }
    public DateTime Time { get; set; }
    public decimal Open { get; set; }
    public decimal High { get; set; }
    public decimal Low { get; set; }
    public decimal Close { get; set; }
    public long Volume { get; set; }
}
