namespace Compliance.Analyzers.Infrastructure.Classification;

/// <summary>What kind of classified data a symbol carries.</summary>
public enum ClassificationKind
{
    /// <summary>Protected health information (<c>[Phi]</c>).</summary>
    Phi,

    /// <summary>Personally identifiable information (<c>[Pii]</c>).</summary>
    Pii,

    /// <summary>
    /// Another classification: a <c>Microsoft.Extensions.Compliance</c> classification attribute or
    /// one configured in <c>compliance.dataflow.classification_attributes</c>.
    /// </summary>
    Other,
}

/// <summary>The classification of one symbol and the attribute that declared it.</summary>
public readonly struct DataClassification : IEquatable<DataClassification>
{
    public DataClassification(ClassificationKind kind, string attributeName)
    {
        Kind = kind;
        AttributeName = attributeName;
    }

    public ClassificationKind Kind { get; }

    /// <summary>The attribute as written in source, without the <c>Attribute</c> suffix (<c>Phi</c>).</summary>
    public string AttributeName { get; }

    /// <summary>The attribute in brackets, for messages: <c>[Phi]</c>.</summary>
    public string Display => "[" + AttributeName + "]";

    public bool Equals(DataClassification other) => Kind == other.Kind && string.Equals(AttributeName, other.AttributeName, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is DataClassification other && Equals(other);

    public override int GetHashCode() => ((int)Kind * 397) ^ StringComparer.Ordinal.GetHashCode(AttributeName ?? string.Empty);

    public override string ToString() => Display;
}
