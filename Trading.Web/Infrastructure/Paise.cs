using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Trading.Web.Infrastructure;

/// <summary>
/// Rupee amounts as whole paise in a <see cref="long"/>, exactly, for the hot loops that add and multiply money millions
/// of times (a backtest's charges and equity): integer arithmetic gives the same figures as decimal while the amounts are
/// whole paise, a fraction of the time. Anything else (fractions of a paisa, amounts near the range's end) stays decimal.
/// </summary>
public static class Paise
{
    /// <summary>Amounts beyond ± this many paise are left to decimal, so a sum or product of two in range cannot overflow unnoticed.</summary>
    public const long Limit = long.MaxValue / 4;

    private static readonly ulong[] Powers = Enumerable.Range(0, 19).Select(p => (ulong)Math.Pow(10, p)).ToArray();

    /// <summary>10^<paramref name="exponent"/> for 0–18.</summary>
    public static ulong PowerOfTen(int exponent) => Powers[exponent];

    /// <summary>The amount in whole paise, when it is a whole number of paise within ±<see cref="Limit"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryFrom(decimal amount, out long paise)
    {
        if (!LayoutKnown) return TryFrom(Bits(amount), out paise);
        // The runtime's own fields, read in place (checked against decimal.GetBits at start-up): a backtest reads a million closes.
        ref readonly var parts = ref Unsafe.As<decimal, DecimalParts>(ref Unsafe.AsRef(in amount));
        return TryFrom(parts, out paise);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryFrom(in DecimalParts parts, out long paise)
    {
        paise = 0;
        if (parts.High != 0 || parts.Low > Limit / 100) return false;
        var scale = (parts.Flags >> 16) & 0xFF;
        long whole;
        if (scale == 2) whole = (long)parts.Low;
        else if (!TryScale(parts.Low, scale, out whole)) return false;
        paise = parts.Flags < 0 ? -whole : whole;
        return true;
    }

    private static bool TryScale(ulong mantissa, int scale, out long whole)
    {
        whole = 0;
        if (scale < 2)
        {
            whole = (long)mantissa * (scale == 1 ? 10 : 100);
            return true;
        }
        if (scale > 20) return false;
        var divisor = Powers[scale - 2];
        if (mantissa % divisor != 0) return false;
        whole = (long)(mantissa / divisor);
        return true;
    }

    /// <summary>decimal's fields in the runtime's order (flags, high 32 bits, low 64 bits of the 96-bit integer).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct DecimalParts(int flags, uint high, ulong low)
    {
        public readonly int Flags = flags;
        public readonly uint High = high;
        public readonly ulong Low = low;
    }

    private static DecimalParts Bits(decimal amount)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(amount, bits);
        return new DecimalParts(bits[3], (uint)bits[2], (ulong)(uint)bits[1] << 32 | (uint)bits[0]);
    }

    private static readonly bool LayoutKnown = CheckLayout();

    private static bool CheckLayout()
    {
        if (Unsafe.SizeOf<decimal>() != Unsafe.SizeOf<DecimalParts>()) return false;
        foreach (var value in (decimal[])[0m, 1234.56m, -0.0001m, 79228162514264337593543950335m, -123456789012.3456789m, new decimal(7, 8, 9, true, 11)])
        {
            var copy = value;
            var read = Unsafe.As<decimal, DecimalParts>(ref copy);
            var bits = Bits(value);
            if (read.Flags != bits.Flags || read.High != bits.High || read.Low != bits.Low) return false;
        }
        return true;
    }

    /// <summary>A non-negative decimal as an exact fraction: <paramref name="value"/> = <paramref name="numerator"/> ÷ <paramref name="powerOfTen"/> (a rate, a factor), when it fits 64 bits.</summary>
    public static bool TryRatio(decimal value, out long numerator, out long powerOfTen)
    {
        (numerator, powerOfTen) = (0, 1);
        var parts = Bits(value);
        var scale = (parts.Flags >> 16) & 0xFF;
        if (parts.Flags < 0 || parts.High != 0 || parts.Low > long.MaxValue || scale > 18) return false;
        (numerator, powerOfTen) = ((long)parts.Low, (long)Powers[scale]);
        return true;
    }

    /// <summary>The rupee amount of <paramref name="paise"/> (scale 2: 1234 → 12.34).</summary>
    public static decimal ToRupees(long paise)
    {
        var negative = paise < 0;
        var magnitude = negative ? (ulong)-paise : (ulong)paise;
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, negative, 2);
    }
}
