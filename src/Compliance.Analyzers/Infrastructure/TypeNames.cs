namespace Compliance.Analyzers.Infrastructure;

/// <summary>
/// Metadata names of the types the rules recognise. Types of Compliance.Runtime and of optional
/// packages are matched by name only, so the analyzers need no reference to them.
/// </summary>
/// <remarks>Each rule family keeps its names in its own part of this class (TypeNames.*.cs).</remarks>
public static partial class TypeNames
{
    public const string HttpContext = "Microsoft.AspNetCore.Http.HttpContext";

    public const string GeneratedCodeAttribute = "System.CodeDom.Compiler.GeneratedCodeAttribute";
}
