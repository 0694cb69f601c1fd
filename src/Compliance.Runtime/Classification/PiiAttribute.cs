using Microsoft.Extensions.Compliance.Classification;

namespace Compliance.Runtime;

/// <summary>
/// Marks personally identifiable information that is not health data (for example an email
/// address of a user account): a <see cref="DataClassificationAttribute"/> of
/// <see cref="HipaaTaxonomy.Pii"/>. It is tracked and redacted exactly like <see cref="PhiAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter | AttributeTargets.ReturnValue, Inherited = true, AllowMultiple = false)]
public sealed class PiiAttribute : DataClassificationAttribute
{
    /// <summary>Classifies the member as <see cref="HipaaTaxonomy.Pii"/>.</summary>
    public PiiAttribute()
        : base(HipaaTaxonomy.Pii)
    {
    }

    /// <summary>Optional identifier category, for example <c>"email"</c> or <c>"phone"</c>.</summary>
    public string? Category { get; set; }
}
