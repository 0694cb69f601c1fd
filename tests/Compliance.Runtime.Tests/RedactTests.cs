using Compliance.Runtime;

namespace Compliance.Runtime.Tests;

public sealed class RedactTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("123-45-6789")]
    [InlineData(42)]
    public void Value_AlwaysReturnsTheSameMarker(object? value)
    {
        Assert.Equal(Redact.Marker, Redact.Value(value));
    }

    [Fact]
    public void Hash_IsStableKeyedAndNeverContainsTheValue()
    {
        Redact.UseHashKey(Enumerable.Repeat((byte)7, 32).ToArray());
        var first = Redact.Hash("123-45-6789");

        Assert.Equal(first, Redact.Hash("123-45-6789"));
        Assert.NotEqual(first, Redact.Hash("123-45-6780"));
        Assert.DoesNotContain("6789", first, StringComparison.Ordinal);
        Assert.Matches("^h:[0-9a-f]{32}$", first);

        Redact.UseHashKey(Enumerable.Repeat((byte)8, 32).ToArray());
        Assert.NotEqual(first, Redact.Hash("123-45-6789"));
    }

    [Fact]
    public void UseHashKey_RejectsShortKeys()
    {
        Assert.Throws<ArgumentException>(() => Redact.UseHashKey(new byte[16]));
    }
}
