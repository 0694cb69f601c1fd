using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Compliance.Runtime.Validation;

/// <summary>
/// DataAnnotations and <see cref="IValidatableObject"/>, applied to the body and recursively to
/// every nested object and collection element (the framework's validator stops at the top level),
/// with errors keyed by JSON path (<c>$.address.zip</c>). Messages come from the attributes, which
/// name the field, never the submitted value.
/// </summary>
internal static class ObjectValidator
{
    public static void Validate(object root, JsonSerializerOptions options, IServiceProvider services, Dictionary<string, List<string>> errors, int maxDepth)
    {
        Validate(root, "$", options, services, errors, new HashSet<object>(ReferenceEqualityComparer.Instance), maxDepth);
    }

    private static void Validate(object value, string path, JsonSerializerOptions options, IServiceProvider services, Dictionary<string, List<string>> errors, HashSet<object> visited, int depthLeft)
    {
        if (depthLeft <= 0 || !visited.Add(value))
        {
            return;
        }

        var type = value.GetType();
        if (value is IEnumerable sequence and not string && type != typeof(string))
        {
            var index = 0;
            foreach (var item in sequence)
            {
                if (item is not null && IsComplex(item.GetType()))
                {
                    Validate(item, $"{path}[{index}]", options, services, errors, visited, depthLeft - 1);
                }

                index++;
            }

            return;
        }

        var info = options.GetTypeInfo(type);
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(value, new ValidationContext(value, services, items: null), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var members = result.MemberNames.Any() ? result.MemberNames : [string.Empty];
            foreach (var member in members)
            {
                var key = member.Length == 0 ? path : path + "." + JsonName(info, member);
                if (!errors.TryGetValue(key, out var messages))
                {
                    errors[key] = messages = [];
                }

                messages.Add(result.ErrorMessage ?? "The field is invalid.");
            }
        }

        ValidateConstructorParameters(value, info, path, services, errors);

        foreach (var property in info.Properties)
        {
            if (property.Get is null || !IsComplex(property.PropertyType))
            {
                continue;
            }

            if (property.Get(value) is { } child)
            {
                Validate(child, path + "." + property.Name, options, services, errors, visited, depthLeft - 1);
            }
        }
    }

    /// <summary>
    /// Positional records carry their attributes on the primary constructor's parameters, which the
    /// DataAnnotations validator does not read; apply them to the bound values here.
    /// </summary>
    private static void ValidateConstructorParameters(object value, JsonTypeInfo info, string path, IServiceProvider services, Dictionary<string, List<string>> errors)
    {
        foreach (var property in info.Properties)
        {
            if (property.Get is null
                || property.AssociatedParameter?.AttributeProvider is not ParameterInfo parameter
                || (property.AttributeProvider is MemberInfo member && member.IsDefined(typeof(ValidationAttribute), inherit: true)))
            {
                continue;
            }

            var attributes = parameter.GetCustomAttributes<ValidationAttribute>(inherit: true).ToArray();
            if (attributes.Length == 0)
            {
                continue;
            }

            var results = new List<ValidationResult>();
            var context = new ValidationContext(value, services, items: null) { MemberName = parameter.Name, DisplayName = parameter.Name ?? property.Name };
            if (!Validator.TryValidateValue(property.Get(value)!, context, results, attributes))
            {
                var key = path + "." + property.Name;
                if (!errors.TryGetValue(key, out var messages))
                {
                    errors[key] = messages = [];
                }

                messages.AddRange(results.Select(static r => r.ErrorMessage ?? "The field is invalid."));
            }
        }
    }

    private static string JsonName(JsonTypeInfo info, string clrName)
    {
        foreach (var property in info.Properties)
        {
            if (property.AttributeProvider is MemberInfo member && member.Name == clrName)
            {
                return property.Name;
            }
        }

        return clrName;
    }

    private static bool IsComplex(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return !(type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal)
            || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(TimeOnly)
            || type == typeof(TimeSpan) || type == typeof(Guid) || type == typeof(Uri) || type == typeof(byte[]));
    }
}
