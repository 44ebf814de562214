using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Trading.Web.Features.Strategies.Backtesting;

/// <summary>SHA-256 of a trade list in one fixed text form (invariant culture, UTC times): the same inputs always give the same hash.</summary>
public static class TradeListHash
{
    public static string Of(IEnumerable<BacktestTrade> trades)
    {
        var text = new StringBuilder();
        foreach (var t in trades)
        {
            text.Append(CultureInfo.InvariantCulture, $"{t.Symbol}|{t.Side}|{t.Quantity}|{t.EntryTime:yyyy-MM-ddTHH:mm:ssZ}|{t.EntryPrice:0.0000}|{t.ExitTime:yyyy-MM-ddTHH:mm:ssZ}|{t.ExitPrice:0.0000}|{t.Charges:0.0000}|{t.ExitReason}\n");
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
