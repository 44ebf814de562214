namespace Trading.Web.Features.Strategies.Marketplace;

/// <summary>Strategy sizes are whole lots of each instrument.</summary>
public static class LotSizing
{
    public const int MaxLots = 1000;

    public static int Quantity(int lots, int lotSize) => lots * Math.Max(1, lotSize);

    /// <summary>Why this many lots cannot be traded, or null.</summary>
    public static string? CheckLots(int lots) => lots switch
    {
        < 1 => "Lots must be at least 1.",
        > MaxLots => $"Lots must be at most {MaxLots}.",
        _ => null,
    };

    /// <summary>Why a quantity is not a whole number of lots, or null.</summary>
    public static string? CheckQuantity(int quantity, int lotSize, string symbol) =>
        quantity <= 0 ? "Quantity must be positive."
        : quantity % Math.Max(1, lotSize) != 0 ? $"{symbol} trades in lots of {lotSize}: {quantity} is not a whole number of lots (e.g. {lotSize} or {2 * lotSize})."
        : null;
}
