using Microsoft.Extensions.Compliance.Redaction;

namespace Compliance.Runtime;

/// <summary>
/// The platform's redactor (<c>Microsoft.Extensions.Compliance.Redaction</c>) that writes
/// <see cref="Redact.Marker"/> in place of any value, empty or not. <c>AddRedaction()</c> maps the
/// HIPAA taxonomy and every other classification to it, so what the logging source generator
/// redacts (<c>[LoggerMessage]</c> parameters, <c>[LogProperties]</c> members) carries the same
/// marker as what the compliance layer redacts. The platform's erasing redactor wrote an empty
/// string there, which a log reader or a SIEM rule cannot tell from a value that was empty.
/// </summary>
public sealed class MarkerRedactor : Redactor
{
    // Inside this class the simple name Redact is the method; the marker is the static class's.
    private const string Marker = Compliance.Runtime.Redact.Marker;

    /// <summary><see cref="Redact.Marker"/>, whatever <paramref name="source"/> is, null and empty included.</summary>
    /// <param name="source">The value to redact; never read.</param>
    /// <returns><see cref="Redact.Marker"/>.</returns>
    /// <remarks>
    /// The base class returns an empty string for a null or empty value before any redactor sees
    /// it; here a redacted value never reads as an empty one, as with <see cref="Redact.Value"/>.
    /// (The base class's non-virtual <c>Redact(ReadOnlySpan&lt;char&gt;)</c> still returns an empty
    /// string for an empty span; the logging source generator's path does not go through it.)
    /// </remarks>
    public override string Redact(string? source) => Marker;

    /// <summary>The marker's length, whatever the input: it reveals neither content nor length.</summary>
    /// <param name="input">The value to redact.</param>
    /// <returns>The length of <see cref="Redact.Marker"/>.</returns>
    public override int GetRedactedLength(ReadOnlySpan<char> input) => Marker.Length;

    /// <summary>Writes <see cref="Redact.Marker"/> to <paramref name="destination"/>.</summary>
    /// <param name="source">The value to redact; never read.</param>
    /// <param name="destination">At least <see cref="GetRedactedLength"/> characters.</param>
    /// <returns>The number of characters written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the marker.</exception>
    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        if (destination.Length < Marker.Length)
        {
            throw new ArgumentException($"The destination must hold at least {Marker.Length} characters.", nameof(destination));
        }

        Marker.AsSpan().CopyTo(destination);
        return Marker.Length;
    }
}
