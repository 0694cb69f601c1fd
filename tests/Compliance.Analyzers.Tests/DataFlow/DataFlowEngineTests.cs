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

    [Fact]
    public Task PiiMember_IsReported()
        => Verify("""
                public void M(Account a) => logger.LogInformation("Email {Email}", {|#0:a.Email|});
            """,
            VerifyCS.Diagnostic("CMP2001").WithLocation(0).WithArguments("Account.Email ([Pii])", "ILogger.LogInformation", ""));

    [Fact]
    public Task RecordPositionalParameter_IsReported()
        => Verify("""
                public void M(PatientRecord r) => logger.LogInformation("Dx {Dx}", {|CMP2001:r.Diagnosis|});
            """);

    [Fact]
    public Task ClassifiedParameter_IsReported()
        => Verify("""
                public void M([Phi] string mrn) => logger.LogInformation("MRN {Mrn}", {|#0:mrn|});
            """,
            VerifyCS.Diagnostic("CMP2001").WithLocation(0).WithArguments("parameter 'mrn' ([Phi])", "ILogger.LogInformation", ""));

    [Fact]
    public Task ClassifiedReturnValue_IsReported()
        => Verify("""
                [return: Phi]
                private static string LookupMrn(int id) => "";

                public void M(int id) => logger.LogInformation("MRN {Mrn}", {|#0:LookupMrn(id)|});
            """,
            VerifyCS.Diagnostic("CMP2001").WithLocation(0).WithArguments("Service.LookupMrn() ([Phi])", "ILogger.LogInformation", ""));

    [Fact]
    public Task StringFormat_Propagates()
        => Verify("""
                public void M(Patient p) => logger.LogInformation({|CMP2001:string.Format("SSN {0}", p.Ssn)|});
            """);

    [Fact]
    public Task StringConcat_Propagates()
        => Verify("""
                public void M(Patient p) => logger.LogInformation({|CMP2001:string.Concat("SSN ", p.Ssn)|});
            """);

    [Fact]
    public Task StringJoin_Propagates()
        => Verify("""
                public void M(Patient p) => logger.LogInformation({|CMP2001:string.Join(", ", p.Name, p.Ssn)|});
            """);

    [Fact]
    public Task StringTransforms_Propagate()
        => Verify("""
                public void M(Patient p)
                {
                    var value = p.Ssn.Trim().ToUpperInvariant().Substring(0, 3).Replace("-", "");
                    logger.LogInformation("Value {Value}", {|CMP2001:value|});
                }
            """);

    [Fact]
    public Task ToString_Propagates()
        => Verify("""
                public void M(Patient p)
                {
                    object boxed = p.Ssn;
                    logger.LogInformation("Value {Value}", {|CMP2001:boxed.ToString()|});
                }
            """);

    [Fact]
    public Task StringBuilder_Propagates()
        => Verify("""
                public void M(Patient p)
                {
                    var builder = new StringBuilder();
                    builder.Append("Patient ").Append(p.Id);
                    builder.AppendLine(p.Name);
                    logger.LogInformation({|CMP2001:builder.ToString()|});
                }
            """);

    [Fact]
    public Task CleanStringBuilder_IsNotReported()
        => Verify("""
                public void M(Patient p)
                {
                    var builder = new StringBuilder();
                    builder.Append("Patient ").Append(p.Id);
                    logger.LogInformation(builder.ToString());
                }
            """);

    [Fact]
    public Task Tuple_Propagates()
        => Verify("""
                public void M(Patient p)
                {
                    var pair = (p.Id, p.Ssn);
                    logger.LogInformation("Value {Value}", {|CMP2001:pair.Ssn|});
                }
            """);

    [Fact]
    public Task Deconstruction_TracksElements()
        => Verify("""
                public void M(Patient p)
                {
                    var (id, ssn) = (p.Id, p.Ssn);
                    logger.LogInformation("Id {Id}", id);
                    logger.LogInformation("Ssn {Ssn}", {|CMP2001:ssn|});
                }
            """);

    [Fact]
    public Task AnonymousType_Propagates()
        => Verify("""
                public void M(Patient p)
                {
                    var shape = new { p.Id, p.Name };
                    logger.LogInformation("Patient {@Patient}", {|CMP2001:shape|});
                }
            """);

    [Fact]
    public Task CollectionInitializer_Propagates()
        => Verify("""
                public void M(Patient p)
                {
                    var values = new List<string> { p.Ward, p.Ssn };
                    logger.LogInformation("Values {Values}", {|CMP2001:values|});
                }
            """);

    [Fact]
    public Task CollectionAdd_Propagates()
        => Verify("""
                public void M(Patient p)
                {
                    var values = new List<string>();
                    values.Add(p.Ssn);
                    logger.LogInformation("Values {Values}", {|CMP2001:string.Join(",", values)|});
                }
            """);

    [Fact]
    public Task DictionaryIndexer_Propagates()
        => Verify("""
                public void M(Patient p)
                {
                    var values = new Dictionary<string, string>();
                    values["ssn"] = p.Ssn;
                    logger.LogInformation("Values {Values}", {|CMP2001:values|});
                }
            """);

    [Fact]
    public Task Array_Propagates()
        => Verify("""
                public void M(Patient p)
                {
                    var values = new[] { p.Ward, p.Ssn };
                    logger.LogInformation("Value {Value}", {|CMP2001:values[1]|});
                }
            """);

    [Fact]
    public Task Await_Propagates()
        => Verify("""
                private static Task<string> Load(Patient p) => Task.FromResult(p.Ssn);

                public async Task M(Patient p)
                {
                    var ssn = await Load(p);
                    logger.LogInformation("Value {Value}", {|CMP2001:ssn|});
                }
            """);

    [Fact]
    public Task ConditionalExpression_Propagates()
        => Verify("""
                public void M(Patient p, bool full)
                {
                    var value = full ? p.Ssn : p.Ward;
                    logger.LogInformation("Value {Value}", {|CMP2001:value|});
                }
            """);

    [Fact]
    public Task NullCoalescing_Propagates()
        => Verify("""
                public void M(Patient? p)
                {
                    var value = p?.Ssn ?? "none";
                    logger.LogInformation("Value {Value}", {|CMP2001:value|});
                }
            """);

    [Fact]
    public Task SwitchExpression_Propagates()
        => Verify("""
                public void M(Patient p, int mode)
                {
                    var value = mode switch { 0 => p.Ward, 1 => p.Name, _ => "" };
                    logger.LogInformation("Value {Value}", {|CMP2001:value|});
                }
            """);

    [Fact]
    public Task Lambda_CapturingTaintedLocal_IsReported()
        => Verify("""
                public void M(Patient p)
                {
                    var ssn = p.Ssn;
                    Action log = () => logger.LogInformation("Value {Value}", {|CMP2001:ssn|});
                    log();
                }
            """);

    [Fact]
    public Task LocalFunction_IsFollowed()
        => Verify("""
                public void M(Patient p)
                {
                    Write(p.Ssn);
                    Write(p.Ward);

                    void Write(string value) => logger.LogInformation("Value {Value}", {|CMP2001:value|});
                }
            """);

    [Fact]
    public Task LocalFunction_WithCleanArguments_IsNotReported()
        => Verify("""
                public void M(Patient p)
                {
                    Write(p.Ward);

                    void Write(string value) => logger.LogInformation("Value {Value}", value);
                }
            """);

    [Fact]
    public Task FieldOfThis_Propagates()
        => Verify("""
                private string current = "";

                public void M(Patient p)
                {
                    current = p.Ssn;
                    logger.LogInformation("Value {Value}", {|CMP2001:current|});
                }
            """);

    [Fact]
    public Task MemberOfLocal_IsTrackedSeparately()
        => Verify("""
                private sealed class Summary { public string Text { get; set; } = ""; public int Count { get; set; } }

                public void M(Patient p)
                {
                    var summary = new Summary { Text = p.Ssn, Count = 1 };
                    logger.LogInformation("Count {Count}", summary.Count);
                    logger.LogInformation("Text {Text}", {|CMP2001:summary.Text|});
                }
            """);

    [Fact]
    public Task LinqSelect_OverClassifiedObjects_IsWholeObject()
        => Verify("""
                public void M(List<Patient> patients)
                {
                    var ids = patients.Select(p => p.Id).ToList();
                    logger.LogInformation("Ids {Ids}", {|CMP2005:patients|});
                }
            """);

    [Fact]
    public Task ForEach_OverClassifiedValues_Propagates()
        => Verify("""
                public void M(List<Patient> patients)
                {
                    foreach (var p in patients)
                    {
                        logger.LogInformation("Ssn {Ssn}", {|CMP2001:p.Ssn|});
                    }
                }
            """);

    [Fact]
    public Task Loop_AccumulatesTaint()
        => Verify("""
                public void M(List<Patient> patients)
                {
                    var text = "";
                    for (var i = 0; i < patients.Count; i++)
                    {
                        text += patients[i].Name;
                    }

                    logger.LogInformation({|CMP2001:text|});
                }
            """);

    [Fact]
    public Task TryCatch_TaintReachesCatch()
        => Verify("""
                public void M(Patient p)
                {
                    var value = "";
                    try
                    {
                        value = p.Ssn;
                        throw new InvalidOperationException("failed");
                    }
                    catch (InvalidOperationException)
                    {
                        logger.LogError("Failed for {Value}", {|CMP2001:value|});
                    }
                }
            """);

    [Fact]
    public Task RedactHash_IsClean()
        => Verify("""
                public void M(Patient p) => logger.LogInformation("SSN {Ssn}", Redact.Hash(p.Ssn));
            """);

    [Fact]
    public Task RedactsAttributeMethod_IsClean()
        => Verify("""
                [Redacts]
                private static string Mask(string value) => "***" + value.Substring(value.Length - 2);

                public void M(Patient p) => logger.LogInformation("SSN {Ssn}", Mask(p.Ssn));
            """);

    [Fact]
    public Task SanitizedLocal_IsClean()
        => Verify("""
                public void M(Patient p)
                {
                    var value = Redact.Value(p.Ssn);
                    logger.LogInformation($"SSN {value}");
                }
            """);

    [Fact]
    public Task MicrosoftRedactor_IsClean()
        => Verify("""
                public void M(Patient p, Microsoft.Extensions.Compliance.Redaction.Redactor redactor)
                    => logger.LogInformation("SSN {Ssn}", redactor.Redact(p.Ssn));
            }

            namespace Microsoft.Extensions.Compliance.Redaction
            {
                public abstract class Redactor
                {
                    public string Redact(string? value) => "";
                }
            """);

    [Fact]
    public Task HelperReturningClassifiedData_IsFollowed()
        => Verify("""
                private static string Describe(Patient p) => "Patient " + p.Name;

                public void M(Patient p) => logger.LogInformation({|CMP2001:Describe(p)|});
            """);

    [Fact]
    public Task HelperPassingParameterThrough_IsFollowed()
        => Verify("""
                private static string Normalize(string value) => value.Trim();

                public void M(Patient p) => logger.LogInformation("Value {Value}", {|CMP2001:Normalize(p.Ssn)|});
            """);

    [Fact]
    public Task HelperReturningCleanValue_IsNotReported()
        => Verify("""
                private static string Initials(string value) => "XX";

                public void M(Patient p) => logger.LogInformation("Value {Value}", Initials(p.Ssn));
            """);

    [Fact]
    public Task LengthOfClassifiedValue_IsNotReported()
        => Verify("""
                public void M(Patient p) => logger.LogInformation("Length {Length} {Empty}", p.Ssn.Length, string.IsNullOrEmpty(p.Ssn));
            """);

    [Fact]
    public Task ComparisonWithClassifiedValue_IsNotReported()
        => Verify("""
                public void M(Patient p, string other) => logger.LogInformation("Match {Match}", p.Ssn == other);
            """);

    [Fact]
    public Task PhiLikeNamesWithoutAttribute_AreNotReported()
        => Verify("""
                public sealed class Unclassified { public string Ssn { get; set; } = ""; public string DateOfBirth { get; set; } = ""; }

                public void M(Unclassified u) => logger.LogInformation("{Ssn} {Dob}", u.Ssn, u.DateOfBirth);
            """);

    [Fact]
    public Task GeneratedCode_IsNotReported()
        => VerifyCS.VerifyAnalyzerAsync("// <auto-generated/>\n" + InService("""
                public void M(Patient p) => logger.LogInformation("SSN {Ssn}", p.Ssn);
            """));

    [Fact]
    public Task LoggingWrapperTwoCallsDeep_IsReportedAtTheCallSite_WithThePath()
        => Verify("""
                public void Admit(Patient p) => Audit.Record({|#0:p.Ssn|});
            }

            public static class Audit
            {
                private static readonly ILoggerFactory Factory = LoggerFactory.Create(_ => { });

                public static void Record(string detail) => Write("admit", {|#1:detail|});

                private static void Write(string action, string detail)
                    => Factory.CreateLogger("audit").LogInformation("{Action}: {Detail}", action, {|#2:detail|});
            """,
            VerifyCS.Diagnostic("CMP2001").WithLocation(0).WithLocation(1).WithLocation(2)
                .WithArguments("Patient.Ssn ([Phi])", "ILogger.LogInformation", " through Audit.Record → Audit.Write"));

    [Fact]
    public Task WrapperBeyondTheDepthLimit_IsNotFollowed()
        => new VerifyCS.Test
        {
            TestCode = InService("""
                    public void Admit(Patient p) => Audit.Record(p.Ssn);
                }

                public static class Audit
                {
                    private static readonly ILoggerFactory Factory = LoggerFactory.Create(_ => { });

                    public static void Record(string detail) => Write(detail);

                    private static void Write(string detail) => Factory.CreateLogger("audit").LogInformation("{Detail}", detail);
                """),
            GlobalConfig = "compliance.dataflow.max_call_depth = 1",
        }.RunAsync();

    [Fact]
    public Task RecursiveHelpers_Terminate()
        => Verify("""
                private string Loop(string value, int n) => n == 0 ? value : Loop(value + ".", n - 1);

                public void M(Patient p) => logger.LogInformation("{V}", {|CMP2001:Loop(p.Ssn, 3)|});
            """);

    [Fact]
    public Task ConfiguredClassificationAttribute_IsASource()
        => new VerifyCS.Test
        {
            TestCode = InService("""
                    public void M(Insurance i) => logger.LogInformation("{Member}", {|CMP2001:i.MemberNumber|});
                }

                public sealed class SensitiveAttribute : Attribute { }

                public class Insurance
                {
                    [Sensitive] public string MemberNumber { get; set; } = "";
                """),
            GlobalConfig = "compliance.dataflow.classification_attributes = SensitiveAttribute",
        }.RunAsync();

    [Fact]
    public Task DataClassificationAttributeSubclass_IsASource()
        => Verify("""
                public void M(Insurance i) => logger.LogInformation("{Member}", {|CMP2001:i.MemberNumber|});
            }

            public sealed class PrivateDataAttribute : Microsoft.Extensions.Compliance.Classification.DataClassificationAttribute { }

            public class Insurance
            {
                [PrivateData] public string MemberNumber { get; set; } = "";
            }

            namespace Microsoft.Extensions.Compliance.Classification
            {
                public abstract class DataClassificationAttribute : Attribute { }
            """);

    // Without Compliance.Runtime the engine only runs when something else can classify data.
    private const string InsuranceWithoutRuntime = """
        using System;
        using Microsoft.Extensions.Logging;

        public sealed class SensitiveAttribute : Attribute { }

        public class Insurance
        {
            [Sensitive] public string MemberNumber { get; set; } = "";
        }

        public class Billing(ILogger<Billing> logger)
        {
            public void M(Insurance i) => logger.LogInformation("{Member}", MEMBER);
        }
        """;

    [Fact]
    public Task ConfiguredAttribute_WithoutTheRuntime_IsASource()
        => new VerifyCS.Test
        {
            TestCode = InsuranceWithoutRuntime.Replace("MEMBER", "{|CMP2001:i.MemberNumber|}"),
            ReferenceSet = ReferenceSet.AspNetCore,
            GlobalConfig = "compliance.dataflow.classification_attributes = Sensitive",
        }.RunAsync();

    [Fact]
    public Task DataClassificationAttributeInSource_WithoutTheRuntime_IsASource()
        => new VerifyCS.Test
        {
            TestCode = InsuranceWithoutRuntime.Replace("MEMBER", "{|CMP2001:i.MemberNumber|}").Replace(
                "public sealed class SensitiveAttribute : Attribute { }",
                """
                public sealed class SensitiveAttribute : Microsoft.Extensions.Compliance.Classification.DataClassificationAttribute { }

                namespace Microsoft.Extensions.Compliance.Classification
                {
                    public abstract class DataClassificationAttribute : Attribute { }
                }
                """),
            ReferenceSet = ReferenceSet.AspNetCore,
        }.RunAsync();

    [Fact]
    public Task NothingCanClassify_WithoutTheRuntimeOrConfiguration()
        => new VerifyCS.Test
        {
            TestCode = InsuranceWithoutRuntime.Replace("MEMBER", "i.MemberNumber"),
            ReferenceSet = ReferenceSet.AspNetCore,
        }.RunAsync();

    [Fact]
    public Task BrokenCode_DoesNotCrash()
        => new VerifyCS.Test
        {
            TestCode = InService("""
                    public void M(Patient p)
                    {
                        var x = p.Ssn
                        logger.LogInformation("{X}", x
                    }
                """),
            CompilerDiagnostics = CompilerDiagnostics.None,
            ExpectedDiagnostics = { VerifyCS.Diagnostic("CMP2001").WithSpan(18, 38, 18, 39).WithArguments("Patient.Ssn ([Phi])", "ILogger.LogInformation", "") },
        }.RunAsync();

    [Fact]
    public Task LinqProjection_OfIdentifiers_IsNotReported()
        => Verify("""
                public void M(List<Patient> patients)
                    => logger.LogInformation("Ids {Ids}", string.Join(",", patients.Select(p => p.Id)));
            """);

    [Fact]
    public Task LinqProjection_OfClassifiedMembers_IsReported()
        => Verify("""
                public void M(List<Patient> patients)
                    => logger.LogInformation("Names {Names}", {|CMP2001:string.Join(",", patients.Where(p => p.Id > 0).Select(p => p.Name))|});
            """);

    [Fact]
    public Task CountOfClassifiedObjects_IsNotReported()
        => Verify("""
                public void M(List<Patient> patients, Patient p)
                {
                    logger.LogInformation("{Count} patients, {Any}", patients.Count, patients.Count());
                    logger.LogInformation($"{patients.Where(x => x.Id > 3).Count()} matches, name length {p.Name.Length}");
                }
            """);

    [Fact]
    public Task CallerNamingNoClassifiedMember_StillSeesAHelperReturningOne()
        => Verify("""
                public void M(int id) => logger.LogInformation("Patient {Text}", {|CMP2001:Clinic.Describe(id)|});
            }

            public static class Clinic
            {
                private static readonly Dictionary<int, Patient> Patients = new();

                public static string Describe(int id) => Summarize(Patients[id]);

                private static string Summarize(Patient p) => p.Name + " in " + p.Ward;
            """);
}
