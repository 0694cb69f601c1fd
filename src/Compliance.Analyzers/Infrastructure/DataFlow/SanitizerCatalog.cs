using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.Infrastructure.DataFlow;

/// <summary>
/// Calls whose result no longer carries the classified data passed in. Typed, never by method
/// name alone (a name match on "Protect" also matches "Unprotect"): <c>Compliance.Runtime.Redact</c>,
/// methods marked <c>[Redacts]</c>, <c>Microsoft.Extensions.Compliance.Redaction.Redactor</c> and
/// its subclasses, and the encrypting (never the decrypting) methods of
/// <c>Compliance.Runtime.Encryption</c>.
/// </summary>
internal sealed class SanitizerCatalog
{
    private const string EncryptionNamespace = "Compliance.Runtime.Encryption";

    private readonly INamedTypeSymbol? _redact;
    private readonly INamedTypeSymbol? _redactsAttribute;
    private readonly INamedTypeSymbol? _redactor;
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _cache = new(SymbolEqualityComparer.Default);

    public SanitizerCatalog(KnownTypes knownTypes)
    {
        _redact = knownTypes.Get(TypeNames.Redact);
        _redactsAttribute = knownTypes.Get(TypeNames.RedactsAttribute);
        _redactor = knownTypes.Get(TypeNames.Redactor);
    }

    public bool IsSanitizer(IMethodSymbol method) => _cache.GetOrAdd(method.OriginalDefinition, Compute);

    private bool Compute(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (type is null)
        {
            return false;
        }

        if (_redact is not null && SymbolEqualityComparer.Default.Equals(type, _redact))
        {
            return true;
        }

        // Without a reference to Compliance.Runtime (tests, shared libraries), match the name.
        if (_redact is null && type.Name == "Redact" && type.ContainingNamespace.IsNamespace("Compliance.Runtime"))
        {
            return true;
        }

        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass is { } attributeClass
                && (SymbolEqualityComparer.Default.Equals(attributeClass, _redactsAttribute)
                    || (attributeClass.Name == "RedactsAttribute" && attributeClass.ContainingNamespace.IsNamespace("Compliance.Runtime"))))
            {
                return true;
            }
        }

        if (method.Name.StartsWith("Redact", StringComparison.Ordinal)
            && (_redactor is not null ? type.InheritsFromOrEquals(_redactor) : type.InheritsFromOrEqualsByFullName("Microsoft.Extensions.Compliance.Redaction.Redactor")))
        {
            return true;
        }

        return IsEncryptionType(type)
            && (method.Name.StartsWith("Encrypt", StringComparison.Ordinal)
                || method.Name.StartsWith("Hash", StringComparison.Ordinal)
                || method.Name.StartsWith("ComputeIndex", StringComparison.Ordinal)
                || method.Name.StartsWith("Protect", StringComparison.Ordinal));
    }

    private static bool IsEncryptionType(INamedTypeSymbol type)
    {
        if (type.ContainingNamespace.IsNamespace(EncryptionNamespace))
        {
            return true;
        }

        foreach (var @interface in type.AllInterfaces)
        {
            if (@interface.ContainingNamespace.IsNamespace(EncryptionNamespace))
            {
                return true;
            }
        }

        return false;
    }
}
