using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Infrastructure.Sinks;
using Compliance.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Tests.DataFlow;

public sealed class LogSinksTests
{
    [Theory]
    [InlineData("logger.LogInformation(\"Admitted {Name} {Id}\", name, 3)", "ILogger.LogInformation", "\"Admitted {Name} {Id}\"|name|3")]
    [InlineData("logger.LogError(new System.Exception(), \"Failed for {Name}\", name)", "ILogger.LogError", "\"Failed for {Name}\"|name")]
    [InlineData("logger.Log(LogLevel.Warning, new EventId(1), \"x {N}\", name)", "ILogger.Log", "\"x {N}\"|name")]
    [InlineData("logger.Log(LogLevel.Warning, new EventId(1), name, null, (s, e) => s)", "ILogger.Log", "name")]
    [InlineData("logger.BeginScope(\"Patient {Name}\", name)", "ILogger.BeginScope", "\"Patient {Name}\"|name")]
    [InlineData("logger.BeginScope(name)", "ILogger.BeginScope", "name")]
    [InlineData("Logged(logger, name, null)", "LoggerMessage Logged", "name")]
    [InlineData("Log.Admitted(logger, name)", "Log.Admitted", "name")]
    [InlineData("Log.AdmittedRedacted(logger, name)", "Log.AdmittedRedacted", "")]
    [InlineData("System.Console.WriteLine($\"Hello {name}\")", "Console.WriteLine", "$\"Hello {name}\"")]
    [InlineData("System.Console.Error.WriteLine(name)", "Console.Error.WriteLine", "name")]
    [InlineData("System.Diagnostics.Debug.WriteLine(name)", "Debug.WriteLine", "name")]
    [InlineData("System.Diagnostics.Debug.Assert(name.Length > 0, name)", "Debug.Assert", "name")]
    [InlineData("System.Diagnostics.Trace.TraceWarning(\"{0}\", name)", "Trace.TraceWarning", "\"{0}\"|name")]
    public void LogWrites_AreRecognised(string call, string display, string arguments)
    {
        var invocation = Invocation(call);
        Assert.True(LogSinks.TryGetLogSink(invocation, KnownTypes.For(invocation.SemanticModel!.Compilation), out var sink));
        Assert.Equal(display, sink.DisplayName);
        Assert.Equal(arguments, string.Join("|", sink.Arguments.Select(a => a.Value.Syntax.ToString())));
    }

    [Theory]
    [InlineData("name.Trim()")]
    [InlineData("System.Console.ReadLine()")]
    [InlineData("logger.IsEnabled(LogLevel.Debug)")]
    [InlineData("Other(name)")]
    public void OtherCalls_AreNotLogSinks(string call)
    {
        var invocation = Invocation(call);
        Assert.False(LogSinks.TryGetLogSink(invocation, KnownTypes.For(invocation.SemanticModel!.Compilation), out _));
    }

    [Fact]
    public void Leaves_SplitInterpolationsAndConcatenations()
    {
        var invocation = Invocation("System.Console.WriteLine($\"a {name} b {3}\" + name.Trim())");
        Assert.True(LogSinks.TryGetLogSink(invocation, KnownTypes.For(invocation.SemanticModel!.Compilation), out var sink));
        var leaves = LogSinks.Leaves(sink.Arguments[0].Value).Select(l => l.Syntax.ToString());
        Assert.Equal(new[] { "name", "3", "name.Trim()" }, leaves);
    }

    private static IInvocationOperation Invocation(string call)
    {
        var source = $$"""
            using System;
            using Microsoft.Extensions.Logging;

            namespace Microsoft.Extensions.Compliance.Classification
            {
                public abstract class DataClassificationAttribute : Attribute { }
            }

            public sealed class PrivateDataAttribute : Microsoft.Extensions.Compliance.Classification.DataClassificationAttribute { }

            public static partial class Log
            {
                [LoggerMessage(1, LogLevel.Information, "Admitted {Name}")]
                public static partial void Admitted(ILogger logger, string name);

                [LoggerMessage(2, LogLevel.Information, "Admitted {Name}")]
                public static partial void AdmittedRedacted(ILogger logger, [PrivateData] string name);

                public static partial void Admitted(ILogger logger, string name) { }
                public static partial void AdmittedRedacted(ILogger logger, string name) { }
            }

            public class C
            {
                private static readonly Action<ILogger, string, Exception?> Logged = LoggerMessage.Define<string>(LogLevel.Information, new EventId(1), "x {Name}");

                public void M(ILogger logger, string name)
                {
                    {{call}};
                }

                private static void Other(string value) { }
            }
            """;
        var tree = CSharpSyntaxTree.ParseText(source);
        var compilation = CSharpCompilation.Create(
            "Test",
            new[] { tree },
            TestReferences.For(ReferenceSet.AspNetCore),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var model = compilation.GetSemanticModel(tree);
        var method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.Text == "M");
        var statement = (ExpressionStatementSyntax)method.Body!.Statements[0];
        return (IInvocationOperation)model.GetOperation(statement.Expression)!;
    }
}
