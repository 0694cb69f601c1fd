namespace Compliance.Runtime.Validation;

/// <summary>Settings of strict body validation, bound from <c>Compliance:Validation</c>.</summary>
public sealed class ValidationOptions
{
    /// <summary>The configuration section bound by <c>AddValidation</c>.</summary>
    public const string SectionName = "Compliance:Validation";

    /// <summary>The largest body a <c>[Validated]</c> endpoint accepts, in bytes. Default 1 MiB.</summary>
    public long MaxBodySize { get; set; } = 1024 * 1024;

    /// <summary>The deepest JSON nesting accepted. Default 32.</summary>
    public int MaxDepth { get; set; } = 32;
}
