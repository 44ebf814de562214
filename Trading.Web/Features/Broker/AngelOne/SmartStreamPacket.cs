using System.Buffers.Binary;
using System.Collections.Concurrent;
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

    private static readonly ConcurrentDictionary<long, string> NumericTokens = new();

    public static bool TryParse(ReadOnlySpan<byte> packet, out SmartStreamTick tick)
    {
        tick = default;
        if (packet.Length < LtpLength) return false;
        var mode = packet[0];
        var required = mode switch { ModeLtp => LtpLength, ModeQuote => QuoteLength, ModeSnapQuote => SnapQuoteLength, _ => int.MaxValue };
        if (packet.Length < required) return false;

        var token = ReadToken(packet.Slice(2, 25));
        if (token.Length == 0) return false;
        var quote = mode >= ModeQuote;
        tick = new SmartStreamTick(
            mode,
            packet[1],
            token,
            BinaryPrimitives.ReadInt64LittleEndian(packet[27..]),
            BinaryPrimitives.ReadInt64LittleEndian(packet[35..]),
            BinaryPrimitives.ReadInt64LittleEndian(packet[43..]),
            quote ? BinaryPrimitives.ReadInt64LittleEndian(packet[51..]) : 0,
            quote ? BinaryPrimitives.ReadInt64LittleEndian(packet[59..]) : 0,
            quote ? BinaryPrimitives.ReadInt64LittleEndian(packet[67..]) : 0,
            quote ? BinaryPrimitives.ReadDoubleLittleEndian(packet[75..]) : 0,
            quote ? BinaryPrimitives.ReadDoubleLittleEndian(packet[83..]) : 0,
            quote ? BinaryPrimitives.ReadInt64LittleEndian(packet[91..]) : 0,
            quote ? BinaryPrimitives.ReadInt64LittleEndian(packet[99..]) : 0,
            quote ? BinaryPrimitives.ReadInt64LittleEndian(packet[107..]) : 0,
            quote ? BinaryPrimitives.ReadInt64LittleEndian(packet[115..]) : 0);
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
    private static string ReadToken(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        var text = end < 0 ? field : field[..end];
        if (text.Length is > 0 and <= 18)
        {
            long value = 0;
            var numeric = true;
            foreach (var b in text)
            {
                if (b is < (byte)'0' or > (byte)'9') { numeric = false; break; }
                value = value * 10 + (b - '0');
            }
            if (numeric && text[0] != (byte)'0')
            {
                return NumericTokens.TryGetValue(value, out var cached) ? cached : NumericTokens.GetOrAdd(value, Encoding.ASCII.GetString(text));
            }
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
