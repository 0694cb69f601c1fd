using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace Compliance.Analyzers.Infrastructure.Json;

/// <summary>
/// Reads the string values of a JSON configuration file the way ASP.NET Core's configuration
/// reader accepts it (comments and trailing commas allowed), keeping each value's exact position.
/// It never throws: on malformed input it returns the values read before the error, so a file
/// being edited still yields its complete entries and nothing invented.
/// </summary>
public static class TolerantJsonReader
{
    private const int MaxDepth = 64;

    public static ImmutableArray<ConfigurationEntry> Read(SourceText text)
    {
        var reader = new Reader(text.ToString());
        try
        {
            reader.SkipTrivia();
            if (!reader.AtEnd)
            {
                reader.ReadValue(prefix: "", depth: 0);
            }
        }
        catch (FormatException)
        {
            // Malformed: keep what was read before the error.
        }

        return reader.Entries.ToImmutable();
    }

    private sealed class Reader(string text)
    {
        private int _position;

        public ImmutableArray<ConfigurationEntry>.Builder Entries { get; } = ImmutableArray.CreateBuilder<ConfigurationEntry>();

        public bool AtEnd => _position >= text.Length;

        public void ReadValue(string prefix, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new FormatException("Nested too deeply.");
            }

            SkipTrivia();
            switch (Peek())
            {
                case '{':
                    ReadObject(prefix, depth);
                    break;
                case '[':
                    ReadArray(prefix, depth);
                    break;
                case '"':
                    var start = _position + 1;
                    var value = ReadString();
                    if (prefix.Length > 0)
                    {
                        Entries.Add(new ConfigurationEntry(prefix, value, TextSpan.FromBounds(start, _position - 1)));
                    }

                    break;
                default:
                    ReadLiteral();
                    break;
            }
        }

        private void ReadObject(string prefix, int depth)
        {
            _position++;
            while (true)
            {
                SkipTrivia();
                if (Peek() == '}')
                {
                    _position++;
                    return;
                }

                if (Peek() != '"')
                {
                    throw new FormatException("Expected a property name.");
                }

                var name = ReadString();
                SkipTrivia();
                Expect(':');
                ReadValue(prefix.Length == 0 ? name : prefix + ":" + name, depth + 1);
                SkipTrivia();
                if (Peek() == ',')
                {
                    _position++;
                    continue;
                }

                Expect('}');
                return;
            }
        }

        private void ReadArray(string prefix, int depth)
        {
            _position++;
            var index = 0;
            while (true)
            {
                SkipTrivia();
                if (Peek() == ']')
                {
                    _position++;
                    return;
                }

                ReadValue(prefix + ":" + index.ToString(CultureInfo.InvariantCulture), depth + 1);
                index++;
                SkipTrivia();
                if (Peek() == ',')
                {
                    _position++;
                    continue;
                }

                Expect(']');
                return;
            }
        }

        private string ReadString()
        {
            _position++;
            var builder = new StringBuilder();
            while (true)
            {
                var c = Next();
                switch (c)
                {
                    case '"':
                        return builder.ToString();
                    case '\\':
                        var escaped = Next();
                        switch (escaped)
                        {
                            case 'n': builder.Append('\n'); break;
                            case 't': builder.Append('\t'); break;
                            case 'r': builder.Append('\r'); break;
                            case 'b': builder.Append('\b'); break;
                            case 'f': builder.Append('\f'); break;
                            case 'u':
                                if (_position + 4 > text.Length || !int.TryParse(text.Substring(_position, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                                {
                                    throw new FormatException("Bad unicode escape.");
                                }

                                builder.Append((char)code);
                                _position += 4;
                                break;
                            default: builder.Append(escaped); break;
                        }

                        break;
                    case '\n':
                        throw new FormatException("Unterminated string.");
                    default:
                        builder.Append(c);
                        break;
                }
            }
        }

        private void ReadLiteral()
        {
            var start = _position;
            while (!AtEnd && (char.IsLetterOrDigit(text[_position]) || text[_position] is '+' or '-' or '.'))
            {
                _position++;
            }

            if (_position == start)
            {
                throw new FormatException("Expected a value.");
            }
        }

        public void SkipTrivia()
        {
            while (!AtEnd)
            {
                var c = text[_position];
                if (char.IsWhiteSpace(c) || c == '\uFEFF')
                {
                    _position++;
                }
                else if (c == '/' && _position + 1 < text.Length && text[_position + 1] == '/')
                {
                    while (!AtEnd && text[_position] != '\n')
                    {
                        _position++;
                    }
                }
                else if (c == '/' && _position + 1 < text.Length && text[_position + 1] == '*')
                {
                    var end = text.IndexOf("*/", _position + 2, StringComparison.Ordinal);
                    _position = end < 0 ? text.Length : end + 2;
                }
                else
                {
                    return;
                }
            }
        }

        private char Peek() => AtEnd ? '\0' : text[_position];

        private char Next() => AtEnd ? throw new FormatException("Unexpected end.") : text[_position++];

        private void Expect(char expected)
        {
            if (Peek() != expected)
            {
                throw new FormatException($"Expected '{expected}'.");
            }

            _position++;
        }
    }
}
