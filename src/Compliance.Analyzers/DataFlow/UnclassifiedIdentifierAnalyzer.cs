using System.Collections.Immutable;
using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Infrastructure.Classification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.DataFlow;

/// <summary>
/// CMP2006 (info): a member of a data-carrying type (record, DTO, entity, request/response model,
/// or a type that already classifies other members) named like a HIPAA Safe Harbor identifier but
/// not classified. Classification is what the data-flow rules key on, so an unclassified SSN is
/// invisible to them. Names are matched on word boundaries from a curated list
/// (<see cref="HipaaIdentifierNames"/>), with configurable additions and exclusions.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnclassifiedIdentifierAnalyzer : ComplianceAnalyzer
{
    /// <summary>Diagnostic property: "Phi" when the containing type is about health data, else "Pii".</summary>
    internal const string SuggestedAttributeKey = "SuggestedAttribute";

    private static readonly string[] DataTypeSuffixes =
    {
        "Dto", "Request", "Response", "Model", "Entity", "ViewModel", "Command", "Query", "Record", "Form", "Input", "Contract", "Details", "Summary",
    };

    private static readonly string[] DataNamespaceSegments = { "Models", "Dtos", "DTOs", "Entities", "Contracts", "Domain" };

    private static readonly string[] HealthWords =
    {
        "Patient", "Medical", "Health", "Clinical", "Clinic", "Diagnosis", "Prescription", "Encounter", "Chart", "Lab", "Insurance", "Claim", "Admission", "Visit", "Treatment",
    };

    /// <summary>Type-name words of records about people, where a parent is a person.</summary>
    private static readonly string[] PeopleWords =
    {
        "Person", "People", "Child", "Student", "Pupil", "Minor", "Dependent", "Family", "Guardian", "Member", "Applicant", "Enrollment", "Registration", "Contact", "Customer", "User", "Employee",
    };

    public UnclassifiedIdentifierAnalyzer()
        : base(Descriptors.UnclassifiedIdentifierMember)
    {
    }

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes knownTypes)
    {
        var classification = ClassificationModel.For(context.Compilation, context.Options);
        context.RegisterSymbolAction(c => AnalyzeMember(c, classification), SymbolKind.Property, SymbolKind.Field);
    }

    private static void AnalyzeMember(SymbolAnalysisContext context, ClassificationModel classification)
    {
        var member = context.Symbol;
        if (member.IsStatic || member.IsImplicitlyDeclared || member.IsOverride || member.ContainingType is not { } type)
        {
            return;
        }

        var memberType = member switch
        {
            IPropertySymbol { IsIndexer: false } property => property.Type,
            IFieldSymbol { IsConst: false } field => field.Type,
            _ => null,
        };
        if (memberType is null || !IsIdentifierShapedType(memberType) || member.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal))
        {
            return;
        }

        if (member.Locations.Length == 0 || !member.Locations[0].IsInSource)
        {
            return;
        }

        var tree = member.Locations[0].SourceTree!;
        var options = context.Options.AnalyzerConfigOptionsProvider.GetOptions(tree);
        var category = HipaaIdentifierNames.Match(
            member.Name,
            ComplianceOptions.DataFlowIdentifierNames.Get(options),
            ComplianceOptions.DataFlowIdentifierExclusions.Get(options));
        // The name test is cheap; attributes and the containing type are only looked at for candidates.
        if (category is null || classification.TryGetClassification(member, out _) || !IsDataCarrier(type, classification))
        {
            return;
        }

        if (HipaaIdentifierNames.NeedsPersonContext(member.Name) && !IsHealthContext(type, classification) && !NamesPeople(type.Name))
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(SuggestedAttributeKey, IsHealthContext(type, classification) ? "Phi" : "Pii");
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.UnclassifiedIdentifierMember, member.Locations[0], properties, type.Name + "." + member.Name, category));
    }

    /// <summary>Strings, dates, numbers, bytes, URIs and IP addresses: the shapes identifiers are stored in (not flags, not nested objects).</summary>
    private static bool IsIdentifierShapedType(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_String:
            case SpecialType.System_DateTime:
            case SpecialType.System_Int32:
            case SpecialType.System_Int64:
            case SpecialType.System_Decimal:
                return true;
        }

        if (type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte or SpecialType.System_Char })
        {
            return true;
        }

        return type.Name switch
        {
            "DateTimeOffset" or "DateOnly" or "Uri" => type.ContainingNamespace.IsNamespace("System"),
            "IPAddress" => type.ContainingNamespace.IsNamespace("System.Net"),
            _ => false,
        };
    }

    private static bool IsDataCarrier(INamedTypeSymbol type, ClassificationModel classification)
    {
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.IsStatic)
        {
            return false;
        }

        if (type.IsRecord || HasSuffix(type.Name, DataTypeSuffixes) || classification.ContainsClassifiedData(type))
        {
            return true;
        }

        for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            if (Array.IndexOf(DataNamespaceSegments, ns.Name) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsHealthContext(INamedTypeSymbol type, ClassificationModel classification)
    {
        foreach (var word in HealthWords)
        {
            if (type.Name.IndexOf(word, StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        foreach (var member in type.GetMembers())
        {
            if (classification.TryGetClassification(member, out var existing) && existing.Kind == ClassificationKind.Phi)
            {
                return true;
            }
        }

        return false;
    }

    private static bool NamesPeople(string typeName)
    {
        foreach (var word in PeopleWords)
        {
            if (typeName.IndexOf(word, StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasSuffix(string name, string[] suffixes)
    {
        foreach (var suffix in suffixes)
        {
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
