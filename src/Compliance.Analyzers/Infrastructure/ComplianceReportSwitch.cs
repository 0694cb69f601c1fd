using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.Infrastructure;

/// <summary>
/// The <c>ComplianceReport</c> MSBuild property, handed to the analyzers by the package's props
/// (<c>CompilerVisibleProperty</c>). The inventory analyzers register nothing unless it is true, so
/// a normal build pays nothing for them.
/// </summary>
internal static class ComplianceReportSwitch
{
    public const string BuildProperty = "build_property.ComplianceReport";

    public static bool IsOn(AnalyzerOptions options)
        => options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(BuildProperty, out var value)
        && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}
