using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Compliance.Encryption.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
