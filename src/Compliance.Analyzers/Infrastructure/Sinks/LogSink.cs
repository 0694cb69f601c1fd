using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.Infrastructure.Sinks;

/// <summary>The part of a log entry an argument becomes.</summary>
public enum LogArgumentRole
{
    /// <summary>The message or message template (<c>"Admitted {Name}"</c>, <c>Console.WriteLine(x)</c>).</summary>
    Message,

    /// <summary>A value formatted into the message or kept as a structured property (params items, generic arguments, <c>[LoggerMessage]</c> parameters).</summary>
    TemplateArgument,

    /// <summary>A state or scope object (<c>ILogger.Log&lt;TState&gt;</c>, <c>BeginScope</c>), serialised by structured providers.</summary>
    State,
}

/// <summary>One value that ends up in a log entry.</summary>
public readonly struct LogArgument
{
    public LogArgument(IOperation value, LogArgumentRole role, IParameterSymbol? parameter)
    {
        Value = value;
        Role = role;
        Parameter = parameter;
    }

    /// <summary>The value as passed (for a params array, one item).</summary>
    public IOperation Value { get; }

    public LogArgumentRole Role { get; }

    /// <summary>The parameter it is passed to, when there is one.</summary>
    public IParameterSymbol? Parameter { get; }
}

/// <summary>An invocation that writes a log entry, and the values that end up in it.</summary>
public sealed class LogSink
{
    public LogSink(string displayName, ImmutableArray<LogArgument> arguments)
    {
        DisplayName = displayName;
        Arguments = arguments;
    }

    /// <summary>How messages name the sink, for example <c>ILogger.LogInformation</c> or <c>Console.WriteLine</c>.</summary>
    public string DisplayName { get; }

    /// <summary>Every value written into the entry; event ids, levels, exceptions and conditions are not included.</summary>
    public ImmutableArray<LogArgument> Arguments { get; }
}
