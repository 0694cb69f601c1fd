using Compliance.Runtime.Classification;
using Microsoft.Extensions.Options;

namespace Compliance.Runtime.Redaction;

/// <summary>
/// Decides whether printing a runtime value could reveal classified data, by the rule of
/// docs/classification.md (<see cref="DataClassificationReader"/>) with the conservative reading
/// log redaction needs: content that cannot be known from the declared types counts as
/// classified, so nested data is redacted rather than printed. Attributes configured in
/// <see cref="RedactionOptions.ClassificationAttributes"/> classify too.
/// </summary>
internal sealed class ClassificationInspector(IOptions<RedactionOptions> options)
{
    private readonly DataClassificationReader _reader = options.Value.ClassificationAttributes.Count == 0
        ? DataClassificationReader.Default
        : new DataClassificationReader(options.Value.ClassificationAttributes);

    /// <summary>Whether the runtime value must be redacted.</summary>
    public bool MustRedact(object? value) => value is not null && IsClassified(value.GetType());

    public bool IsClassified(Type type) => _reader.MayContainClassifiedData(type);
}
