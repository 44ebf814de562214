using System.Threading.Channels;
using Trading.Data.Entities;

namespace Trading.Web.Features.MarketData;

/// <summary>
/// Builds 1-minute bars from ticks (bar time = minute start, UTC). A bar closes when its instrument's first tick of a
/// later minute arrives, or when <see cref="CloseElapsed"/> finds its minute over. Closed bars go to
/// <see cref="Closed"/> for storage and to <see cref="BarClosed"/> listeners (strategies).
/// </summary>
public sealed class CandleAggregator
{
    private readonly Lock _lock = new();
    private readonly Dictionary<InstrumentKey, Bar> _open = [];
    private readonly Channel<Candle> _closed = Channel.CreateUnbounded<Candle>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<Candle> Closed => _closed.Reader;

    public event Action<Candle>? BarClosed;

    public void Add(Tick tick)
    {
        var minute = MinuteOf(tick.ExchangeTime);
        Candle? closed = null;
        lock (_lock)
        {
            if (_open.TryGetValue(tick.Instrument, out var bar))
            {
                if (minute < bar.Start)
                {
                    return; // a late tick of a bar already closed
                }
                if (minute > bar.Start)
                {
                    closed = bar.ToCandle(tick.Instrument);
                    _open[tick.Instrument] = Bar.Begin(minute, tick, bar.LastVolume);
                }
                else
                {
                    bar.Update(tick);
                }
            }
            else
            {
                _open[tick.Instrument] = Bar.Begin(minute, tick, null);
            }
        }
        if (closed is not null) Publish(closed);
    }

    /// <summary>Closes every bar whose minute ended before <paramref name="nowUtc"/>'s minute.</summary>
    public int CloseElapsed(DateTime nowUtc)
    {
        var current = MinuteOf(nowUtc);
        List<Candle> closed = [];
        lock (_lock)
        {
            foreach (var (key, bar) in _open.Where(kv => kv.Value.Start < current).ToList())
            {
                closed.Add(bar.ToCandle(key));
                _open.Remove(key);
            }
        }
        closed.ForEach(Publish);
        return closed.Count;
    }

    private void Publish(Candle candle)
    {
        _closed.Writer.TryWrite(candle);
        BarClosed?.Invoke(candle);
    }

    private static DateTime MinuteOf(DateTime time)
    {
        var utc = time.Kind == DateTimeKind.Utc ? time : DateTime.SpecifyKind(time, DateTimeKind.Utc);
        return new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);
    }

    private sealed class Bar
    {
        public DateTime Start { get; private init; }
        public decimal Open { get; private init; }
        public decimal High { get; private set; }
        public decimal Low { get; private set; }
        public decimal Close { get; private set; }
        private long _volume;
        private long? _baseVolume;
        public long? LastVolume { get; private set; }

        public static Bar Begin(DateTime minute, Tick tick, long? previousVolume)
        {
            var bar = new Bar { Start = minute, Open = tick.LastPrice, High = tick.LastPrice, Low = tick.LastPrice, Close = tick.LastPrice };
            // Day volume is cumulative: a bar's volume is the growth since the previous bar's last tick.
            bar._baseVolume = previousVolume;
            bar.AddVolume(tick);
            return bar;
        }

        public void Update(Tick tick)
        {
            High = Math.Max(High, tick.LastPrice);
            Low = Math.Min(Low, tick.LastPrice);
            Close = tick.LastPrice;
            AddVolume(tick);
        }

        private void AddVolume(Tick tick)
        {
            if (tick.Volume > 0)
            {
                _baseVolume ??= tick.Volume - tick.LastTradedQuantity;
                _volume = Math.Max(0, tick.Volume - _baseVolume.Value);
                LastVolume = tick.Volume;
            }
            else
            {
                _volume += tick.LastTradedQuantity;
            }
        }

        public Candle ToCandle(InstrumentKey key) => new()
        {
            Exchange = key.Exchange,
            SymbolToken = key.Token,
            Interval = CandleInterval.OneMinute,
            Time = Start,
            Open = Open,
            High = High,
            Low = Low,
            Close = Close,
            Volume = _volume,
        };
    }
}
