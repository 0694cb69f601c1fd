using Microsoft.Extensions.Compliance.Classification;

namespace Compliance.Runtime.Classification;

/// <summary>
/// The classification of one member and the attribute that declared it.
/// <paramref name="Classification"/> is the platform's value (<see cref="HipaaTaxonomy.Phi"/>, an
/// application taxonomy's value), or <see cref="DataClassification.Unknown"/> for a configured
/// attribute that is not a <see cref="DataClassificationAttribute"/>.
/// </summary>
internal readonly record struct MemberClassification(ClassificationKind Kind, string AttributeName, DataClassification Classification)
{
    /// <summary>The attribute in brackets, as the analyzers' messages show it: <c>[Phi]</c>.</summary>
    public string Display => "[" + AttributeName + "]";
}
