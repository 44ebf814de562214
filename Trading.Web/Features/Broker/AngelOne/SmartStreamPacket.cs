using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using Trading.Data.Entities;

namespace Trading.Web.Features.Broker.AngelOne;

/// <summary>A tick as Angel One's WebSocket 2.0 sends it: prices still in paise (or CDS units).</summary>
public readonly record struct SmartStreamTick(
    byte Mode,
    byte ExchangeType,
    string Token,
    long SequenceNumber,
    long ExchangeTimestampMs,
    long LastPrice,
    long LastTradedQuantity,
    long AveragePrice,
    long Volume,
    double TotalBuyQuantity,
    double TotalSellQuantity,
    long Open,
    long High,
    long Low,
    long Close)
{
    public bool HasQuote => Mode >= SmartStreamPacket.ModeQuote;
}

/// <summary>
/// Parses the little-endian binary tick frames of smart-stream (SMARTAPI.md §6). LTP packets are 51 bytes, Quote
/// 123, SnapQuote 379 (the extra SnapQuote fields are not used). Anything shorter than its mode needs is rejected.
/// </summary>
public static class SmartStreamPacket
{
    public const byte ModeLtp = 1;
    public const byte ModeQuote = 2;
    public const byte ModeSnapQuote = 3;
    public const int LtpLength = 51;
    public const int QuoteLength = 123;
    public const int SnapQuoteLength = 379;

    // Direct-mapped cache of token strings by numeric value: one array read per tick instead of an allocation.
    // Entries are immutable objects, so a reader on another thread sees a whole entry or the previous one.
    private sealed record TokenEntry(long Value, string Text);
    private static readonly TokenEntry?[] NumericTokens = new TokenEntry?[8192];

    // Hot path of the feed: compiled fully optimised from the first tick rather than after tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<byte> packet, out SmartStreamTick tick)
    {
        var mode = packet.Length >= LtpLength ? packet[0] : (byte)0;
        var required = mode switch { ModeLtp => LtpLength, ModeQuote => QuoteLength, ModeSnapQuote => SnapQuoteLength, _ => int.MaxValue };
        var token = packet.Length >= required ? ReadToken(packet.Slice(2, 25)) : "";
        if (token.Length == 0)
        {
            tick = default;
            return false;
        }
        var sequence = BinaryPrimitives.ReadInt64LittleEndian(packet.Slice(27, 8));
        var timestamp = BinaryPrimitives.ReadInt64LittleEndian(packet.Slice(35, 8));
        var ltp = BinaryPrimitives.ReadInt64LittleEndian(packet.Slice(43, 8));
        if (mode == ModeLtp)
        {
            tick = new SmartStreamTick(mode, packet[1], token, sequence, timestamp, ltp, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            return true;
        }
        tick = new SmartStreamTick(
            mode,
            packet[1],
            token,
            sequence,
            timestamp,
            ltp,
            BinaryPrimitives.ReadInt64LittleEndian(packet.Slice(51, 8)),
            BinaryPrimitives.ReadInt64LittleEndian(packet.Slice(59, 8)),
            BinaryPrimitives.ReadInt64LittleEndian(packet.Slice(67, 8)),
            BinaryPrimitives.ReadDoubleLittleEndian(packet.Slice(75, 8)),
            BinaryPrimitives.ReadDoubleLittleEndian(packet.Slice(83, 8)),
            BinaryPrimitives.ReadInt64LittleEndian(packet.Slice(91, 8)),
            BinaryPrimitives.ReadInt64LittleEndian(packet.Slice(99, 8)),
            BinaryPrimitives.ReadInt64LittleEndian(packet.Slice(107, 8)),
            BinaryPrimitives.ReadInt64LittleEndian(packet.Slice(115, 8)));
        return true;
    }

    /// <summary>Rupees per packet unit: paise everywhere, 10^7 for currency derivatives (CDS).</summary>
    public static decimal Divisor(byte exchangeType) => exchangeType == 13 ? 10_000_000m : 100m;

    public static Exchange? ToExchange(byte exchangeType) => exchangeType switch
    {
        1 => Exchange.NSE,
        2 => Exchange.NFO,
        3 => Exchange.BSE,
        4 => Exchange.BFO,
        5 => Exchange.MCX,
        7 => Exchange.NCDEX,
        13 => Exchange.CDS,
        _ => null,
    };

    public static byte ToExchangeType(Exchange exchange) => exchange switch
    {
        Exchange.NSE => 1,
        Exchange.NFO => 2,
        Exchange.BSE => 3,
        Exchange.BFO => 4,
        Exchange.MCX => 5,
        Exchange.NCDEX => 7,
        Exchange.CDS => 13,
        _ => throw new ArgumentOutOfRangeException(nameof(exchange)),
    };

    /// <summary>The NUL-padded ASCII token; numeric tokens (nearly all) come from a cache to spare an allocation per tick.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string ReadToken(ReadOnlySpan<byte> field)
    {
        // One pass: find the end and the numeric value together.
        long value = 0;
        var numeric = field[0] is >= (byte)'1' and <= (byte)'9';
        var length = 0;
        for (; length < field.Length; length++)
        {
            var b = field[length];
            if (b == 0) break;
            var digit = (uint)(b - '0');
            if (digit > 9) numeric = false;
            value = value * 10 + digit;
        }
        var text = field[..length];
        if (numeric && length <= 18)
        {
            var slot = (int)(value & (NumericTokens.Length - 1));
            var entry = NumericTokens[slot];
            if (entry is not null && entry.Value == value) return entry.Text;
            var token = Encoding.ASCII.GetString(text);
            NumericTokens[slot] = new TokenEntry(value, token);
            return token;
        }
        return Encoding.ASCII.GetString(text).Trim();
    }

    /// <summary>Builds a packet in the documented layout: what the fake server in the tests and the benchmark send.</summary>
    public static byte[] Build(SmartStreamTick tick)
    {
        var length = tick.Mode switch { ModeLtp => LtpLength, ModeQuote => QuoteLength, _ => SnapQuoteLength };
        var packet = new byte[length];
        packet[0] = tick.Mode;
        packet[1] = tick.ExchangeType;
        Encoding.ASCII.GetBytes(tick.Token, packet.AsSpan(2, 25));
        BinaryPrimitives.WriteInt64LittleEndian(packet.AsSpan(27), tick.SequenceNumber);
        BinaryPrimitives.WriteInt64LittleEndian(packet.AsSpan(35), tick.ExchangeTimestampMs);
        BinaryPrimitives.WriteInt64LittleEndian(packet.AsSpan(43), tick.LastPrice);
        if (tick.Mode >= ModeQuote)
        {
            BinaryPrimitives.WriteInt64LittleEndian(packet.AsSpan(51), tick.LastTradedQuantity);
            BinaryPrimitives.WriteInt64LittleEndian(packet.AsSpan(59), tick.AveragePrice);
            BinaryPrimitives.WriteInt64LittleEndian(packet.AsSpan(67), tick.Volume);
            BinaryPrimitives.WriteDoubleLittleEndian(packet.AsSpan(75), tick.TotalBuyQuantity);
            BinaryPrimitives.WriteDoubleLittleEndian(packet.AsSpan(83), tick.TotalSellQuantity);
            BinaryPrimitives.WriteInt64LittleEndian(packet.AsSpan(91), tick.Open);
            BinaryPrimitives.WriteInt64LittleEndian(packet.AsSpan(99), tick.High);
            BinaryPrimitives.WriteInt64LittleEndian(packet.AsSpan(107), tick.Low);
            BinaryPrimitives.WriteInt64LittleEndian(packet.AsSpan(115), tick.Close);
        }
        return packet;
    }
}
