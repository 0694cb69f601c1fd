using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Compliance.Analyzers.Tests.Verifiers;

/// <summary>Options that relax how an expected diagnostic is compared.</summary>
[Flags]
public enum DiagnosticOptions
{
    None = 0,

    /// <summary>Only the primary location is compared.</summary>
    IgnoreAdditionalLocations = 1,
}

/// <summary>One expected location: a span in a file, or a <c>{|#n:…|}</c> placeholder resolved later.</summary>
public readonly record struct DiagnosticLocation(string? Path, LinePosition Start, LinePosition? End, int? MarkupKey)
{
    public bool IsPlaceholder => MarkupKey is not null;
}

/// <summary>An expected diagnostic, with the same fluent shape as the Roslyn SDK testing library's.</summary>
public readonly struct DiagnosticResult
{
    private readonly ImmutableArray<DiagnosticLocation> locations;

    private DiagnosticResult(string id, DiagnosticSeverity? severity, string? message, ImmutableArray<object?>? arguments, ImmutableArray<DiagnosticLocation> locations, DiagnosticOptions options)
    {
        Id = id;
        Severity = severity;
        Message = message;
        MessageArguments = arguments;
        this.locations = locations;
        Options = options;
    }

    public DiagnosticResult(string id)
        : this(id, null, null, null, ImmutableArray<DiagnosticLocation>.Empty, DiagnosticOptions.None)
    {
    }

    public DiagnosticResult(DiagnosticDescriptor descriptor)
        : this(descriptor.Id)
    {
    }

    public string Id { get; }

    public DiagnosticSeverity? Severity { get; }

    public string? Message { get; }

    public ImmutableArray<object?>? MessageArguments { get; }

    public DiagnosticOptions Options { get; }

    public ImmutableArray<DiagnosticLocation> Locations => locations.IsDefault ? ImmutableArray<DiagnosticLocation>.Empty : locations;

    public bool HasLocation => !Locations.IsEmpty;

    /// <summary>The location of the markup placeholder <c>{|#key:…|}</c>; a second call adds an additional location.</summary>
    public DiagnosticResult WithLocation(int markupKey) => With(new DiagnosticLocation(null, default, null, markupKey));

    /// <summary>A location that starts at the 1-based <paramref name="line"/> and <paramref name="column"/> of the first source.</summary>
    public DiagnosticResult WithLocation(int line, int column) => WithLocation("", line, column);

    public DiagnosticResult WithLocation(string path, int line, int column) => With(new DiagnosticLocation(path, new LinePosition(line - 1, column - 1), null, null));

    /// <summary>The 1-based span of the primary location (or, called again, of an additional location).</summary>
    public DiagnosticResult WithSpan(int startLine, int startColumn, int endLine, int endColumn) => WithSpan("", startLine, startColumn, endLine, endColumn);

    public DiagnosticResult WithSpan(string path, int startLine, int startColumn, int endLine, int endColumn)
        => With(new DiagnosticLocation(path, new LinePosition(startLine - 1, startColumn - 1), new LinePosition(endLine - 1, endColumn - 1), null));

    public DiagnosticResult WithArguments(params object?[] arguments)
        => new(Id, Severity, Message, arguments.ToImmutableArray(), Locations, Options);

    public DiagnosticResult WithMessage(string message)
        => new(Id, Severity, message, MessageArguments, Locations, Options);

    public DiagnosticResult WithSeverity(DiagnosticSeverity severity)
        => new(Id, severity, Message, MessageArguments, Locations, Options);

    public DiagnosticResult WithOptions(DiagnosticOptions options)
        => new(Id, Severity, Message, MessageArguments, Locations, Options | options);

    internal DiagnosticResult WithResolvedLocations(ImmutableArray<DiagnosticLocation> resolved)
        => new(Id, Severity, Message, MessageArguments, resolved, Options);

    private DiagnosticResult With(DiagnosticLocation location)
        => new(Id, Severity, Message, MessageArguments, Locations.Add(location), Options);

    /// <summary>The C# that creates this result, as printed in failure messages.</summary>
    public string ToCSharp(string verifier = "VerifyCS")
    {
        var builder = new StringBuilder();
        builder.Append(verifier).Append(".Diagnostic(\"").Append(Id).Append("\")");
        foreach (var location in Locations)
        {
            if (location.MarkupKey is { } key)
            {
                builder.Append(CultureInfo.InvariantCulture, $".WithLocation({key})");
            }
            else if (location.End is { } end)
            {
                var path = string.IsNullOrEmpty(location.Path) ? "" : $"\"{location.Path}\", ";
                builder.Append(CultureInfo.InvariantCulture, $".WithSpan({path}{location.Start.Line + 1}, {location.Start.Character + 1}, {end.Line + 1}, {end.Character + 1})");
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $".WithLocation({location.Start.Line + 1}, {location.Start.Character + 1})");
            }
        }

        if (Severity is { } severity)
        {
            builder.Append(".WithSeverity(DiagnosticSeverity.").Append(severity).Append(')');
        }

        if (MessageArguments is { } arguments)
        {
            builder.Append(".WithArguments(").Append(string.Join(", ", arguments.Select(FormatArgument))).Append(')');
        }
        else if (Message is not null)
        {
            builder.Append(".WithMessage(").Append(FormatArgument(Message)).Append(')');
        }

        return builder.ToString();
    }

    public override string ToString() => ToCSharp();

    internal static string FormatArgument(object? argument) => argument switch
    {
        null => "null",
        string text => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"",
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => "\"" + argument + "\"",
    };
}
