using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Infrastructure.Json;
using Compliance.Analyzers.Infrastructure.Secrets;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.Secrets;

/// <summary>
/// CMP1001 and CMP1002: secrets in configuration files. The package hands appsettings*.json,
/// Properties/launchSettings.json, wwwroot/**/*.json and web.config to the compiler as additional
/// files; each is read once, tolerantly, and every secret is reported at the exact span of its
/// value. Anything under wwwroot is shipped to browsers (error); the rest is committed (warning).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConfigurationSecretAnalyzer : ComplianceAnalyzer
{
    private enum FileKind
    {
        None,
        PublicJson,
        CommittedJson,
        WebConfig,
    }

    public ConfigurationSecretAnalyzer()
        : base(Descriptors.SecretInPublicConfiguration, Descriptors.SecretInCommittedConfiguration)
    {
    }

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes knownTypes)
        => context.RegisterAdditionalFileAction(AnalyzeFile);

    private static void AnalyzeFile(AdditionalFileAnalysisContext context)
    {
        var path = context.AdditionalFile.Path;
        var kind = Classify(path);
        if (kind == FileKind.None || context.AdditionalFile.GetText(context.CancellationToken) is not { } text)
        {
            return;
        }

        var entries = kind == FileKind.WebConfig ? WebConfigReader.Read(text) : TolerantJsonReader.Read(text);
        var threshold = ComplianceOptions.SecretsEntropyThreshold.Get(context.Options.AnalyzerConfigOptionsProvider.GetOptions(context.AdditionalFile));
        var descriptor = kind == FileKind.PublicJson ? Descriptors.SecretInPublicConfiguration : Descriptors.SecretInCommittedConfiguration;
        var fileName = DisplayName(path);
        foreach (var entry in entries)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (IsIgnoredSection(entry.Path) || SecretDetector.Inspect(NameOf(entry.Path), entry.Value, threshold) is not { } finding)
            {
                continue;
            }

            var location = Location.Create(path, entry.ValueSpan, text.Lines.GetLinePositionSpan(entry.ValueSpan));
            context.ReportDiagnostic(Diagnostic.Create(descriptor, location, entry.Path, fileName, finding.Describe()));
        }
    }

    private static FileKind Classify(string path)
    {
        var normalized = path.Replace('\\', '/');
        var fileName = normalized.Substring(normalized.LastIndexOf('/') + 1);
        var isJson = fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        if (isJson && normalized.IndexOf("/wwwroot/", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return FileKind.PublicJson;
        }

        if (isJson && (fileName.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase)
            || normalized.EndsWith("/Properties/launchSettings.json", StringComparison.OrdinalIgnoreCase)))
        {
            return FileKind.CommittedJson;
        }

        return fileName.Equals("web.config", StringComparison.OrdinalIgnoreCase) ? FileKind.WebConfig : FileKind.None;
    }

    /// <summary>Values under Logging are log levels and filters, never credentials.</summary>
    private static bool IsIgnoredSection(string path)
        => path.StartsWith("Logging:", StringComparison.OrdinalIgnoreCase) || path.Equals("UserSecretsId", StringComparison.OrdinalIgnoreCase);

    /// <summary>In launchSettings.json an environment variable's name is the configuration key.</summary>
    private static string NameOf(string path)
    {
        const string EnvironmentVariables = ":environmentVariables:";
        var index = path.IndexOf(EnvironmentVariables, StringComparison.OrdinalIgnoreCase);
        return index < 0 ? path : path.Substring(index + EnvironmentVariables.Length);
    }

    private static string DisplayName(string path)
    {
        var normalized = path.Replace('\\', '/');
        var wwwroot = normalized.IndexOf("/wwwroot/", StringComparison.OrdinalIgnoreCase);
        if (wwwroot >= 0)
        {
            return normalized.Substring(wwwroot + 1);
        }

        var properties = normalized.IndexOf("/Properties/", StringComparison.OrdinalIgnoreCase);
        return properties >= 0 ? normalized.Substring(properties + 1) : normalized.Substring(normalized.LastIndexOf('/') + 1);
    }
}
