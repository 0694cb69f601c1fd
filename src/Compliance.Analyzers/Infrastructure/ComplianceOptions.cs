using System.Reflection;

namespace Compliance.Analyzers.Infrastructure;

/// <summary>
/// Every option the package reads. Each rule family declares its options as public static fields
/// in its own part of this class (ComplianceOptions.*.cs); <see cref="All"/> finds them, so
/// configuration validation (CMP9001) and the documentation test see every key without a
/// hand-maintained list.
/// </summary>
public static partial class ComplianceOptions
{
    private static readonly Lazy<IReadOnlyList<IOptionDefinition>> AllOptions = new(static () =>
    {
        var options = new List<IOptionDefinition>();
        foreach (var field in typeof(ComplianceOptions).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.GetValue(null) is IOptionDefinition option)
            {
                options.Add(option);
            }
        }

        options.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return options;
    });

    /// <summary>Every declared option, ordered by key.</summary>
    public static IReadOnlyList<IOptionDefinition> All => AllOptions.Value;
}
