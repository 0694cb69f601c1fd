using Microsoft.Extensions.Options;

namespace Compliance.Runtime.Auditing;

/// <summary>Rejects audit settings that would weaken the trail; runs at startup (ValidateOnStart).</summary>
internal sealed class AuditOptionsValidation : IValidateOptions<AuditOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditOptions options)
    {
        var failures = new List<string>();
        if (options.Retention < AuditOptions.MinimumRetention)
        {
            failures.Add($"Compliance:Auditing:Retention must be at least {AuditOptions.MinimumRetention.TotalDays:0} days (six years, HIPAA 164.316(b)(2)).");
        }

        if (!string.IsNullOrWhiteSpace(options.SealPrivateKeyFile))
        {
            if (!string.IsNullOrWhiteSpace(options.SealKey) || !string.IsNullOrWhiteSpace(options.SealKeyFile))
            {
                failures.Add("Compliance:Auditing:SealPrivateKeyFile replaces SealKey and SealKeyFile; set only one kind of seal key.");
            }
        }
        else if (string.IsNullOrWhiteSpace(options.SealKey) && string.IsNullOrWhiteSpace(options.SealKeyFile))
        {
            failures.Add("Compliance:Auditing needs a seal key: set SealKey (base64, at least 32 bytes, from a secret store), SealKeyFile, or SealPrivateKeyFile (ECDSA P-256) for asymmetric seals.");
        }
        else if (!string.IsNullOrWhiteSpace(options.SealKey) && !SealKeys.TryDecode(options.SealKey, out _))
        {
            failures.Add("Compliance:Auditing:SealKey must be base64 and decode to at least 32 bytes.");
        }

        if (string.IsNullOrWhiteSpace(options.SealKeyId) || options.SealKeyId.Length > 64)
        {
            failures.Add("Compliance:Auditing:SealKeyId must be 1 to 64 characters.");
        }

        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            failures.Add("Compliance:Auditing:Directory must name a directory.");
        }

        if (options.MaxFileSize < 64 * 1024)
        {
            failures.Add("Compliance:Auditing:MaxFileSize must be at least 65536 bytes.");
        }

        if (options.QueueCapacity < 1 || options.MaxBatchSize < 1 || options.CheckpointEveryRecords < 1 || options.CheckpointInterval <= TimeSpan.Zero)
        {
            failures.Add("Compliance:Auditing:QueueCapacity, MaxBatchSize, CheckpointEveryRecords and CheckpointInterval must be positive.");
        }

        if (options.AcknowledgementTimeout <= TimeSpan.Zero || options.AcknowledgementTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add("Compliance:Auditing:AcknowledgementTimeout must be positive and at most 5 minutes.");
        }

        if (options.RecoveryProbeAppends < 1 || options.MaxHeldResponseBytes < 0)
        {
            failures.Add("Compliance:Auditing:RecoveryProbeAppends must be at least 1 and MaxHeldResponseBytes must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
