using System.Security.Cryptography;
using System.Text;
using Compliance.Runtime.Auditing;
using Compliance.Runtime.Encryption;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OtpNet;

namespace Compliance.Runtime.Mfa;

/// <summary>The <see cref="ITotpService"/> over an <see cref="IMfaStore"/> and field encryption.</summary>
internal sealed class TotpService : ITotpService
{
    private const int SecretLength = 20;
    private const int RecoveryCodeLength = 10;
    private const string RecoveryAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private const int MaxAdvanceAttempts = 4;

    private readonly IMfaStore _store;
    private readonly IFieldEncryptor _encryptor;
    private readonly IBlindIndexer _indexer;
    private readonly BlindIndexDefinition _recoveryCodeHash;
    private readonly TotpOptions _options;
    private readonly TimeProvider _time;
    private readonly IAuditLog _audit;
    private readonly IHttpContextAccessor? _httpContextAccessor;
    private readonly ITotpReplayGuard? _replayGuard;
    private readonly string _issuer;
    private readonly string? _tenant;

    public TotpService(IMfaStore store, IFieldEncryptor encryptor, IBlindIndexer indexer, IOptions<TotpOptions> options, IOptions<FieldEncryptionOptions> encryptionOptions, TimeProvider time, IAuditLog audit, IHostEnvironment? environment = null, IHttpContextAccessor? httpContextAccessor = null, ITotpReplayGuard? replayGuard = null)
    {
        _store = store;
        _replayGuard = replayGuard;
        _encryptor = encryptor;
        _indexer = indexer;
        _options = options.Value;
        _time = time;
        _audit = audit;
        _httpContextAccessor = httpContextAccessor;
        _tenant = encryptionOptions.Value.Tenant;

        // Recovery codes have 50 bits: an unkeyed hash of them can be brute-forced offline by
        // whoever reads the MFA table. They are hashed with HMAC-SHA256 under a key derived (HKDF)
        // from the key ring's blind-index root for this table and column, which never leaves the
        // process unwrapped.
        _recoveryCodeHash = new BlindIndexDefinition("compliance_mfa", "recovery_code", _tenant) { Length = 32, Normalization = BlindIndexNormalization.None };
        _issuer = _options.Issuer ?? environment?.ApplicationName ?? "Compliance.Runtime";
    }

    public async Task<TotpEnrollment> BeginEnrollmentAsync(string userId, string accountName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(accountName);
        var existing = await _store.FindAsync(userId, cancellationToken).ConfigureAwait(false);
        if (existing is { Confirmed: true })
        {
            throw new InvalidOperationException("The user already has a confirmed second factor; remove it before enrolling a new one.");
        }

        var secret = RandomNumberGenerator.GetBytes(SecretLength);
        try
        {
            var record = new MfaRecord(userId, _encryptor.Encrypt(secret, SecretContext(userId)), Confirmed: false, LastUsedStep: long.MinValue, RecoveryCodeHashes: [], _time.GetUtcNow());
            await _store.SaveAsync(record, cancellationToken).ConfigureAwait(false);
            // 20 bytes are 32 base32 characters: no padding, as authenticator apps expect.
            var encoded = Base32Encoding.ToString(secret);
            return new TotpEnrollment(encoded, BuildUri(encoded, accountName));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    public async Task<IReadOnlyList<string>?> ConfirmEnrollmentAsync(string userId, string code, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var record = await _store.FindAsync(userId, cancellationToken).ConfigureAwait(false);
        if (record is null || record.Confirmed)
        {
            return null;
        }

        var result = await VerifyRecordAsync(record, code, cancellationToken).ConfigureAwait(false);
        if (result.Result != TotpVerificationResult.Success)
        {
            await AuditAsync(AuditActions.MfaFailed, AuditResult.Failed, userId, Reason(result.Result), cancellationToken).ConfigureAwait(false);
            return null;
        }

        var codes = NewRecoveryCodes();
        await _store.SaveAsync(record with { Confirmed = true, LastUsedStep = result.Step, RecoveryCodeHashes = [.. codes.Select(c => HashRecoveryCode(userId, c))] }, cancellationToken).ConfigureAwait(false);
        await AuditAsync(AuditActions.MfaEnrolled, AuditResult.Success, userId, null, cancellationToken).ConfigureAwait(false);
        return codes;
    }

    public async Task<TotpVerificationResult> VerifyAsync(string userId, string code, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var record = await _store.FindAsync(userId, cancellationToken).ConfigureAwait(false);
        var result = record is { Confirmed: true }
            ? (await VerifyRecordAsync(record, code, cancellationToken).ConfigureAwait(false)).Result
            : TotpVerificationResult.NotEnrolled;
        await AuditAsync(
            result == TotpVerificationResult.Success ? AuditActions.MfaSucceeded : AuditActions.MfaFailed,
            result == TotpVerificationResult.Success ? AuditResult.Success : AuditResult.Failed,
            userId,
            Reason(result),
            cancellationToken).ConfigureAwait(false);
        return result;
    }

    public async Task<bool> RedeemRecoveryCodeAsync(string userId, string recoveryCode, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        // Hashes stored before the keyed hash (v1) are still accepted, each once, until the user's
        // codes are regenerated.
        var redeemed = !string.IsNullOrWhiteSpace(recoveryCode)
            && (await _store.TryConsumeRecoveryCodeAsync(userId, HashRecoveryCode(userId, recoveryCode), cancellationToken).ConfigureAwait(false)
                || await _store.TryConsumeRecoveryCodeAsync(userId, LegacyRecoveryCodeHash(userId, recoveryCode), cancellationToken).ConfigureAwait(false));
        await AuditAsync(
            redeemed ? AuditActions.MfaSucceeded : AuditActions.MfaFailed,
            redeemed ? AuditResult.Success : AuditResult.Failed,
            userId,
            redeemed ? "recovery_code" : "invalid_recovery_code",
            cancellationToken).ConfigureAwait(false);
        return redeemed;
    }

    public async Task<IReadOnlyList<string>> RegenerateRecoveryCodesAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var record = await _store.FindAsync(userId, cancellationToken).ConfigureAwait(false);
        if (record is not { Confirmed: true })
        {
            throw new InvalidOperationException("The user has no confirmed second factor.");
        }

        var codes = NewRecoveryCodes();
        await _store.SaveAsync(record with { RecoveryCodeHashes = [.. codes.Select(c => HashRecoveryCode(userId, c))] }, cancellationToken).ConfigureAwait(false);
        return codes;
    }

    public async Task<bool> IsEnrolledAsync(string userId, CancellationToken cancellationToken = default) =>
        await _store.FindAsync(userId, cancellationToken).ConfigureAwait(false) is { Confirmed: true };

    public async Task RemoveAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        await _store.DeleteAsync(userId, cancellationToken).ConfigureAwait(false);
        await AuditAsync(AuditActions.MfaRemoved, AuditResult.Success, userId, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(TotpVerificationResult Result, long Step)> VerifyRecordAsync(MfaRecord record, string code, CancellationToken cancellationToken)
    {
        if (code is null || code.Length != _options.Digits || !code.All(char.IsAsciiDigit))
        {
            return (TotpVerificationResult.Invalid, 0);
        }

        var step = MatchingStep(record, code);
        if (step is null)
        {
            return (TotpVerificationResult.Invalid, 0);
        }

        // RFC 6238 §5.2: a step is accepted at most once. Compare-and-set, so two concurrent
        // requests with the same code cannot both succeed. A shared replay guard claims the step
        // first, for instances whose stores do not see each other's writes at once.
        if (step.Value <= record.LastUsedStep)
        {
            return (TotpVerificationResult.Replayed, step.Value);
        }

        if (_replayGuard is not null && !await _replayGuard.TryClaimAsync(record.UserId, step.Value, cancellationToken).ConfigureAwait(false))
        {
            return (TotpVerificationResult.Replayed, step.Value);
        }

        for (var attempt = 0; attempt < MaxAdvanceAttempts; attempt++)
        {
            if (step.Value <= record.LastUsedStep)
            {
                return (TotpVerificationResult.Replayed, step.Value);
            }

            if (await _store.TryAdvanceLastUsedStepAsync(record.UserId, record.LastUsedStep, step.Value, cancellationToken).ConfigureAwait(false))
            {
                return (TotpVerificationResult.Success, step.Value);
            }

            record = await _store.FindAsync(record.UserId, cancellationToken).ConfigureAwait(false) ?? record;
        }

        return (TotpVerificationResult.Replayed, step.Value);
    }

    private long? MatchingStep(MfaRecord record, string code)
    {
        var secret = _encryptor.Decrypt(record.EncryptedSecret, SecretContext(record.UserId), out _);
        try
        {
            // RFC 6238 with the current step and the allowed drift either side; the matched step
            // is what the replay check and the replay guard record.
            var totp = TotpCodes.Create(new TotpSecretKey(secret), _options);
            return totp.VerifyTotp(_time.GetUtcNow().UtcDateTime, code, out var step, TotpCodes.Window(_options)) ? step : null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    public async Task<MfaReencryptionReport> ReencryptSecretsAsync(bool allowRevokedKeys = false, CancellationToken cancellationToken = default)
    {
        using var scope = ReencryptionScope.Begin(allowRevokedKeys);
        int read = 0, rewritten = 0;
        await foreach (var record in _store.GetAllAsync(cancellationToken).ConfigureAwait(false))
        {
            read++;
            var moved = _encryptor.Reencrypt(record.EncryptedSecret, SecretContext(record.UserId), allowRevokedKeys);
            if (moved is not null && await _store.TryReplaceSecretAsync(record.UserId, record.EncryptedSecret, moved, cancellationToken).ConfigureAwait(false))
            {
                rewritten++;
            }
        }

        return new MfaReencryptionReport(read, rewritten, scope.RevokedKeyReads);
    }

    private EncryptionContext SecretContext(string userId) => MfaRecord.SecretContext(userId, _tenant);

    private Uri BuildUri(string secret, string accountName)
    {
        var label = Uri.EscapeDataString(_issuer) + ":" + Uri.EscapeDataString(accountName);
        var algorithm = _options.Algorithm switch { TotpAlgorithm.Sha256 => "SHA256", TotpAlgorithm.Sha512 => "SHA512", _ => "SHA1" };
        var period = (int)_options.Period.TotalSeconds;
        return new Uri($"otpauth://totp/{label}?secret={secret}&issuer={Uri.EscapeDataString(_issuer)}&algorithm={algorithm}&digits={_options.Digits}&period={period}");
    }

    private List<string> NewRecoveryCodes()
    {
        var codes = new List<string>(_options.RecoveryCodeCount);
        for (var i = 0; i < _options.RecoveryCodeCount; i++)
        {
            var code = RandomNumberGenerator.GetString(RecoveryAlphabet, RecoveryCodeLength);
            codes.Add(code[..5] + "-" + code[5..]);
        }

        return codes;
    }

    private string HashRecoveryCode(string userId, string code) =>
        "v2:" + Convert.ToHexStringLower(_indexer.Compute(userId + "\n" + NormalizeRecoveryCode(code), _recoveryCodeHash));

    /// <summary>The unkeyed hash of earlier versions, only to redeem codes stored with it.</summary>
    private static string LegacyRecoveryCodeHash(string userId, string code) =>
        "v1:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("cr-recovery-code\n" + userId + "\n" + NormalizeRecoveryCode(code))));

    private static string NormalizeRecoveryCode(string code) =>
        code.Replace("-", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    private static string? Reason(TotpVerificationResult result) => result switch
    {
        TotpVerificationResult.Invalid => "invalid_code",
        TotpVerificationResult.Replayed => "replayed_code",
        TotpVerificationResult.NotEnrolled => "not_enrolled",
        _ => null,
    };

    private async Task AuditAsync(string action, AuditResult result, string userId, string? reason, CancellationToken cancellationToken)
    {
        var httpContext = _httpContextAccessor?.HttpContext;
        var actor = httpContext is not null && AuditActor.FromPrincipal(httpContext.User) is { Id: not null } fromUser && fromUser.Id == userId
            ? fromUser
            : new AuditActor("user", userId);
        await _audit.WriteAsync(new AuditEvent
        {
            Action = action,
            Actor = actor,
            Outcome = new AuditOutcome(result, null, reason),
            Request = httpContext is null ? null : AuditRequest.FromHttpContext(httpContext),
        }, cancellationToken).ConfigureAwait(false);
    }
}
