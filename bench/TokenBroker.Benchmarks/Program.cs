using BenchmarkDotNet.Running;
using TokenBroker.Benchmarks;

// dotnet run -c Release --project bench/TokenBroker.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(SignerBenchmarks).Assembly).Run(args);
