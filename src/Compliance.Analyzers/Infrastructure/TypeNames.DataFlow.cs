namespace Compliance.Analyzers.Infrastructure;

public static partial class TypeNames
{
    // Classification (Compliance.Runtime and Microsoft.Extensions.Compliance, matched by name).
    public const string PhiAttribute = "Compliance.Runtime.PhiAttribute";
    public const string PiiAttribute = "Compliance.Runtime.PiiAttribute";
    public const string RedactsAttribute = "Compliance.Runtime.RedactsAttribute";
    public const string HipaaTaxonomy = "Compliance.Runtime.HipaaTaxonomy";
    public const string EncryptedAttribute = "Compliance.Runtime.EncryptedAttribute";
    public const string Redact = "Compliance.Runtime.Redact";
    public const string DataClassificationAttribute = "Microsoft.Extensions.Compliance.Classification.DataClassificationAttribute";
    public const string NoDataClassificationAttribute = "Microsoft.Extensions.Compliance.Classification.NoDataClassificationAttribute";
    public const string Redactor = "Microsoft.Extensions.Compliance.Redaction.Redactor";
    public const string IRedactorProvider = "Microsoft.Extensions.Compliance.Redaction.IRedactorProvider";
    public const string FieldEncryptorInterface = "Compliance.Runtime.Encryption.IFieldEncryptor";
    public const string BlindIndexerInterface = "Compliance.Runtime.Encryption.IBlindIndexer";

    // Logging sinks.
    public const string ILogger = "Microsoft.Extensions.Logging.ILogger";
    public const string LoggerExtensions = "Microsoft.Extensions.Logging.LoggerExtensions";
    public const string LoggerMessageAttribute = "Microsoft.Extensions.Logging.LoggerMessageAttribute";
    public const string LogLevel = "Microsoft.Extensions.Logging.LogLevel";
    public const string EventId = "Microsoft.Extensions.Logging.EventId";
    public const string Console = "System.Console";
    public const string Debug = "System.Diagnostics.Debug";
    public const string Trace = "System.Diagnostics.Trace";
    public const string SerilogILogger = "Serilog.ILogger";
    public const string SerilogLog = "Serilog.Log";
    public const string NLogILoggerBase = "NLog.ILoggerBase";
    public const string NLogLogger = "NLog.Logger";

    // Other sinks.
    public const string Exception = "System.Exception";
    public const string Activity = "System.Diagnostics.Activity";
    public const string ActivityEvent = "System.Diagnostics.ActivityEvent";
    public const string TagList = "System.Diagnostics.TagList";
    public const string Instrument = "System.Diagnostics.Metrics.Instrument";
    public const string HttpResponse = "Microsoft.AspNetCore.Http.HttpResponse";
    public const string IHeaderDictionary = "Microsoft.AspNetCore.Http.IHeaderDictionary";
    public const string ProblemDetails = "Microsoft.AspNetCore.Mvc.ProblemDetails";
    public const string ControllerBase = "Microsoft.AspNetCore.Mvc.ControllerBase";
    public const string PageModel = "Microsoft.AspNetCore.Mvc.RazorPages.PageModel";
    public const string Results = "Microsoft.AspNetCore.Http.Results";
    public const string TypedResults = "Microsoft.AspNetCore.Http.TypedResults";
    public const string HttpClient = "System.Net.Http.HttpClient";
    public const string HttpRequestMessage = "System.Net.Http.HttpRequestMessage";
    public const string HttpHeaders = "System.Net.Http.Headers.HttpHeaders";
    public const string Uri = "System.Uri";
    public const string UriBuilder = "System.UriBuilder";
    public const string QueryHelpers = "Microsoft.AspNetCore.WebUtilities.QueryHelpers";
    public const string QueryString = "Microsoft.AspNetCore.Http.QueryString";

    // Propagation.
    public const string StringBuilder = "System.Text.StringBuilder";
    public const string JsonSerializer = "System.Text.Json.JsonSerializer";
    public const string Enumerable = "System.Linq.Enumerable";
    public const string Task = "System.Threading.Tasks.Task";

    // EF Core.
    public const string DbContext = "Microsoft.EntityFrameworkCore.DbContext";
    public const string DbSet = "Microsoft.EntityFrameworkCore.DbSet`1";
    public const string ModelBuilder = "Microsoft.EntityFrameworkCore.ModelBuilder";
    public const string EntityTypeConfiguration = "Microsoft.EntityFrameworkCore.IEntityTypeConfiguration`1";
}
