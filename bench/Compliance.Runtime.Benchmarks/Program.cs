using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Compliance.Runtime.Benchmarks -- --filter '*' --job short --inProcess
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
