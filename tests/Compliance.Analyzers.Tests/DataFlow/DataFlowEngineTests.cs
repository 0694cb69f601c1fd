using Compliance.Analyzers.DataFlow;
using Compliance.Analyzers.Tests.Verifiers;
using static Compliance.Analyzers.Tests.DataFlow.DataFlowTestSources;
using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Compliance.Analyzers.DataFlow.ClassifiedDataFlowAnalyzer>;

namespace Compliance.Analyzers.Tests.DataFlow;

/// <summary>Propagation kinds of the data-flow engine, seen through the log rule (CMP2001).</summary>
public sealed class DataFlowEngineTests
{
    private static Task Verify(string members, params DiagnosticResult[] expected)
        => VerifyCS.VerifyAnalyzerAsync(InService(members), expected);

    [Fact]
    public Task DirectRead_IsReported_WithSourceAndSink()
        => Verify("""
                public void M(Patient p) => logger.LogInformation("SSN {Ssn}", {|#0:p.Ssn|});
            """,
            VerifyCS.Diagnostic("CMP2001").WithLocation(0).WithArguments("Patient.Ssn ([Phi])", "ILogger.LogInformation", ""));

    [Fact]
    public Task UnclassifiedMember_IsNotReported()
        => Verify("""
                public void M(Patient p) => logger.LogInformation("Ward {Ward} {Id}", p.Ward, p.Id);
            """);

    [Fact]
    public Task Local_Propagates()
        => Verify("""
                public void M(Patient p)
                {
                    var ssn = p.Ssn;
                    logger.LogWarning("SSN {Ssn}", {|CMP2001:ssn|});
                }
            """);

    [Fact]
    public Task ReassignedLocal_IsClean()
        => Verify("""
                public void M(Patient p)
                {
                    var value = p.Ssn;
                    value = "redacted";
                    logger.LogWarning("Value {Value}", value);
                }
            """);

    [Fact]
    public Task ConditionalReassignment_KeepsTaintOnOnePath()
        => Verify("""
                public void M(Patient p, bool hide)
                {
                    var value = p.Ssn;
                    if (hide)
                    {
                        value = "hidden";
                    }

                    logger.LogWarning("Value {Value}", {|CMP2001:value|});
                }
            """);

    [Fact]
    public Task Interpolation_IsReportedAtTheHole()
        => Verify("""
                public void M(Patient p) => logger.LogInformation($"Patient {p.Id} has SSN {{|CMP2001:p.Ssn|}}");
            """);

    [Fact]
    public Task Concatenation_Propagates()
        => Verify("""
                public void M(Patient p)
                {
                    var message = "SSN: " + p.Ssn;
                    logger.LogInformation({|CMP2001:message|});
                }
            """);

    [Fact]
    public Task WholeObject_IsCmp2005()
        => Verify("""
                public void M(Patient p) => logger.LogInformation("Patient {Patient}", {|CMP2005:p|});
            """);

    [Fact]
    public Task Redacted_IsClean()
        => Verify("""
                public void M(Patient p) => logger.LogInformation("SSN {Ssn}", Redact.Value(p.Ssn));
            """);
}
