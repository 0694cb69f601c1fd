using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Compliance.Runtime.Tests.Redaction;

/// <summary>
/// Issue 14, item 13: the pseudonym key was process-global, so the last application built in a
/// process (tests, several hosts in one process) silently changed every other one's pseudonyms.
/// </summary>
public sealed class PerApplicationKeyedRedactTests
{
    [Fact]
    public void EachApplication_HashesWithItsOwnKey_WhateverIsBuiltAfterIt()
    {
        var keyA = Enumerable.Repeat((byte)1, 32).ToArray();
        var keyB = Enumerable.Repeat((byte)2, 32).ToArray();
        using var a = Build(keyA);
        var keyedA = a.GetRequiredService<KeyedRedact>();
        var before = keyedA.Hash("123-45-6789");

        using var b = Build(keyB);
        var keyedB = b.GetRequiredService<KeyedRedact>();

        Assert.Equal(before, keyedA.Hash("123-45-6789"));
        Assert.Equal(Expected(keyA, "123-45-6789"), before);
        Assert.Equal(Expected(keyB, "123-45-6789"), keyedB.Hash("123-45-6789"));
        Assert.Equal(Redact.Marker, keyedA.Value("123-45-6789"));
        Assert.Equal(Redact.Marker, keyedA.Hash(null));
    }

    private static ServiceProvider Build(byte[] key)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddCompliance().AddRedaction(o => o.HashKey = Convert.ToBase64String(key));
        var provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<ILoggerFactory>();
        return provider;
    }

    private static string Expected(byte[] key, string value) =>
        "h:" + Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value))[..16]);
}
