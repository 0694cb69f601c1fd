using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Compliance.Runtime.Encryption;

/// <summary>
/// Loads the key ring when the host starts (so a missing KEK or key store fails the start, not the
/// first request) and reloads it every <see cref="FieldEncryptionOptions.ReloadInterval"/>, so
/// rotations and revocations made by another node take effect here.
/// </summary>
internal sealed partial class KeyRingRefresher(KeyRing ring, IOptions<FieldEncryptionOptions> options, TimeProvider time, ILogger<KeyRingRefresher> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await ring.LoadAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReloadInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await ring.LoadAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // Keep serving with the last good ring; the failure is logged and retried next tick.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    LogReloadFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(1, LogLevel.Error, "Reloading the field-encryption key ring failed; the previous ring stays in use.")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);
}
