namespace Compliance.Package.Tests.Browser;

/// <summary>
/// A test that drives a real Chromium. Skipped, with the reason, on a machine without one; with
/// <c>CI=true</c> it always runs, so a CI image that lost its browser fails instead of passing by skipping.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (ChromiumBrowser.FindExecutable() is null && !string.Equals(System.Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = $"Chromium is not installed ({ChromiumBrowser.DefaultExecutable} or CHROMIUM_PATH); install it with 'apt-get install -y chromium'. With CI=true this test runs and fails instead.";
        }
    }
}
