using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.Meta;

/// <summary>
/// CMP9001: compliance options whose value is invalid (wrong type, unknown word, out of range),
/// <c>compliance.*</c> keys no rule knows, and global-only options set in a path-scoped
/// .editorconfig section, where they are ignored. Reported once per compilation for each key and value,
/// wherever the key is set (.globalconfig or any .editorconfig section): that de-duplication
/// across files needs the whole compilation, hence the compilation-end action.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConfigurationValidationAnalyzer : ComplianceAnalyzer
{
    public ConfigurationValidationAnalyzer()
        : base(Descriptors.InvalidConfiguration)
    {
    }

#pragma warning disable RS1013 // Every analyzer starts from ComplianceAnalyzer's compilation-start action; this one only needs its end.
    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes knownTypes)
        => context.RegisterCompilationEndAction(static c => Validate(c));
#pragma warning restore RS1013

    private static void Validate(CompilationAnalysisContext context)
    {
        var provider = context.Options.AnalyzerConfigOptionsProvider;
        var global = provider.GlobalOptions;
        var sources = new List<AnalyzerConfigOptions> { global };
        sources.AddRange(context.Compilation.SyntaxTrees.Select(provider.GetOptions));
        sources.AddRange(context.Options.AdditionalFiles.Select(provider.GetOptions));

        var known = new HashSet<string>(ComplianceOptions.All.SelectMany(static o => o.AllKeys), AnalyzerConfigOptions.KeyComparer);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var options in sources.Distinct())
        {
            foreach (var option in ComplianceOptions.All)
            {
                foreach (var key in option.AllKeys)
                {
                    if (options.TryGetValue(key, out var value) && !option.IsValid(value) && reported.Add(key + "=" + value))
                    {
                        Report(context, $"'{key} = {value}' is not valid: expected {option.AcceptedValues}; the rule uses its default");
                    }
                }
            }

            if (!ReferenceEquals(options, global))
            {
                ReportPathScopedGlobalOnlyKeys(context, options, global, reported);
            }

            foreach (var key in options.Keys)
            {
                if (key.StartsWith("compliance.", StringComparison.OrdinalIgnoreCase) && !known.Contains(key) && reported.Add(key))
                {
                    Report(context, $"'{key}' is not a compliance option; see docs/configuration.md for the keys");
                }
            }
        }
    }

    /// <summary>
    /// A file's options hold the global configuration's values too, so a key the file has with
    /// another value, or that the global configuration lacks, comes from an .editorconfig section.
    /// </summary>
    private static void ReportPathScopedGlobalOnlyKeys(CompilationAnalysisContext context, AnalyzerConfigOptions options, AnalyzerConfigOptions global, HashSet<string> reported)
    {
        foreach (var option in ComplianceOptions.All)
        {
            if (!option.IsGlobalOnly)
            {
                continue;
            }

            foreach (var key in option.AllKeys)
            {
                if (options.TryGetValue(key, out var value)
                    && (!global.TryGetValue(key, out var globalValue) || !string.Equals(value.Trim(), globalValue.Trim(), StringComparison.Ordinal))
                    && reported.Add("path-scoped:" + key))
                {
                    Report(context, $"'{key}' applies to the whole compilation and is read only from a global configuration (.globalconfig or a build property): the value in an .editorconfig section is ignored; move it to a .globalconfig");
                }
            }
        }
    }

    private static void Report(CompilationAnalysisContext context, string message)
        => context.ReportDiagnostic(Diagnostic.Create(Descriptors.InvalidConfiguration, Location.None, message));
}
