using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Secrets;

/// <summary>
/// Where a constant string goes: the name it is stored or passed under (a field, property, local,
/// parameter, or a configuration key in an indexer or collection), whether it is compared rather
/// than stored, and whether it becomes key material.
/// </summary>
internal readonly struct SecretTarget
{
    private SecretTarget(string? name, bool isComparison, bool isKeyMaterial, bool isCredentialSink = false)
    {
        Name = name;
        IsComparison = isComparison;
        IsKeyMaterial = isKeyMaterial;
        IsCredentialSink = isCredentialSink;
    }

    public string? Name { get; }

    public bool IsComparison { get; }

    public bool IsKeyMaterial { get; }

    /// <summary>The value is sent as a credential (an Authorization header), whatever it is named.</summary>
    public bool IsCredentialSink { get; }

    public static SecretTarget Of(IOperation value, ISymbol containingSymbol)
    {
        var keyMaterial = false;
        var current = value;
        while (current.Parent is { } parent)
        {
            switch (parent)
            {
                case IConversionOperation or IParenthesizedOperation or IConditionalOperation or ICoalesceOperation:
                    current = parent;
                    continue;

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals }:
                case IIsPatternOperation or IPatternOperation or ISwitchCaseOperation or ICaseClauseOperation or ISwitchExpressionArmOperation:
                    return new SecretTarget(null, isComparison: true, keyMaterial);

                // Bytes stored under a key's name are key material; under another name ("payload")
                // they are judged where they are used as a key (SecretSinks).
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return new SecretTarget(declarator.Symbol.Name, false, keyMaterial && SecretSinks.IsKeyName(declarator.Symbol.Name));

                case IFieldInitializerOperation field when field.InitializedFields.Length > 0:
                    return new SecretTarget(field.InitializedFields[0].Name, false, keyMaterial && SecretSinks.IsKeyName(field.InitializedFields[0].Name));

                case IPropertyInitializerOperation property when property.InitializedProperties.Length > 0:
                    return new SecretTarget(property.InitializedProperties[0].Name, false, keyMaterial && SecretSinks.IsKeyName(property.InitializedProperties[0].Name));

                case IParameterInitializerOperation parameter:
                    return new SecretTarget(parameter.Parameter.Name, false, keyMaterial);

                case ISimpleAssignmentOperation assignment when ReferenceEquals(assignment.Value, current):
                    return new SecretTarget(NameOfTarget(assignment.Target), false, keyMaterial);

                case IReturnOperation when containingSymbol is IMethodSymbol { AssociatedSymbol: IPropertySymbol property }:
                    return new SecretTarget(property.Name, false, keyMaterial);

                case IArgumentOperation argument:
                    if (IsStringComparison(argument.Parent))
                    {
                        return new SecretTarget(null, isComparison: true, keyMaterial);
                    }

                    if (IsKeyMaterialConversion(argument.Parent))
                    {
                        // Encoding.UTF8.GetBytes("…") / Convert.FromBase64String("…"): follow the bytes.
                        keyMaterial = true;
                        current = argument.Parent!;
                        continue;
                    }

                    if (keyMaterial && argument.Parent is IObjectCreationOperation { Type: { } created } && IsKeyType(created))
                    {
                        return new SecretTarget(created.Name, false, isKeyMaterial: true);
                    }

                    if (!keyMaterial && SecretSinks.CredentialHeader(argument) is not null)
                    {
                        var headerName = argument.Parent is IObjectCreationOperation ? "Authorization" : NameOfArgument(argument);
                        return new SecretTarget(headerName, false, false, isCredentialSink: true);
                    }

                    return new SecretTarget(NameOfArgument(argument), false, keyMaterial && argument.Parameter?.Name.IndexOf("key", StringComparison.OrdinalIgnoreCase) >= 0);

                default:
                    return new SecretTarget(null, false, keyMaterial);
            }
        }

        return new SecretTarget(null, false, keyMaterial);
    }

    /// <summary>The configuration key the code fix reads: the path itself, or Type:Member.</summary>
    public string ConfigurationKey(ISymbol containingSymbol)
    {
        if (Name is { } name && name.IndexOf(':') > 0)
        {
            return name;
        }

        var type = containingSymbol as INamedTypeSymbol ?? containingSymbol.ContainingType;
        var member = Name ?? "Secret";
        return type is null ? member : type.Name + ":" + char.ToUpperInvariant(member[0]) + member.Substring(1);
    }

    private static string? NameOfTarget(IOperation target) => target switch
    {
        IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer
            when indexer.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string key } => key,
        IPropertyReferenceOperation property => property.Property.Name,
        IFieldReferenceOperation field => field.Field.Name,
        ILocalReferenceOperation local => local.Local.Name,
        IParameterReferenceOperation parameter => parameter.Parameter.Name,
        _ => null,
    };

    /// <summary>
    /// The name an argument is stored under. For <c>Add(key, value)</c> and <c>new KeyValuePair(key, value)</c>
    /// (configuration collections) the constant key names the value.
    /// </summary>
    private static string? NameOfArgument(IArgumentOperation argument)
    {
        var parameter = argument.Parameter;
        if (parameter is null)
        {
            return null;
        }

        var arguments = argument.Parent switch
        {
            IInvocationOperation invocation => invocation.Arguments,
            IObjectCreationOperation creation => creation.Arguments,
            _ => default,
        };

        if (parameter.Name == "value" && !arguments.IsDefaultOrEmpty)
        {
            foreach (var other in arguments)
            {
                // Add(key, value) of collections; Add(name, value) of HTTP headers named like a secret (X-Api-Key).
                if (other.Value.ConstantValue is { HasValue: true, Value: string key }
                    && (other.Parameter?.Name == "key" || (other.Parameter?.Name == "name" && Infrastructure.Secrets.SecretDetector.IsSecretName(key))))
                {
                    return key;
                }
            }
        }

        return parameter.Name;
    }

    private static bool IsStringComparison(IOperation? operation)
        => operation is IInvocationOperation { TargetMethod: { Name: "Equals" or "StartsWith" or "EndsWith" or "Contains" or "Compare" or "IndexOf" } method }
           && method.ContainingType?.SpecialType == SpecialType.System_String;

    internal static bool IsKeyMaterialConversion(IOperation? operation)
        => operation is IInvocationOperation { TargetMethod: { } method }
           && ((method.Name == "GetBytes" && method.ContainingType?.ToDisplayString() is "System.Text.Encoding")
               || (method.Name is "FromBase64String" or "FromHexString" && method.ContainingType?.ToDisplayString() == "System.Convert"));

    private static bool IsKeyType(ITypeSymbol type)
        => type.Name.EndsWith("SecurityKey", StringComparison.Ordinal)
           || type.Name.StartsWith("HMAC", StringComparison.Ordinal);
}
