using Compliance.Analyzers.Infrastructure.Secrets;

namespace Compliance.Analyzers.Infrastructure;

public static partial class ComplianceOptions
{
    /// <summary><c>compliance.secrets.entropy_threshold</c>: bits per character above which a key-like value counts as random.</summary>
    public static readonly OptionDefinition<double> SecretsEntropyThreshold = new(
        "secrets",
        "entropy_threshold",
        SecretDetector.DefaultEntropyThreshold,
        OptionParsers.Number(1.0, 8.0),
        "a number from 1.0 to 8.0",
        RuleIds.SecretInPublicConfiguration,
        RuleIds.SecretInCommittedConfiguration,
        RuleIds.HardCodedSecret);

    /// <summary><c>compliance.secrets.scan_test_code</c>: analyse projects that reference a test framework.</summary>
    public static readonly OptionDefinition<bool> SecretsScanTestCode = new(
        "secrets",
        "scan_test_code",
        false,
        OptionParsers.Boolean,
        "true, false",
        RuleIds.HardCodedSecret);
}
