using Compliance.Corpus;

// Usage: dotnet run --project tools/Compliance.Corpus -c Release -- <source folder> [--tsv <file>] [--include-tests] [--no-framework-inference]
// The options, their validation and the exit codes are in CorpusCommand.
return await CorpusCommand.InvokeAsync(args, CorpusCommand.ComplianceAnalyzers(), Console.Out, Console.Error).ConfigureAwait(false);
