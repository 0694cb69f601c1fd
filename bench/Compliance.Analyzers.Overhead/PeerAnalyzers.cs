using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.Overhead;

/// <summary>
/// The peer reference: Microsoft.CodeAnalysis.NetAnalyzers with only its Security-category rules
/// enabled (every other rule suppressed, so the driver skips analyzers that report nothing else).
/// </summary>
internal static class PeerAnalyzers
{
    public static (ImmutableArray<DiagnosticAnalyzer> Analyzers, ImmutableDictionary<string, ReportDiagnostic> Options) SecurityRules()
    {
        var directory = typeof(PeerAnalyzers).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(static a => a.Key == "NetAnalyzersDirectory").Value!;
        var loader = new AnalyzerAssemblyLoader();
        var analyzers = Directory.GetFiles(directory, "*.dll")
            .SelectMany(path => new AnalyzerFileReference(path, loader).GetAnalyzers(LanguageNames.CSharp))
            .ToList();

        var options = ImmutableDictionary.CreateBuilder<string, ReportDiagnostic>();
        var security = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        foreach (var analyzer in analyzers)
        {
            var isSecurity = false;
            foreach (var descriptor in analyzer.SupportedDiagnostics)
            {
                var enabled = descriptor.Category == "Security";
                isSecurity |= enabled;
                options[descriptor.Id] = enabled ? ReportDiagnostic.Warn : ReportDiagnostic.Suppress;
            }

            if (isSecurity)
            {
                security.Add(analyzer);
            }
        }

        return (security.ToImmutable(), options.ToImmutable());
    }

    private sealed class AnalyzerAssemblyLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
