using Compliance.Analyzers.CodeFixes.DataFlow;
using Compliance.Analyzers.Tests.Verifiers;
using static Compliance.Analyzers.Tests.DataFlow.DataFlowTestSources;
using ObjectFix = Compliance.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Compliance.Analyzers.DataFlow.ClassifiedDataFlowAnalyzer,
    Compliance.Analyzers.CodeFixes.DataFlow.ClassifiedObjectCodeFixProvider>;
using RedactFix = Compliance.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Compliance.Analyzers.DataFlow.ClassifiedDataFlowAnalyzer,
    Compliance.Analyzers.CodeFixes.DataFlow.RedactClassifiedDataCodeFixProvider>;

namespace Compliance.Analyzers.Tests.DataFlow;

public sealed class DataFlowCodeFixTests
{
    private const string Header = """
        using System;
        using System.Diagnostics;
        using Microsoft.Extensions.Logging;

        """;

    private static string Tail => """

        public class Patient
        {
            public int Id { get; set; }
            [Compliance.Runtime.Phi] public string Ssn { get; set; } = "";
            [Compliance.Runtime.Phi] public string Name { get; set; } = "";
        }

        """ + RedactStandIn;

    private const string HeaderWithRuntime = """
        using System;
        using System.Diagnostics;
        using Compliance.Runtime;
        using Microsoft.Extensions.Logging;

        """;

    [Fact]
    public Task Log_RedactValue_AddsTheUsing_FixAll()
        => new RedactFix.Test
        {
            TestCode = Header + """
                public class Service
                {
                    public void M(ILogger logger, Patient p)
                    {
                        logger.LogInformation("SSN {Ssn}", {|CMP2001:p.Ssn|});
                        logger.LogInformation($"Name {{|CMP2001:p.Name|}}");
                    }
                }
                """ + Tail,
            FixedCode = HeaderWithRuntime + """
                public class Service
                {
                    public void M(ILogger logger, Patient p)
                    {
                        logger.LogInformation("SSN {Ssn}", Redact.Value(p.Ssn));
                        logger.LogInformation($"Name {Redact.Value(p.Name)}");
                    }
                }
                """ + Tail,
            CodeActionEquivalenceKey = "CMP2001" + RedactClassifiedDataCodeFixProvider.RedactValueSuffix,
        }.RunAsync();

    [Fact]
    public Task Log_RedactHash_FixAll()
        => new RedactFix.Test
        {
            TestCode = HeaderWithRuntime + """
                public class Service
                {
                    public void M(ILogger logger, Patient p)
                    {
                        logger.LogInformation("SSN {Ssn}", {|CMP2001:p.Ssn|});
                        Console.WriteLine({|CMP2001:p.Name|});
                    }
                }
                """ + Tail,
            FixedCode = HeaderWithRuntime + """
                public class Service
                {
                    public void M(ILogger logger, Patient p)
                    {
                        logger.LogInformation("SSN {Ssn}", Redact.Hash(p.Ssn));
                        Console.WriteLine(Redact.Hash(p.Name));
                    }
                }
                """ + Tail,
            CodeActionEquivalenceKey = "CMP2001" + RedactClassifiedDataCodeFixProvider.RedactHashSuffix,
            CodeActionIndex = 1,
        }.RunAsync();

    /// <remarks>
    /// The conditional converts two exception types to their base (it has no natural type), and
    /// Roslyn's simplifier reduces no name inside such an expression: <c>Redact</c> stays qualified
    /// by its namespace, and no using is added for it.
    /// </remarks>
    [Fact]
    public Task Exception_RedactValue_FixAll()
        => new RedactFix.Test
        {
            TestCode = Header + """
                public class Service
                {
                    public Exception M(Patient p, bool missing)
                        => missing
                            ? new InvalidOperationException("No bed for " + {|CMP2002:p.Name|})
                            : new ArgumentException($"Bad SSN {{|CMP2002:p.Ssn|}}");
                }
                """ + Tail,
            FixedCode = Header + """
                public class Service
                {
                    public Exception M(Patient p, bool missing)
                        => missing
                            ? new InvalidOperationException("No bed for " + Compliance.Runtime.Redact.Value(p.Name))
                            : new ArgumentException($"Bad SSN {Compliance.Runtime.Redact.Value(p.Ssn)}");
                }
                """ + Tail,
            CodeActionEquivalenceKey = "CMP2002" + RedactClassifiedDataCodeFixProvider.RedactValueSuffix,
        }.RunAsync();

    [Fact]
    public Task Telemetry_RedactHash_FixAll()
        => new RedactFix.Test
        {
            TestCode = Header + """
                public class Service
                {
                    public void M(Activity activity, Patient p)
                    {
                        activity.SetTag("patient", {|CMP2003:p.Ssn|});
                        activity.SetBaggage("name", {|CMP2003:p.Name|});
                    }
                }
                """ + Tail,
            FixedCode = HeaderWithRuntime + """
                public class Service
                {
                    public void M(Activity activity, Patient p)
                    {
                        activity.SetTag("patient", Redact.Hash(p.Ssn));
                        activity.SetBaggage("name", Redact.Hash(p.Name));
                    }
                }
                """ + Tail,
            CodeActionEquivalenceKey = "CMP2003" + RedactClassifiedDataCodeFixProvider.RedactHashSuffix,
            CodeActionIndex = 1,
        }.RunAsync();

    [Fact]
    public void NonStringParameter_GetsNoRedactionFix()
    {
        // Redact.Value returns a string; a DateTime parameter of a LoggerMessage delegate cannot take it.
        var source = Header + """
            public class Service
            {
                private static readonly Action<ILogger, DateTime, Exception?> Born =
                    LoggerMessage.Define<DateTime>(LogLevel.Information, new EventId(1), "Born {Date}");

                public void M(ILogger logger, Person p) => Born(logger, p.BirthDate, null);
            }

            public class Person { [Compliance.Runtime.Phi] public DateTime BirthDate { get; set; } }
            """ + Tail;
        var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source);
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("T", new[] { tree }, TestReferences.For(ReferenceSet.AspNetCoreWithRuntime));
        var model = compilation.GetSemanticModel(tree);
        var value = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax>().Single(m => m.ToString() == "p.BirthDate");
        Assert.False(RedactionEditing.AcceptsString(model, value, default));
    }

    private const string PlatformHeader = """
        using System;
        using System.Diagnostics;
        using Microsoft.Extensions.Compliance.Redaction;
        using Microsoft.Extensions.Logging;

        """;

    private const string PlatformHeaderWithRuntime = """
        using System;
        using System.Diagnostics;
        using Compliance.Runtime;
        using Microsoft.Extensions.Compliance.Redaction;
        using Microsoft.Extensions.Logging;

        """;

    private const string Customer = """

        public class Customer { [Compliance.Runtime.Pii] public string Email { get; set; } = ""; }
        """;

    [Fact]
    public Task Log_PlatformRedactor_UsesTheProviderInScope_AndTheClassification_FixAll()
        => new RedactFix.Test
        {
            TestCode = PlatformHeader + """
                public class Service(IRedactorProvider redactors)
                {
                    public void M(ILogger logger, Patient p, Customer c)
                    {
                        logger.LogInformation("SSN {Ssn}", {|CMP2001:p.Ssn|});
                        logger.LogInformation($"Email {{|CMP2001:c.Email|}}");
                    }
                }
                """ + Tail + Customer,
            FixedCode = PlatformHeaderWithRuntime + """
                public class Service(IRedactorProvider redactors)
                {
                    public void M(ILogger logger, Patient p, Customer c)
                    {
                        logger.LogInformation("SSN {Ssn}", redactors.GetRedactor(HipaaTaxonomy.Phi).Redact(p.Ssn));
                        logger.LogInformation($"Email {redactors.GetRedactor(HipaaTaxonomy.Pii).Redact(c.Email)}");
                    }
                }
                """ + Tail + Customer,
            CodeActionEquivalenceKey = "CMP2001" + RedactClassifiedDataCodeFixProvider.RedactorProviderSuffix,
        }.RunAsync();

    [Fact]
    public Task Log_PlatformRedactor_PrefersTheInjectedField_InInstanceCode()
        => new RedactFix.Test
        {
            TestCode = PlatformHeaderWithRuntime + """
                public class Service
                {
                    private readonly IRedactorProvider _redactors;

                    public Service(IRedactorProvider redactors) => _redactors = redactors;

                    public void M(ILogger logger, Patient p) => logger.LogWarning("Lookup {Ssn}", {|CMP2001:p.Ssn|});
                }
                """ + Tail,
            FixedCode = PlatformHeaderWithRuntime + """
                public class Service
                {
                    private readonly IRedactorProvider _redactors;

                    public Service(IRedactorProvider redactors) => _redactors = redactors;

                    public void M(ILogger logger, Patient p) => logger.LogWarning("Lookup {Ssn}", _redactors.GetRedactor(HipaaTaxonomy.Phi).Redact(p.Ssn));
                }
                """ + Tail,
            CodeActionEquivalenceKey = "CMP2001" + RedactClassifiedDataCodeFixProvider.RedactorProviderSuffix,
        }.RunAsync();

    [Theory]
    [InlineData("public class Service { public void M(ILogger logger, Patient p) => logger.LogInformation(\"{S}\", p.Ssn); }")]
    [InlineData("public class Service { private IRedactorProvider? r; public static void M(ILogger logger, Patient p) => logger.LogInformation(\"{S}\", p.Ssn); }")]
    [InlineData("public class Service { public void M(ILogger logger, IRedactorProvider r, Patient p) => logger.LogInformation(\"{S}\", p); }")]
    public void PlatformRedactor_IsNotOffered_WithoutAProviderInScope_OrForAWholeObject(string service)
    {
        var source = PlatformHeader + service + Tail;
        var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source);
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("T", new[] { tree }, TestReferences.For(ReferenceSet.AspNetCoreWithRuntime));
        var model = compilation.GetSemanticModel(tree);
        var call = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>().Single(i => i.ToString().StartsWith("logger.", StringComparison.Ordinal));
        var value = call.ArgumentList.Arguments[1].Expression;
        var options = new Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions(System.Collections.Immutable.ImmutableArray<Microsoft.CodeAnalysis.AdditionalText>.Empty);
        Assert.Null(PlatformRedactionEditing.Plan(model, value, options, default));
    }

    [Fact]
    public Task WholeObject_LogIdentifier_FixAll()
        => new ObjectFix.Test
        {
            TestCode = Header + """
                public class Service
                {
                    public void M(ILogger logger, Patient p, Patient other)
                    {
                        logger.LogInformation("Admitted {Patient}", {|CMP2005:p|});
                        logger.LogInformation($"Transferred {{|CMP2005:other|}}");
                    }
                }
                """ + Tail,
            FixedCode = Header + """
                public class Service
                {
                    public void M(ILogger logger, Patient p, Patient other)
                    {
                        logger.LogInformation("Admitted {Patient}", p.Id);
                        logger.LogInformation($"Transferred {other.Id}");
                    }
                }
                """ + Tail,
            CodeActionEquivalenceKey = ClassifiedObjectCodeFixProvider.LogIdentifierKey,
        }.RunAsync();

    [Fact]
    public Task WholeObject_WithoutIdentifier_Redacts_FixAll()
        => new ObjectFix.Test
        {
            TestCode = Header + """
                public class Service
                {
                    public void M(ILogger logger, Chart c, Chart d)
                    {
                        logger.LogInformation("Chart {Chart}", {|CMP2005:c|});
                        Console.WriteLine({|CMP2005:d|});
                    }
                }

                public record Chart([property: Compliance.Runtime.Phi] string Notes);
                """ + Tail,
            FixedCode = HeaderWithRuntime + """
                public class Service
                {
                    public void M(ILogger logger, Chart c, Chart d)
                    {
                        logger.LogInformation("Chart {Chart}", Redact.Value(c));
                        Console.WriteLine(Redact.Value(d));
                    }
                }

                public record Chart([property: Compliance.Runtime.Phi] string Notes);
                """ + Tail,
            CodeActionEquivalenceKey = ClassifiedObjectCodeFixProvider.RedactValueKey,
        }.RunAsync();

    [Fact]
    public Task WholeObject_TypeNamedIdentifier_IsUsed()
        => new ObjectFix.Test
        {
            TestCode = Header + """
                public class Service
                {
                    public void M(ILogger logger, Account a) => logger.LogInformation("Account {Account}", {|CMP2005:a|});
                }

                public class Account { public Guid AccountId { get; set; } [Compliance.Runtime.Pii] public string Email { get; set; } = ""; }
                """ + Tail,
            FixedCode = Header + """
                public class Service
                {
                    public void M(ILogger logger, Account a) => logger.LogInformation("Account {Account}", a.AccountId);
                }

                public class Account { public Guid AccountId { get; set; } [Compliance.Runtime.Pii] public string Email { get; set; } = ""; }
                """ + Tail,
            CodeActionEquivalenceKey = ClassifiedObjectCodeFixProvider.LogIdentifierKey,
        }.RunAsync();
}
