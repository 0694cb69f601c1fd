using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers;

public static partial class Descriptors
{
    public static readonly DiagnosticDescriptor InvalidConfiguration = Rule(
        RuleIds.InvalidConfiguration,
        "Invalid compliance configuration value",
        "{0}",
        Categories.Meta,
        DiagnosticSeverity.Warning,
        "A compliance option in .editorconfig or .globalconfig has a value the rule cannot use, a key no rule knows (a typo), or a whole-compilation option sits in a path-scoped .editorconfig section, where it is ignored. The rule falls back to its default, which may not be what the configuration meant.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor UnjustifiedSuppression = Rule(
        RuleIds.UnjustifiedSuppression,
        "Compliance suppression without justification",
        "{0}",
        Categories.Meta,
        DiagnosticSeverity.Warning,
        "SOC 2 change management asks for every exception to a control to be explained. A suppressed compliance rule needs a justification an auditor can read next to it.",
        Controls.Soc2ChangeManagement,
        WellKnownDiagnosticTags.CompilationEnd);
}
