using Battleship.Benchmarks;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// Runs every public benchmark class of this assembly that the command line selects:
//   make bench                               (everything: --filter '*')
//   make bench ARGS="--filter *Density*"     (one group)
//   make bench ARGS="--filter '*' --job short"  (quicker, less precise)
// New classes are picked up without touching this file.
// The job comes from the command line (the default job unless --job says otherwise); the
// ProjectToolchain mutator only tells BenchmarkDotNet where Benchmarks.csproj is. On a shared,
// noisy machine other work only ever adds time, so the median and the minimum are shown beside
// the mean (and Op/s, the mean's inverse).
var config = DefaultConfig
    .Instance.AddJob(ProjectToolchain.Mutator)
    .AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.OperationsPerSecond);
BenchmarkSwitcher.FromAssembly(typeof(ProjectToolchain).Assembly).Run(args, config);
