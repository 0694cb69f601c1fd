using Compliance.Analyzers.Crypto;
using Compliance.Analyzers.DataFlow;
using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Infrastructure.Secrets;
using Compliance.Analyzers.Secrets;

namespace Compliance.Analyzers.Tests.Infrastructure;

/// <summary>
/// One word-splitter for every rule that judges names. Three used to disagree: the HIPAA names
/// split <c>apiKey2</c> into api, key (numbers dropped), the secret rules into api, key2, and the
/// authentication endpoints did not split digits at all, so <c>SSN4</c>, <c>apiKey2</c> and
/// <c>Login2</c> meant something to one rule and nothing to another.
/// </summary>
public sealed class IdentifierWordsTests
{
    [Theory]
    [InlineData("apiKey2", "api key 2")]
    [InlineData("SSN4", "ssn 4")]
    [InlineData("PatientSSN", "patient ssn")]
    [InlineData("HTTPServer", "http server")]
    [InlineData("client_secret", "client secret")]
    [InlineData("X-Api-Key", "x api key")]
    [InlineData("STRIPE_SECRET_KEY", "stripe secret key")]
    [InlineData("__RequestVerificationToken", "request verification token")]
    [InlineData("oauth2Token", "oauth 2 token")]
    [InlineData("Verify2FA", "verify 2 fa")]
    [InlineData("Key2Value", "key 2 value")]
    [InlineData("EMail", "e mail")]
    [InlineData("sign-in", "sign in")]
    [InlineData("", "")]
    public void Split_IntoLowerCaseWords_WithNumbersAsWordsOfTheirOwn(string name, string words)
    {
        Assert.Equal(words.Split(' ', StringSplitOptions.RemoveEmptyEntries), IdentifierWords.Split(name));
    }

    [Theory]
    [InlineData("apiKey")]
    [InlineData("apiKey2")]
    [InlineData("ApiKey2")]
    [InlineData("apikey2")]
    [InlineData("clientSecret1")]
    [InlineData("Stripe:SecretKey2")]
    public void SecretNames_WithANumber_AreStillSecretNames(string name)
    {
        Assert.True(SecretDetector.IsSecretName(name));
    }

    [Theory]
    [InlineData("Password2Hash")]
    [InlineData("page2Token")]
    [InlineData("PasswordLength2")]
    public void ANumberBesideTheSignal_QualifiesNothing(string name)
    {
        Assert.False(SecretDetector.IsSecretName(name));
    }

    [Theory]
    [InlineData("SSN4", "social security number")]
    [InlineData("Ssn", "social security number")]
    [InlineData("PhoneNumber2", "telephone number")]
    public void HipaaNames_IgnoreNumbers(string name, string category)
    {
        Assert.Equal(category, HipaaIdentifierNames.Match(name, [], []));
    }

    [Theory]
    [InlineData("hmacKey2", true)]
    [InlineData("salt1", true)]
    [InlineData("cacheKey2", true)]
    [InlineData("patientId2", false)]
    public void KeyNames_WithANumber(string name, bool isKey)
    {
        Assert.Equal(isKey, SecretSinks.IsKeyName(name));
    }

    [Theory]
    [InlineData("resetToken2", true)]
    [InlineData("mfaCode", true)]
    [InlineData("2faCode", true)]
    [InlineData("verify2FaCode", true)]
    [InlineData("cacheKey2", false)]
    [InlineData("discountCode2", false)]
    public void SecurityValueNames_WithANumber(string name, bool isSecurity)
    {
        Assert.Equal(isSecurity, InsecureRandomnessAnalyzer.IsSecurityName(name));
    }
}
