using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.Infrastructure;

/// <summary>Parses one option's raw text. Returns false for a value the option does not accept.</summary>
public delegate bool OptionParser<T>(string text, out T value);

/// <summary>Untyped view of an option, for the configuration-validation rule and documentation tests.</summary>
public interface IOptionDefinition
{
    /// <summary>The family-qualified name, for example <c>sessions.minimum_same_site</c>.</summary>
    string Name { get; }

    /// <summary>The global key: <c>compliance.&lt;family&gt;.&lt;name&gt;</c>.</summary>
    string Key { get; }

    /// <summary>The rules whose per-rule key (<c>dotnet_diagnostic.&lt;id&gt;.&lt;name&gt;</c>) may set it.</summary>
    IReadOnlyList<string> RuleIds { get; }

    /// <summary>Human-readable description of the accepted values, used in CMP9001 messages.</summary>
    string AcceptedValues { get; }

    /// <summary>True when <paramref name="text"/> is a value this option accepts.</summary>
    bool IsValid(string text);

    /// <summary>Every key that sets the option: the per-rule keys, then <see cref="Key"/>.</summary>
    IReadOnlyList<string> AllKeys { get; }

    /// <summary>
    /// True for an option of the whole compilation, read only from the global options
    /// (<c>.globalconfig</c>, build properties): a value in a path-scoped .editorconfig section is
    /// ignored, and CMP9001 reports it.
    /// </summary>
    bool IsGlobalOnly { get; }
}

/// <summary>
/// One .editorconfig / .globalconfig option. A rule reads it per syntax tree (editorconfig is
/// path-scoped): first <c>dotnet_diagnostic.&lt;rule id&gt;.&lt;name&gt;</c>, then
/// <c>compliance.&lt;family&gt;.&lt;name&gt;</c>. A global-only option (<see cref="IsGlobalOnly"/>)
/// is read once per compilation with <see cref="GetForCompilation"/>, by the same key order, from
/// the global options. An unparsable value never throws: the default is used and CMP9001 reports
/// the bad value.
/// </summary>
public sealed class OptionDefinition<T> : IOptionDefinition
{
    private readonly string _shortName;
    private readonly OptionParser<T> _parser;
    private readonly string[] _ruleKeys;

    public OptionDefinition(string family, string name, T defaultValue, OptionParser<T> parser, string acceptedValues, params string[] ruleIds)
    {
        _shortName = name;
        Name = family + "." + name;
        Key = "compliance." + Name;
        DefaultValue = defaultValue;
        _parser = parser;
        AcceptedValues = acceptedValues;
        RuleIds = ruleIds;
        _ruleKeys = Array.ConvertAll(ruleIds, id => "dotnet_diagnostic." + id + "." + _shortName);
    }

    public string Name { get; }

    public string Key { get; }

    public T DefaultValue { get; }

    public IReadOnlyList<string> RuleIds { get; }

    public string AcceptedValues { get; }

    public bool IsValid(string text) => _parser(text.Trim(), out _);

    /// <inheritdoc />
    public bool IsGlobalOnly { get; init; }

    /// <summary>
    /// The value for the whole compilation: from the global options only (<c>.globalconfig</c>,
    /// build properties), whatever the syntax trees' .editorconfig sections say, so every caller of
    /// the compilation gets the same answer from the options it passes. The default when
    /// <paramref name="options"/> is null, or the value is unset or invalid.
    /// </summary>
    public T GetForCompilation(AnalyzerOptions? options)
        => options?.AnalyzerConfigOptionsProvider?.GlobalOptions is { } global ? Get(global) : DefaultValue;

    /// <summary>The value configured for <paramref name="tree"/>, or the default when unset or invalid.</summary>
    public T Get(AnalyzerOptions options, SyntaxTree tree)
        => Get(options.AnalyzerConfigOptionsProvider.GetOptions(tree));

    /// <summary>The value configured in <paramref name="options"/>, or the default when unset or invalid.</summary>
    public T Get(AnalyzerConfigOptions options)
    {
        foreach (var key in _ruleKeys)
        {
            if (options.TryGetValue(key, out var text) && _parser(text.Trim(), out var value))
            {
                return value;
            }
        }

        return options.TryGetValue(Key, out var globalText) && _parser(globalText.Trim(), out var globalValue)
            ? globalValue
            : DefaultValue;
    }

    /// <summary>The per-rule keys, in the order they are consulted before <see cref="Key"/>.</summary>
    public IReadOnlyList<string> RuleKeys => _ruleKeys;

    public IReadOnlyList<string> AllKeys => _ruleKeys.Concat(new[] { Key }).ToArray();
}
