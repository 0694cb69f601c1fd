using Microsoft.Extensions.Compliance.Classification;

namespace Compliance.Runtime;

/// <summary>
/// The HIPAA data classification taxonomy of <c>Microsoft.Extensions.Compliance</c>:
/// <see cref="PhiAttribute"/> classifies as <see cref="Phi"/>, <see cref="PiiAttribute"/> as
/// <see cref="Pii"/>. An application's own taxonomies sit beside it; the analyzers and the runtime
/// treat every <see cref="DataClassificationAttribute"/> the same way (docs/classification.md).
/// </summary>
public static class HipaaTaxonomy
{
    /// <summary>The taxonomy name every classification of this taxonomy carries.</summary>
    public const string TaxonomyName = "HIPAA";

    /// <summary>Protected health information (45 CFR 160.103).</summary>
    public static DataClassification Phi => new(TaxonomyName, "PHI");

    /// <summary>Personally identifiable information that is not health data.</summary>
    public static DataClassification Pii => new(TaxonomyName, "PII");

    /// <summary>Both classifications of the taxonomy, for mapping them to one redactor.</summary>
    public static DataClassificationSet All => new(Phi, Pii);
}
