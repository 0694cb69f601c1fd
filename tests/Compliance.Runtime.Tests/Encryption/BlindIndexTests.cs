using Compliance.Runtime.Encryption;

namespace Compliance.Runtime.Tests.Encryption;

public sealed class BlindIndexTests : IDisposable
{
    private static readonly BlindIndexDefinition Ssn = new("patients", "ssn") { Normalization = BlindIndexNormalization.Trim | BlindIndexNormalization.RemoveSeparators };
    private readonly EncryptionHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void SameValue_SameIndex_AfterNormalisation()
    {
        var index = _harness.Indexer.Compute("123-45-6789", Ssn);

        Assert.Equal(16, index.Length);
        Assert.Equal(index, _harness.Indexer.Compute(" 123 45 6789 ", Ssn));
        Assert.NotEqual(index, _harness.Indexer.Compute("123-45-6780", Ssn));
    }

    [Fact]
    public void ColumnKeyCache_IsBounded_WhileIndexesStayStable()
    {
        // Issue 14, item 13: one cached key per (tenant, table, column) ever seen, without bound;
        // a tenant taken from the request could grow it forever.
        var first = _harness.Indexer.Compute("123-45-6789", new BlindIndexDefinition("patients", "ssn", "tenant-0"));
        for (var tenant = 1; tenant < 3000; tenant++)
        {
            _harness.Indexer.Compute("123-45-6789", new BlindIndexDefinition("patients", "ssn", $"tenant-{tenant}"));
        }

        Assert.InRange(((BlindIndexer)_harness.Indexer).CachedColumnKeys, 1, BlindIndexer.MaxCachedColumnKeys);
        Assert.Equal(first, _harness.Indexer.Compute("123-45-6789", new BlindIndexDefinition("patients", "ssn", "tenant-0")));
        Assert.Equal(
            _harness.Indexer.Compute("x", new BlindIndexDefinition("patients", "ssn", "tenant-2999")),
            _harness.Indexer.Compute("x", new BlindIndexDefinition("patients", "ssn", "tenant-2999")));
    }

    [Fact]
    public void Columns_AndTenants_HaveIndependentKeys()
    {
        var patients = _harness.Indexer.Compute("123-45-6789", Ssn);

        Assert.NotEqual(patients, _harness.Indexer.Compute("123-45-6789", new BlindIndexDefinition("clinicians", "ssn") { Normalization = Ssn.Normalization }));
        Assert.NotEqual(patients, _harness.Indexer.Compute("123-45-6789", new BlindIndexDefinition("patients", "ssn", "acme") { Normalization = Ssn.Normalization }));
    }

    [Fact]
    public async Task Index_IsKeyed_StableAcrossRotation_AndDiffersPerRing()
    {
        var index = _harness.Indexer.Compute("123-45-6789", Ssn);
        await _harness.Ring.RotateAsync();
        Assert.Equal(index, _harness.Indexer.Compute("123-45-6789", Ssn));

        using var other = new EncryptionHarness();
        Assert.NotEqual(index, other.Indexer.Compute("123-45-6789", Ssn));
    }

    [Fact]
    public void Case_Length_AndCustomNormalisation()
    {
        var email = new BlindIndexDefinition("patients", "email") { Normalization = BlindIndexNormalization.Trim | BlindIndexNormalization.IgnoreCase, Length = 8 };
        var custom = new BlindIndexDefinition("patients", "phone") { Normalizer = v => new string(v.Where(char.IsDigit).ToArray()) };
        var nfc = new BlindIndexDefinition("patients", "name") { Normalization = BlindIndexNormalization.UnicodeFormC };

        Assert.Equal(8, _harness.Indexer.Compute("Jane@Example.org", email).Length);
        Assert.Equal(_harness.Indexer.Compute("Jane@Example.org ", email), _harness.Indexer.Compute("jane@example.ORG", email));
        Assert.Equal(_harness.Indexer.Compute("+1 (555) 010-0199", custom), _harness.Indexer.Compute("15550100199", custom));
        Assert.Equal(_harness.Indexer.Compute("Jose\u0301", nfc), _harness.Indexer.Compute("Jos\u00e9", nfc));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BlindIndexDefinition("t", "c") { Length = 2 });
    }

    [Fact]
    public void LongValues_UseThePooledPath()
    {
        var text = new string('x', 10_000);

        Assert.Equal(_harness.Indexer.Compute(text, Ssn), _harness.Indexer.Compute(text + " ", Ssn));
    }
}
