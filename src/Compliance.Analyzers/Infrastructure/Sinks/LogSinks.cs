using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Infrastructure.Sinks;

/// <summary>
/// Recognises invocations that write a log entry: <c>ILogger</c> extension methods, <c>ILogger.Log</c>
/// and <c>BeginScope</c>, <c>LoggerMessage.Define</c> delegates, <c>[LoggerMessage]</c> methods,
/// <c>Console</c> (and <c>Console.Out</c>/<c>Error</c>), <c>Debug</c> and <c>Trace</c>, and Serilog
/// and NLog loggers when those assemblies are referenced. Types are matched by metadata name.
/// </summary>
public static class LogSinks
{
    /// <summary>True when <paramref name="invocation"/> writes a log entry; <paramref name="sink"/> lists the values it writes.</summary>
    public static bool TryGetLogSink(IInvocationOperation invocation, KnownTypes knownTypes, out LogSink sink)
    {
        sink = null!;
        var method = invocation?.TargetMethod;
        if (method?.ContainingType is not { } type || knownTypes is null)
        {
            return false;
        }

        var result = method.Name switch
        {
            "Invoke" => LoggerMessageDelegate(invocation!, type, knownTypes),
            _ => MicrosoftLogger(invocation!, method, type, knownTypes)
                ?? ConsoleOrDiagnostics(invocation!, method, type, knownTypes)
                ?? LoggerMessageMethod(invocation!, method, knownTypes)
                ?? ThirdPartyLogger(invocation!, method, type, knownTypes),
        };

        if (result is null)
        {
            return false;
        }

        sink = result;
        return true;
    }

    /// <summary>
    /// The leaves of a string-building expression: the holes of an interpolated string and the
    /// operands of a concatenation, recursively; any other value is its own leaf.
    /// </summary>
    public static IEnumerable<IOperation> Leaves(IOperation value)
    {
        var pending = new Stack<IOperation>();
        pending.Push(value);
        while (pending.Count > 0)
        {
            var current = pending.Pop().WalkDownImplicitConversions();
            switch (current)
            {
                case IInterpolatedStringOperation interpolated:
                    for (var i = interpolated.Parts.Length - 1; i >= 0; i--)
                    {
                        if (interpolated.Parts[i] is IInterpolationOperation hole)
                        {
                            pending.Push(hole.Expression);
                        }
                    }

                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation when concatenation.Type?.SpecialType == SpecialType.System_String:
                    pending.Push(concatenation.RightOperand);
                    pending.Push(concatenation.LeftOperand);
                    break;
                default:
                    yield return current;
                    break;
            }
        }
    }

    private static LogSink? MicrosoftLogger(IInvocationOperation invocation, IMethodSymbol method, INamedTypeSymbol type, KnownTypes knownTypes)
    {
        var logger = knownTypes.Get(TypeNames.ILogger);
        if (logger is null)
        {
            return null;
        }

        if (SymbolEqualityComparer.Default.Equals(type, knownTypes.Get(TypeNames.LoggerExtensions)))
        {
            if (method.Name is not ("Log" or "LogTrace" or "LogDebug" or "LogInformation" or "LogWarning" or "LogError" or "LogCritical" or "BeginScope"))
            {
                return null;
            }

            return new LogSink("ILogger." + method.Name, CollectArguments(invocation, knownTypes, LogArgumentRole.Message));
        }

        // ILogger.Log<TState>(level, eventId, state, exception, formatter) and ILogger.BeginScope<TState>(state),
        // called on the interface or on an implementation.
        if (method.Name is "Log" or "BeginScope" && !method.IsStatic && type.IsOrImplementsDefinition(logger))
        {
            var builder = ImmutableArray.CreateBuilder<LogArgument>();
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { Name: "state" } parameter)
                {
                    builder.Add(new LogArgument(argument.Value, LogArgumentRole.State, parameter));
                }
            }

            return builder.Count == 0 ? null : new LogSink("ILogger." + method.Name, builder.ToImmutable());
        }

        return null;
    }

    /// <summary><c>Action&lt;ILogger, T1, ...&gt;</c> delegates, the shape <c>LoggerMessage.Define</c> returns.</summary>
    private static LogSink? LoggerMessageDelegate(IInvocationOperation invocation, INamedTypeSymbol type, KnownTypes knownTypes)
    {
        if (type.TypeKind != TypeKind.Delegate
            || !type.IsGenericType
            || type.Name != "Action"
            || !type.ContainingNamespace.IsNamespace("System")
            || knownTypes.Get(TypeNames.ILogger) is not { } logger
            || !SymbolEqualityComparer.Default.Equals(type.TypeArguments[0], logger))
        {
            return null;
        }

        var name = invocation.Instance switch
        {
            IFieldReferenceOperation field => field.Field.Name,
            IPropertyReferenceOperation property => property.Property.Name,
            ILocalReferenceOperation local => local.Local.Name,
            _ => "delegate",
        };
        return new LogSink("LoggerMessage " + name, CollectArguments(invocation, knownTypes, LogArgumentRole.TemplateArgument));
    }

    /// <summary>A <c>[LoggerMessage]</c> partial method; parameters classified for the redaction generator are redacted at run time and left out.</summary>
    private static LogSink? LoggerMessageMethod(IInvocationOperation invocation, IMethodSymbol method, KnownTypes knownTypes)
    {
        var attribute = knownTypes.Get(TypeNames.LoggerMessageAttribute);
        if (attribute is null || !HasAttribute(method, attribute))
        {
            return null;
        }

        var classification = knownTypes.Get(TypeNames.DataClassificationAttribute);
        var builder = ImmutableArray.CreateBuilder<LogArgument>();
        foreach (var argument in CollectArguments(invocation, knownTypes, LogArgumentRole.TemplateArgument))
        {
            if (classification is not null && argument.Parameter is { } parameter && HasAttributeDerivedFrom(parameter, classification))
            {
                continue;
            }

            builder.Add(argument);
        }

        return new LogSink(method.ContainingType.Name + "." + method.Name, builder.ToImmutable());
    }

    private static LogSink? ConsoleOrDiagnostics(IInvocationOperation invocation, IMethodSymbol method, INamedTypeSymbol type, KnownTypes knownTypes)
    {
        if (SymbolEqualityComparer.Default.Equals(type, knownTypes.Get(TypeNames.Console)))
        {
            return method.Name is "Write" or "WriteLine"
                ? new LogSink("Console." + method.Name, CollectArguments(invocation, knownTypes, LogArgumentRole.Message))
                : null;
        }

        if (method.Name is "Write" or "WriteLine"
            && invocation.Instance is IPropertyReferenceOperation { Property.Name: "Out" or "Error" } stream
            && SymbolEqualityComparer.Default.Equals(stream.Property.ContainingType, knownTypes.Get(TypeNames.Console)))
        {
            return new LogSink("Console." + stream.Property.Name + "." + method.Name, CollectArguments(invocation, knownTypes, LogArgumentRole.Message));
        }

        if (SymbolEqualityComparer.Default.Equals(type, knownTypes.Get(TypeNames.Debug))
            || SymbolEqualityComparer.Default.Equals(type, knownTypes.Get(TypeNames.Trace)))
        {
            return method.Name is "Write" or "WriteLine" or "WriteIf" or "WriteLineIf" or "Print" or "Fail" or "Assert"
                or "TraceInformation" or "TraceWarning" or "TraceError"
                ? new LogSink(type.Name + "." + method.Name, CollectArguments(invocation, knownTypes, LogArgumentRole.Message))
                : null;
        }

        return null;
    }

    private static LogSink? ThirdPartyLogger(IInvocationOperation invocation, IMethodSymbol method, INamedTypeSymbol type, KnownTypes knownTypes)
    {
        if (method.Name is "Verbose" or "Debug" or "Information" or "Warning" or "Error" or "Fatal" or "Write")
        {
            var serilog = knownTypes.Get(TypeNames.SerilogILogger);
            if (serilog is not null
                && (type.IsOrImplementsDefinition(serilog) || SymbolEqualityComparer.Default.Equals(type, knownTypes.Get(TypeNames.SerilogLog))))
            {
                return new LogSink("Serilog " + type.Name + "." + method.Name, CollectArguments(invocation, knownTypes, LogArgumentRole.Message));
            }
        }

        if (method.Name is "Trace" or "Debug" or "Info" or "Warn" or "Error" or "Fatal" or "Log" or "ConditionalDebug" or "ConditionalTrace")
        {
            var nlogBase = knownTypes.Get(TypeNames.NLogILoggerBase);
            var nlogLogger = knownTypes.Get(TypeNames.NLogLogger);
            if ((nlogBase is not null && type.IsOrImplementsDefinition(nlogBase)) || (nlogLogger is not null && type.InheritsFromOrEquals(nlogLogger)))
            {
                return new LogSink("NLog " + type.Name + "." + method.Name, CollectArguments(invocation, knownTypes, LogArgumentRole.Message));
            }
        }

        return null;
    }

    /// <summary>
    /// The arguments that reach the entry: the first string parameter named like a message is the
    /// message; params array items and other values are template arguments. Loggers, levels, event
    /// ids, exceptions, conditions and format providers are left out.
    /// </summary>
    private static ImmutableArray<LogArgument> CollectArguments(IInvocationOperation invocation, KnownTypes knownTypes, LogArgumentRole firstRole)
    {
        var builder = ImmutableArray.CreateBuilder<LogArgument>();
        var exception = knownTypes.Get(TypeNames.Exception);
        var logger = knownTypes.Get(TypeNames.ILogger);
        var messageSeen = firstRole != LogArgumentRole.Message;
        foreach (var argument in invocation.Arguments)
        {
            var parameter = argument.Parameter;
            if (parameter is null || IsMetadataParameter(parameter, exception, logger))
            {
                continue;
            }

            if (argument.ArgumentKind == ArgumentKind.ParamArray)
            {
                if (argument.Value is IArrayCreationOperation { Initializer: { } initializer })
                {
                    foreach (var item in initializer.ElementValues)
                    {
                        builder.Add(new LogArgument(item, LogArgumentRole.TemplateArgument, parameter));
                    }
                }

                continue;
            }

            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            var role = LogArgumentRole.TemplateArgument;
            if (!messageSeen && parameter.Type.SpecialType == SpecialType.System_String)
            {
                role = LogArgumentRole.Message;
                messageSeen = true;
            }

            builder.Add(new LogArgument(argument.Value, role, parameter));
        }

        return builder.ToImmutable();
    }

    private static bool IsMetadataParameter(IParameterSymbol parameter, INamedTypeSymbol? exception, INamedTypeSymbol? logger)
    {
        var type = parameter.Type;
        if (type.SpecialType == SpecialType.System_Boolean || type.TypeKind == TypeKind.Enum)
        {
            return true;
        }

        if (type.Name is "EventId" or "LogLevel" or "IFormatProvider" or "LogEventLevel")
        {
            return true;
        }

        if (logger is not null && type is INamedTypeSymbol named && named.IsOrImplementsDefinition(logger))
        {
            return true;
        }

        return exception is not null && type.InheritsFromOrEquals(exception);
    }

    private static bool HasAttribute(ISymbol symbol, INamedTypeSymbol attribute)
    {
        foreach (var data in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasAttributeDerivedFrom(ISymbol symbol, INamedTypeSymbol attribute)
    {
        foreach (var data in symbol.GetAttributes())
        {
            if (data.AttributeClass is { } attributeClass && attributeClass.InheritsFromOrEquals(attribute))
            {
                return true;
            }
        }

        return false;
    }
}
