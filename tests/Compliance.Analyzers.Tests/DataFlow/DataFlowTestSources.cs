namespace Compliance.Analyzers.Tests.DataFlow;

/// <summary>Declarations shared by the data-flow tests: classified models and the usual framework usings.</summary>
internal static class DataFlowTestSources
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Linq;
        using System.Text;
        using System.Threading.Tasks;
        using Compliance.Runtime;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        """;

    public const string Models = """
        public class Patient
        {
            public int Id { get; set; }
            [Phi] public string Ssn { get; set; } = "";
            [Phi] public string Name { get; set; } = "";
            public string Ward { get; set; } = "";
        }

        public class Account
        {
            public Guid AccountId { get; set; }
            [Pii] public string Email { get; set; } = "";
        }

        public record PatientRecord(int Id, [Phi] string Diagnosis);
        """;

    /// <summary>
    /// <c>Compliance.Runtime.Redact</c> with the runtime's public signature, declared in the test source
    /// only while the runtime assembly does not ship it yet.
    /// </summary>
    public static readonly string RedactStandIn = typeof(Compliance.Runtime.PhiAttribute).Assembly.GetType("Compliance.Runtime.Redact") is null
        ? """

            namespace Compliance.Runtime
            {
                public static class Redact
                {
                    public static string Value(object? value) => "[redacted]";
                    public static string Hash(string? value) => "[hash]";
                }
            }

            """
        : "";

    /// <summary>A class with an injected logger whose body is <paramref name="members"/>, plus the models.</summary>
    public static string InService(string members) => Usings + """
        public class Service
        {
            private readonly ILogger<Service> logger;

            public Service(ILogger<Service> logger) => this.logger = logger;

        """ + members + """

        }

        """ + Models + RedactStandIn;
}
