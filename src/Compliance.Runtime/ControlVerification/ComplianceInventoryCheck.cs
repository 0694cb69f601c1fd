using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Compliance.Runtime.ControlVerification;

/// <summary>At startup, compares the running endpoints with the build's compliance report, when the build wrote one.</summary>
internal static partial class ComplianceInventoryCheck
{
    public static IReadOnlyList<ComplianceInventoryDifference>? CompareWithBuildReport(IEnumerable<Endpoint> endpoints, IServiceProvider services, ILogger logger)
    {
        var path = Path.Combine(AppContext.BaseDirectory, ComplianceInventory.BuildReportFileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var project = services.GetService<IHostEnvironment>()?.ApplicationName ?? "application";
        var runtime = ComplianceInventory.Export(endpoints, services, project);
        var differences = ComplianceInventory.Compare(File.ReadAllText(path), runtime);
        if (differences.Count == 0)
        {
            LogAgrees(logger, path);
        }

        foreach (var difference in differences)
        {
            LogDifference(logger, difference.Message);
        }

        return differences;
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Compliance inventory: the running endpoints and their controls agree with the build report {Path}.")]
    private static partial void LogAgrees(ILogger logger, string path);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Compliance inventory differs from the build report: {Difference}")]
    private static partial void LogDifference(ILogger logger, string difference);
}
