using System.Runtime.CompilerServices;

namespace Trading.Web.Infrastructure;

/// <summary>
/// An exact running sum of rupee amounts: whole paise add up in a <see cref="long"/>, anything else (fractions of a
/// paisa, amounts near the range's end) in a decimal beside it, so the sum is always exactly what decimal would give.
/// A backtest moves its cash on every fill; integer adds cost a fraction of decimal ones.
/// </summary>
public struct PaiseSum
{
    private long _paise;
    private decimal _rest;

    public PaiseSum(decimal start) => Add(start);

    /// <summary>The sum, exactly.</summary>
    public readonly decimal Value => _rest == 0m ? Paise.ToRupees(_paise) : Paise.ToRupees(_paise) + _rest;

    /// <summary>The sum in whole paise, when it is one (nothing outside the integers).</summary>
    public readonly bool TryPaise(out long paise)
    {
        paise = _paise;
        return _rest == 0m;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(decimal amount)
    {
        if (Paise.TryFrom(amount, out var paise)) AddPaise(paise);
        else _rest += amount;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Subtract(decimal amount)
    {
        if (Paise.TryFrom(amount, out var paise)) AddPaise(-paise);
        else _rest -= amount;
    }

    /// <summary>Adds <paramref name="price"/> × <paramref name="quantity"/> (a fill's value; negative quantity: subtracts it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddProduct(decimal price, int quantity)
    {
        if (Paise.TryFrom(price, out var paise) && (quantity == 0 || Math.Abs(paise) <= Paise.Limit / Math.Abs((long)quantity))) AddPaise(paise * quantity);
        else _rest += price * quantity;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddPaise(long paise)
    {
        // Both within ±Limit (a quarter of the range), so the sum cannot overflow; a sum beyond it moves to the decimal.
        var sum = _paise + paise;
        if (sum is > Paise.Limit or < -Paise.Limit)
        {
            _rest += Paise.ToRupees(sum);
            _paise = 0;
            return;
        }
        _paise = sum;
    }
}
