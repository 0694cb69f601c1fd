namespace Compliance.Analyzers.Infrastructure;

public static partial class TypeNames
{
    public const string Encoding = "System.Text.Encoding";
    public const string Convert = "System.Convert";
    public const string IConfiguration = "Microsoft.Extensions.Configuration.IConfiguration";
}
