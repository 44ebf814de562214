using Trading.Benchmarks;

// Prints measured figures; each benchmark compares against a baseline measured in the same run where one applies.
var only = args.FirstOrDefault();
if (only is null or "parse") PacketParsingBenchmark.Run();
if (only is null or "import") await InstrumentImportBenchmark.RunAsync(rows: int.TryParse(Environment.GetEnvironmentVariable("BENCH_INSTRUMENT_ROWS"), out var n) ? n : 150_000);
if (only is null or "ticks") await TickLatencyBenchmark.RunAsync(ticks: 5_000);
if (only is null or "orders") await OrderPipelineBenchmark.RunAsync(int.TryParse(Environment.GetEnvironmentVariable("BENCH_ORDERS"), out var o) ? o : 400);
if (only is null or "blotter") await BlotterBenchmark.RunAsync(int.TryParse(Environment.GetEnvironmentVariable("BENCH_BLOTTER_ROWS"), out var b) ? b : 1_000_000);
if (only is null or "strategies") StrategyBenchmark.Run(int.TryParse(Environment.GetEnvironmentVariable("BENCH_BARS"), out var bars) ? bars : 1_000_000);
if (only is null or "engine") await StrategyEngineBenchmark.RunAsync();
if (only is null or "risk") await RiskBenchmark.RunAsync();
