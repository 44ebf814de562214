using System.Globalization;

namespace Trading.Web.Infrastructure;

/// <summary>Money and prices as Indian traders read them: ₹ with lakh grouping, two decimals, signed changes.</summary>
public static class IndianFormat
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-IN");

    public static string Rupees(decimal amount) => amount.ToString("C2", Culture);

    public static string Price(decimal? value) => value?.ToString("N2", Culture) ?? "—";

    public static string Signed(decimal? value) => value is null ? "—" : (value > 0 ? "+" : "") + value.Value.ToString("N2", Culture);

    /// <summary>The CSS class that colours a profit green and a loss red.</summary>
    public static string SignClass(decimal? value) => value > 0 ? "pnl-positive" : value < 0 ? "pnl-negative" : "";
}
