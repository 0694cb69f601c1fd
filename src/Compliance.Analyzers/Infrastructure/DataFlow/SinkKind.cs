namespace Compliance.Analyzers.Infrastructure.DataFlow;

/// <summary>The sink families; each is its own rule so teams can tune them separately.</summary>
public enum SinkKind
{
    /// <summary>Logs: ILogger, LoggerMessage, Console, Debug, Trace, Serilog, NLog (CMP2001, CMP2005).</summary>
    Log,

    /// <summary>Exception messages and <c>Exception.Data</c> (CMP2002).</summary>
    Exception,

    /// <summary>Activity tags, events, baggage and metric tags (CMP2003).</summary>
    Telemetry,

    /// <summary>Redirect URLs, headers, cookies, outgoing query strings, ProblemDetails (CMP2004).</summary>
    Web,
}
