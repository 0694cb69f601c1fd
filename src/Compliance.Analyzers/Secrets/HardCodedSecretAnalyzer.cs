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
/// made from a literal (<c>Encoding.UTF8.GetBytes("…")</c> into a security key), any literal
/// in a known credential format, and constants that reach a cipher's key or an authentication
/// header under a name that says nothing (<see cref="SecretSinks"/>). Attribute arguments, <c>nameof</c>, comparisons and
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
        context.RegisterOperationAction(c => AnalyzeSink(c, isTestProject), OperationKind.Argument, OperationKind.SimpleAssignment);
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

        var threshold = ComplianceOptions.SecretsEntropyThreshold.Get(options);
        var finding = SecretDetector.Inspect(target.Name, value, threshold, requireCredentialShape: true);
        if (finding is null && target.IsKeyMaterial && IsKeyMaterialText(value))
        {
            finding = new SecretFinding(SecretKind.SecretName, "key material made from a string literal", value);
        }

        if (finding is null && target.IsCredentialSink && SecretDetector.LooksRandom(SecretSinks.WithoutScheme(value.Trim()), threshold))
        {
            finding = new SecretFinding(SecretKind.HighEntropy, "a random-looking credential in an authentication header", value);
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

    private static bool IsKeyMaterialText(string value) => !SecretDetector.IsPlaceholderOrReference(value) && !SecretDetector.IsNaturalLanguage(value);

    /// <summary>
    /// Constants that reach a key parameter, an authentication header or a password parameter
    /// through a name that says nothing (<c>static readonly byte[] Material = { … }</c>). Strings
    /// written in place are the literal rule's; values it already reported where they were
    /// declared are not reported again.
    /// </summary>
    private static void AnalyzeSink(OperationAnalysisContext context, bool isTestProject)
    {
        // Every argument passes through here: the shape of the value is the cheap first test.
        var operation = context.Operation;
        var candidate = (operation is ISimpleAssignmentOperation assigned ? assigned.Value : ((IArgumentOperation)operation).Value).WalkDownConversionsAndParentheses();
        var named = candidate is ILocalReferenceOperation or IFieldReferenceOperation;
        if (!named && candidate is not (IArrayCreationOperation or IInvocationOperation))
        {
            return;
        }

        IOperation value;
        string sink;
        bool isKey;
        switch (operation)
        {
            case IArgumentOperation argument when SecretSinks.KeyParameter(argument) is { } keyParameter:
                (value, sink, isKey) = (argument.Value, keyParameter, true);
                break;
            case IArgumentOperation argument when named && SecretSinks.CredentialHeader(argument) is { } header:
                (value, sink, isKey) = (argument.Value, "the " + header + " header", false);
                break;
            case IArgumentOperation argument when named && SecretSinks.IsCredentialParameter(argument):
                (value, sink, isKey) = (argument.Value, argument.Parameter!.Name, false);
                break;
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { } property } } assignment when SecretSinks.IsKeyProperty(property):
                (value, sink, isKey) = (assignment.Value, property.ContainingType.Name + ".Key", true);
                break;
            default:
                return;
        }

        value = value.WalkDownConversionsAndParentheses();
        if (value is ILiteralOperation or IBinaryOperation or IInterpolatedStringOperation || value.Syntax is not { } syntax)
        {
            return;
        }

        var options = context.Options.AnalyzerConfigOptionsProvider.GetOptions(syntax.SyntaxTree);
        if (isTestProject && !ComplianceOptions.SecretsScanTestCode.Get(options))
        {
            return;
        }

        var threshold = ComplianceOptions.SecretsEntropyThreshold.Get(options);
        string? name;
        string detail;
        if (isKey)
        {
            if (ConstantKey(value, holder: null, threshold, depth: 0, context.CancellationToken) is not { Reported: false } source)
            {
                return;
            }

            (name, detail) = (source.Name ?? sink, "a constant key passed to " + sink);
        }
        else
        {
            name = NameOf(value);
            if (name is null
                || !ConstantValues.TryGetValues(value, out var constants, context.CancellationToken)
                || constants.Length != 1
                || constants[0] is not string text
                || SecretDetector.Inspect(name, text, threshold, requireCredentialShape: true) is not null
                || !SecretDetector.LooksRandom(SecretSinks.WithoutScheme(text.Trim()), threshold))
            {
                return;
            }

            detail = "a random-looking value used as " + sink;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.HardCodedSecret, syntax.GetLocation(), name, detail));
    }

    /// <summary>
    /// When <paramref name="value"/> is constant key bytes (an array of constants, or the bytes of a
    /// constant string, directly or through locals and read-only fields): the name it is held
    /// under and whether the literal rule already reported it.
    /// </summary>
    private static (string? Name, bool Reported)? ConstantKey(IOperation value, string? holder, double threshold, int depth, CancellationToken cancellationToken)
    {
        value = value.WalkDownConversionsAndParentheses();
        switch (value)
        {
            case IArrayCreationOperation { Initializer: { ElementValues.Length: >= 4 } initializer } when initializer.ElementValues.All(static e => e.ConstantValue.HasValue):
                return (holder, false);

            case IInvocationOperation conversion when SecretTarget.IsKeyMaterialConversion(conversion) && conversion.Arguments.Length >= 1:
                var argument = conversion.Arguments[0].Value;
                if (!ConstantValues.TryGetValues(argument, out var constants, cancellationToken)
                    || constants.Length != 1
                    || constants[0] is not string text
                    || !IsKeyMaterialText(text))
                {
                    return null;
                }

                var written = argument.WalkDownConversionsAndParentheses();
                if (written is ILiteralOperation or IBinaryOperation or IInterpolatedStringOperation)
                {
                    // At the sink itself the literal rule reports it as key material; in a field or
                    // local's initializer it does when the name says key.
                    return (holder, holder is null || SecretDetector.Inspect(holder, text, threshold, requireCredentialShape: true) is not null || SecretSinks.IsKeyName(holder));
                }

                var constant = NameOf(written);
                return (holder ?? constant, constant is not null && SecretDetector.Inspect(constant, text, threshold, requireCredentialShape: true) is not null);

            case ILocalReferenceOperation or IFieldReferenceOperation when depth < 3 && ConstantValues.InitialValue(value, cancellationToken) is { } initial:
                return ConstantKey(initial, NameOf(value), threshold, depth + 1, cancellationToken);

            default:
                return null;
        }
    }

    private static string? NameOf(IOperation value) => value switch
    {
        ILocalReferenceOperation local => local.Local.Name,
        IFieldReferenceOperation field => field.Field.Name,
        _ => null,
    };

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
