using System.Collections.Immutable;
using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Infrastructure.Secrets;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Secrets;

/// <summary>
/// CMP1003: secrets written into C#: a constant string (literals, folded concatenations and
/// interpolations of constants) assigned to or passed as something secret-named, a configuration
/// key set in code (<c>configuration["Jwt:Key"] = "…"</c>, in-memory collections), key material
/// made from a literal (<c>Encoding.UTF8.GetBytes("…")</c> into a security key), and any literal
/// in a known credential format. Attribute arguments, <c>nameof</c>, comparisons and
/// natural-language messages are not secrets; test projects are skipped unless configured.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardCodedSecretAnalyzer : ComplianceAnalyzer
{
    /// <summary>Diagnostic property: the configuration key the code fix reads the value from.</summary>
    internal const string ConfigurationKeyProperty = "ConfigurationKey";

    private static readonly ImmutableHashSet<string> TestFrameworks = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "xunit.core", "xunit.v3.core", "nunit.framework", "Microsoft.VisualStudio.TestPlatform.TestFramework", "MSTest.TestFramework", "TUnit.Core");

    public HardCodedSecretAnalyzer()
        : base(Descriptors.HardCodedSecret)
    {
    }

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes knownTypes)
    {
        // Test projects reference a test framework; by convention their assemblies are also named *Tests.
        var assemblyName = context.Compilation.AssemblyName ?? "";
        var isTestProject = context.Compilation.ReferencedAssemblyNames.Any(a => TestFrameworks.Contains(a.Name))
            || assemblyName.EndsWith("Tests", StringComparison.Ordinal)
            || assemblyName.EndsWith(".Test", StringComparison.Ordinal);
        context.RegisterOperationAction(
            c => Analyze(c, isTestProject),
            OperationKind.Literal,
            OperationKind.Binary,
            OperationKind.InterpolatedString);
    }

    private static void Analyze(OperationAnalysisContext context, bool isTestProject)
    {
        var operation = context.Operation;
        if (operation.ConstantValue is not { HasValue: true, Value: string value }
            || value.Length < 4
            || operation.Parent is { ConstantValue: { HasValue: true, Value: string } }
            || IsInAttribute(operation.Syntax))
        {
            return;
        }

        var options = context.Options.AnalyzerConfigOptionsProvider.GetOptions(operation.Syntax.SyntaxTree);
        if (isTestProject && !ComplianceOptions.SecretsScanTestCode.Get(options))
        {
            return;
        }

        var target = SecretTarget.Of(operation, context.ContainingSymbol);
        if (target.IsComparison)
        {
            return;
        }

        var finding = SecretDetector.Inspect(target.Name, value, ComplianceOptions.SecretsEntropyThreshold.Get(options), requireCredentialShape: true);
        if (finding is null && target.IsKeyMaterial && !SecretDetector.IsPlaceholderOrReference(value) && !SecretDetector.IsNaturalLanguage(value))
        {
            finding = new SecretFinding(SecretKind.SecretName, "key material made from a string literal", value);
        }

        if (finding is not { } secret)
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(ConfigurationKeyProperty, target.ConfigurationKey(context.ContainingSymbol));
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.HardCodedSecret,
            operation.Syntax.GetLocation(),
            properties,
            target.Name ?? "String literal",
            secret.Describe()));
    }

    private static bool IsInAttribute(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case AttributeSyntax:
                    return true;
                case StatementSyntax or MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }
}
