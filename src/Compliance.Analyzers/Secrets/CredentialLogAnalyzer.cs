using System.Collections.Immutable;
using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Infrastructure.Secrets;
using Compliance.Analyzers.Infrastructure.Sinks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Secrets;

/// <summary>
/// CMP1004: a credential written to a log: a value whose symbol is secret-named (password, token,
/// secret, API key), the request's <c>Authorization</c> or <c>Cookie</c> header, or a local in the
/// same method assigned from one of those, passed to a log sink directly, inside an interpolated
/// or concatenated message, or as a structured argument. Its length, a null check or a redacted
/// form is not a credential.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CredentialLogAnalyzer : ComplianceAnalyzer
{
    /// <summary>Diagnostic property: the role of the value in the entry (Message, TemplateArgument, State).</summary>
    internal const string RoleProperty = "Role";

    private static readonly ImmutableHashSet<string> CredentialHeaders = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase, "Authorization", "Cookie", "Set-Cookie", "Proxy-Authorization", "X-Api-Key");

    public CredentialLogAnalyzer()
        : base(Descriptors.CredentialInLog)
    {
    }

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes knownTypes)
        => context.RegisterOperationAction(c => Analyze(c, knownTypes), OperationKind.Invocation);

    private static void Analyze(OperationAnalysisContext context, KnownTypes knownTypes)
    {
        if (!LogSinks.TryGetLogSink((IInvocationOperation)context.Operation, knownTypes, out var sink))
        {
            return;
        }

        foreach (var argument in sink.Arguments)
        {
            foreach (var leaf in LogSinks.Leaves(argument.Value))
            {
                if (CredentialName(leaf, depth: 0) is { } name)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.CredentialInLog,
                        leaf.Syntax.GetLocation(),
                        ImmutableDictionary<string, string?>.Empty.Add(RoleProperty, argument.Role.ToString()),
                        name,
                        sink.DisplayName));
                }
            }
        }
    }

    /// <summary>The credential's name when <paramref name="value"/> is one, else null.</summary>
    private static string? CredentialName(IOperation value, int depth)
    {
        value = value.WalkDownImplicitConversionsAndParentheses();
        switch (value)
        {
            case IInvocationOperation { TargetMethod.Name: "ToString", Instance: { } instance }:
                return CredentialName(instance, depth);

            case IPropertyReferenceOperation { Property.Name: var headerName } header when IsHeaderDictionary(header.Property.ContainingType) && CredentialHeaders.Contains(headerName):
                return "Headers." + headerName;

            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer
                when IsHeaderDictionary(indexer.Property.ContainingType)
                    && indexer.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string headerKey }
                    && CredentialHeaders.Contains(headerKey):
                return $"Headers[\"{headerKey}\"]";

            case ILocalReferenceOperation local when IsTextual(local.Type):
                return SecretDetector.IsSecretName(local.Local.Name) ? local.Local.Name
                    : depth == 0 && AssignedCredential(local) is { } source ? source
                    : null;

            case IParameterReferenceOperation parameter when IsTextual(parameter.Type) && SecretDetector.IsSecretName(parameter.Parameter.Name):
                return parameter.Parameter.Name;

            case IFieldReferenceOperation field when IsTextual(field.Type) && SecretDetector.IsSecretName(field.Field.Name):
                return field.Field.Name;

            case IPropertyReferenceOperation property when !property.Property.IsIndexer && IsTextual(property.Type) && SecretDetector.IsSecretName(property.Property.Name):
                return property.Property.Name;

            default:
                return null;
        }
    }

    /// <summary>For <c>var auth = Request.Headers.Authorization;</c>: the credential the local was initialised with.</summary>
    private static string? AssignedCredential(ILocalReferenceOperation local)
    {
        if (local.Local.DeclaringSyntaxReferences.Length != 1 || local.SemanticModel is not { } model)
        {
            return null;
        }

        var declarator = local.Local.DeclaringSyntaxReferences[0].GetSyntax();
        if (declarator.SyntaxTree != local.Syntax.SyntaxTree
            || model.GetOperation(declarator) is not IVariableDeclaratorOperation { Initializer.Value: { } initial })
        {
            return null;
        }

        return CredentialName(initial, depth: 1) is { } source ? $"{local.Local.Name} (from {source})" : null;
    }

    private static bool IsHeaderDictionary(INamedTypeSymbol? type)
        => type?.Name is "IHeaderDictionary" or "HeaderDictionary" or "HttpRequestHeaders" or "HttpHeaders";

    /// <summary>Only text can be a credential: a bool named tokenValid or an int named passwordAttempts is not.</summary>
    private static bool IsTextual(ITypeSymbol? type)
        => type is null
           || type.SpecialType is SpecialType.System_String or SpecialType.System_Object
           || type.Name is "StringValues" or "SecureString" or "ReadOnlySpan" or "ReadOnlyMemory" or "AuthenticationHeaderValue"
           || type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Char or SpecialType.System_Byte };
}
