using System.Collections.Immutable;
using System.Reflection;
using Compliance.Analyzers.CodeFixes.Sessions;
using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.Tests.Meta;

/// <summary>Everything the package ships, found by reflection so a new rule is checked without being listed.</summary>
internal static class Catalog
{
    public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(ComplianceAnalyzer).Assembly.GetTypes()
        .Where(static t => t is { IsAbstract: false, IsPublic: true } && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .OrderBy(static t => t.Name, StringComparer.Ordinal)
        .Select(static t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static readonly ImmutableArray<CodeFixProvider> CodeFixes = typeof(ResponseCookieCodeFixProvider).Assembly.GetTypes()
        .Where(static t => t is { IsAbstract: false, IsPublic: true } && typeof(CodeFixProvider).IsAssignableFrom(t))
        .OrderBy(static t => t.Name, StringComparer.Ordinal)
        .Select(static t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static readonly ImmutableArray<DiagnosticDescriptor> Descriptors = Analyzers
        .SelectMany(static a => a.SupportedDiagnostics)
        .GroupBy(static d => d.Id)
        .Select(static g => g.First())
        .OrderBy(static d => d.Id, StringComparer.Ordinal)
        .ToImmutableArray();

    /// <summary>Every descriptor declared in the catalog class, whether or not an analyzer reports it.</summary>
    public static readonly ImmutableArray<DiagnosticDescriptor> Declared = typeof(Compliance.Analyzers.Descriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(static f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(static f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(static d => d.Id, StringComparer.Ordinal)
        .ToImmutableArray();

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ReadRepositoryFile(string relativePath) => File.ReadAllText(Path.Combine(RepositoryRoot, relativePath));

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Compliance.Analyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Compliance.Analyzers.sln was not found above " + AppContext.BaseDirectory);
    }
}
