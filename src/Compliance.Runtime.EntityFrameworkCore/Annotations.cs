namespace Compliance.Runtime.EntityFrameworkCore;

/// <summary>Model annotation names of the EF Core integration.</summary>
internal static class Annotations
{
    public const string Encrypted = "Compliance:Encrypted";
    public const string EncryptionContext = "Compliance:EncryptionContext";
    public const string BindToRow = "Compliance:BindToRow";
    public const string RowBound = "Compliance:RowBound";
    public const string BlindIndexSource = "Compliance:BlindIndexSource";
    public const string BlindIndexLength = "Compliance:BlindIndexLength";
    public const string BlindIndexNormalization = "Compliance:BlindIndexNormalization";
    public const string BlindIndexDefinition = "Compliance:BlindIndexDefinition";
}
