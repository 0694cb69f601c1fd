using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Transport;

/// <summary>
/// Reads the address a request goes to, when its start is known at compile time: a constant,
/// <c>new Uri(…)</c>, the text before the first hole of an interpolated string or concatenation,
/// or a local initialised once with one of these. Only cleartext schemes (http, ftp) to hosts
/// that are neither loopback nor identifier namespaces are returned.
/// </summary>
internal static class CleartextAddress
{
    private const int MaximumLocalDepth = 3;

    /// <summary>
    /// Hosts of URIs that name things rather than locate a service: XML namespaces, FHIR and
    /// terminology systems, schema ids. Requests to them carry no PHI.
    /// </summary>
    private static readonly string[] IdentifierHosts =
    [
        "hl7.org", "snomed.info", "loinc.org", "unitsofmeasure.org", "w3.org", "schemas.xmlsoap.org",
        "schemas.microsoft.com", "schemas.openxmlformats.org", "purl.org", "json-schema.org", "xmlns.com",
    ];

    /// <summary>
    /// The address as it may be shown (scheme, host, port and path; never user info, query or
    /// fragment, where passwords and tokens travel), or null when it is not a cleartext address.
    /// </summary>
    public static string? Find(IOperation value)
    {
        var (text, complete) = LeadingText(value, 0);
        return text is null ? null : Display(text, complete);
    }

    /// <summary>The host of a constant host name argument, without anything else.</summary>
    public static string? Host(IOperation value)
        => value.WalkDownImplicitConversions().ConstantValue is { HasValue: true, Value: string host } && host.Length > 0 && !IsLoopback(host.ToLowerInvariant()) ? host : null;

    public static bool IsLoopback(string host)
        => host is "localhost" or "[::1]" or "::1" || host.StartsWith("127.", StringComparison.Ordinal) || host.EndsWith(".localhost", StringComparison.Ordinal);

    private static (string? Text, bool Complete) LeadingText(IOperation value, int depth)
    {
        value = value.WalkDownImplicitConversions();
        if (value.ConstantValue is { HasValue: true, Value: string constant })
        {
            return (constant, true);
        }

        switch (value)
        {
            case IObjectCreationOperation { Type: { Name: "Uri", ContainingNamespace.Name: "System" }, Arguments: { Length: >= 1 } arguments }
                when arguments[0].Parameter?.Type.SpecialType == SpecialType.System_String:
                return LeadingText(arguments[0].Value, depth);
            case IInterpolatedStringOperation { Parts: { Length: > 0 } parts } when parts[0] is IInterpolatedStringTextOperation { Text.ConstantValue: { HasValue: true, Value: string prefix } }:
                return (prefix, false);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } concatenation:
                return (LeadingText(concatenation.LeftOperand, depth).Text, false);
            case ILocalReferenceOperation { Local: { } local } when depth < MaximumLocalDepth && SingleAssignment(value, local) is { } initializer:
                return LeadingText(initializer, depth + 1);
            default:
                return (null, false);
        }
    }

    /// <summary>The initial value of a local that is never written again in its method.</summary>
    private static IOperation? SingleAssignment(IOperation reference, ILocalSymbol local)
    {
        if (local.IsRef || local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } initializer }
            || initializer.SyntaxTree != reference.Syntax.SyntaxTree
            || reference.SemanticModel?.GetOperation(initializer) is not { } initialValue)
        {
            return null;
        }

        var root = reference;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        foreach (var operation in root.Descendants())
        {
            var written = operation switch
            {
                IAssignmentOperation assignment => assignment.Target,
                IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument => argument.Value,
                _ => null,
            };

            if (written is ILocalReferenceOperation target && SymbolEqualityComparer.Default.Equals(target.Local, local))
            {
                return null;
            }
        }

        return initialValue;
    }

    private static string? Display(string text, bool complete)
    {
        string scheme;
        if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            scheme = "http://";
        }
        else if (text.StartsWith("ftp://", StringComparison.OrdinalIgnoreCase))
        {
            scheme = "ftp://";
        }
        else
        {
            return null;
        }

        var rest = text.Substring(scheme.Length);
        var authorityEnd = rest.IndexOfAny(['/', '?', '#']);
        if (authorityEnd < 0 && !complete)
        {
            // $"http://{host}": the host is not known, so neither is whether it is loopback.
            return null;
        }

        var authority = authorityEnd < 0 ? rest : rest.Substring(0, authorityEnd);
        var hostAndPort = authority.Substring(authority.LastIndexOf('@') + 1);
        var host = HostOf(hostAndPort).ToLowerInvariant();
        if (host.Length == 0 || IsLoopback(host) || IsIdentifierHost(host))
        {
            return null;
        }

        var path = authorityEnd < 0 ? "" : rest.Substring(authorityEnd);
        var queryStart = path.IndexOfAny(['?', '#']);
        if (queryStart >= 0)
        {
            path = path.Substring(0, queryStart);
        }
        else if (!complete)
        {
            path += "…";
        }

        return scheme + hostAndPort + path;
    }

    private static string HostOf(string hostAndPort)
    {
        if (hostAndPort.StartsWith("[", StringComparison.Ordinal))
        {
            var close = hostAndPort.IndexOf(']');
            return close < 0 ? hostAndPort : hostAndPort.Substring(0, close + 1);
        }

        var colon = hostAndPort.IndexOf(':');
        return colon < 0 ? hostAndPort : hostAndPort.Substring(0, colon);
    }

    private static bool IsIdentifierHost(string host)
    {
        foreach (var identifier in IdentifierHosts)
        {
            if (host == identifier || host.EndsWith("." + identifier, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
