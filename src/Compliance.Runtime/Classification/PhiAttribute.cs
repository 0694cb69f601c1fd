using Microsoft.Extensions.Compliance.Classification;

namespace Compliance.Runtime;

/// <summary>
/// Marks protected health information (HIPAA 45 CFR 160.103): health data, or any of the
/// 18 Safe Harbor identifiers held together with it. A <see cref="DataClassificationAttribute"/>
/// of <see cref="HipaaTaxonomy.Phi"/>, so the platform's redaction (<c>[LoggerMessage]</c>,
/// <c>[LogProperties]</c>, <c>IRedactorProvider</c>) recognises it. The Compliance.Analyzers
/// data-flow rules treat every read of a marked member as a source and report it reaching logs,
/// exception messages, telemetry, URLs, headers or cookies; the runtime redacts it from logs.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter | AttributeTargets.ReturnValue, Inherited = true, AllowMultiple = false)]
public sealed class PhiAttribute : DataClassificationAttribute
{
    /// <summary>Classifies the member as <see cref="HipaaTaxonomy.Phi"/>.</summary>
    public PhiAttribute()
        : base(HipaaTaxonomy.Phi)
    {
    }

    /// <summary>Optional identifier category, for example <c>"ssn"</c>, <c>"dob"</c> or <c>"mrn"</c>.</summary>
    public string? Category { get; set; }
}
