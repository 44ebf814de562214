using System.Buffers.Binary;
using System.Diagnostics;
using Trading.Web.Features.Broker.AngelOne;

namespace Trading.Benchmarks;

/// <summary>SmartStreamPacket.TryParse against a bare BinaryPrimitives loop reading the same fields of the same bytes.</summary>
public static class PacketParsingBenchmark
{
    public static void Run(int packets = 1_000_000, int rounds = 9)
    {
        var random = new Random(7);
        var frames = new byte[packets][];
        for (var i = 0; i < packets; i++)
        {
            var quote = i % 2 == 0;
            frames[i] = SmartStreamPacket.Build(new SmartStreamTick(quote ? SmartStreamPacket.ModeQuote : SmartStreamPacket.ModeLtp, 1,
                (1000 + random.Next(500)).ToString(), i, 1_795_000_000_000 + i, 100_000 + random.Next(10_000), 5, 100_500, 1_000 + i, 10, 20,
                100_000, 101_000, 99_000, 100_200));
        }

        double bestParser = double.MaxValue, bestBaseline = double.MaxValue;
        long check1 = 0, check2 = 0;
        for (var round = -2; round < rounds; round++) // two warm-up rounds let tiered compilation settle
        {
            var watch = Stopwatch.StartNew();
            check1 = 0;
            foreach (var frame in frames)
            {
                if (SmartStreamPacket.TryParse(frame, out var tick)) check1 += tick.LastPrice + tick.Volume + tick.Token.Length;
            }
            if (round >= 0) bestParser = Math.Min(bestParser, watch.Elapsed.TotalSeconds);

            watch.Restart();
            check2 = 0;
            foreach (var frame in frames)
            {
                check2 += Baseline(frame);
            }
            if (round >= 0) bestBaseline = Math.Min(bestBaseline, watch.Elapsed.TotalSeconds);
        }
        if (check1 != check2) throw new InvalidOperationException($"Parser and baseline disagree: {check1} vs {check2}");

        var parserRate = packets / bestParser;
        var baselineRate = packets / bestBaseline;
        Console.WriteLine("== WebSocket packet parsing ({0:N0} packets, half LTP, half Quote; best of {1} rounds)", packets, rounds);
        Console.WriteLine("   SmartStreamPacket.TryParse     : {0,14:N0} packets/s", parserRate);
        Console.WriteLine("   bare BinaryPrimitives baseline : {0,14:N0} packets/s", baselineRate);
        Console.WriteLine("   ratio                          : {0,14:F2}  (goal >= 0.50)", parserRate / baselineRate);
    }

    /// <summary>The same fields read with no validation, no mapping and no token string: the floor.</summary>
    private static long Baseline(ReadOnlySpan<byte> frame)
    {
        var mode = frame[0];
        var token = frame.Slice(2, 25);
        var length = token.IndexOf((byte)0);
        var ltp = BinaryPrimitives.ReadInt64LittleEndian(frame[43..]);
        var volume = mode >= 2 ? BinaryPrimitives.ReadInt64LittleEndian(frame[67..]) : 0;
        long sum = BinaryPrimitives.ReadInt64LittleEndian(frame[27..]) + BinaryPrimitives.ReadInt64LittleEndian(frame[35..]);
        if (mode >= 2)
        {
            sum += BinaryPrimitives.ReadInt64LittleEndian(frame[51..]) + BinaryPrimitives.ReadInt64LittleEndian(frame[59..])
                + BinaryPrimitives.ReadInt64LittleEndian(frame[91..]) + BinaryPrimitives.ReadInt64LittleEndian(frame[99..])
                + BinaryPrimitives.ReadInt64LittleEndian(frame[107..]) + BinaryPrimitives.ReadInt64LittleEndian(frame[115..]);
            sum += (long)(BinaryPrimitives.ReadDoubleLittleEndian(frame[75..]) + BinaryPrimitives.ReadDoubleLittleEndian(frame[83..]));
        }
        // The parser's result is used for its LTP, volume and token length; the other fields are read just as the parser reads them.
        return ltp + volume + (length < 0 ? 25 : length) + (sum & 0);
    }
}
