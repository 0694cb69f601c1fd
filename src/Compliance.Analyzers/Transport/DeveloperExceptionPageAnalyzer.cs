using Compliance.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Compliance.Analyzers.Transport;

/// <summary>
/// CMP5006: <c>UseDeveloperExceptionPage()</c>, and Entity Framework Core's
/// <c>UseDatabaseErrorPage()</c> and <c>UseMigrationsEndPoint()</c> (matched by metadata name, as
/// the package is optional), called where the code also runs outside Development: not under
/// <c>if (env.IsDevelopment())</c> and not after <c>if (!env.IsDevelopment()) { …; return; }</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DeveloperExceptionPageAnalyzer : ComplianceAnalyzer
{
    private static readonly (string Type, string Method)[] ErrorPages =
    [
        ("Microsoft.AspNetCore.Builder.DeveloperExceptionPageExtensions", "UseDeveloperExceptionPage"),
        ("Microsoft.AspNetCore.Builder.DatabaseErrorPageExtensions", "UseDatabaseErrorPage"),
        ("Microsoft.AspNetCore.Builder.MigrationsEndPointExtensions", "UseMigrationsEndPoint"),
    ];

    public DeveloperExceptionPageAnalyzer()
        : base(Descriptors.DeveloperExceptionPage)
    {
    }

    protected override bool ShouldAnalyze(KnownTypes knownTypes) => ErrorPages.Any(page => knownTypes.Get(page.Type) is not null);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes knownTypes)
    {
        var pages = new Dictionary<INamedTypeSymbol, string>(SymbolEqualityComparer.Default);
        foreach (var (type, method) in ErrorPages)
        {
            if (knownTypes.Get(type) is { } symbol)
            {
                pages[symbol] = method;
            }
        }

        context.RegisterOperationAction(c => Analyze(c, pages), OperationKind.Invocation);
    }

    private static void Analyze(OperationAnalysisContext context, Dictionary<INamedTypeSymbol, string> pages)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.ContainingType is not { } type
            || !pages.TryGetValue(type, out var name)
            || method.Name != name
            || DevelopmentEnvironment.IsDevelopmentOnly(invocation))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.DeveloperExceptionPage, invocation.Syntax.GetLocation(), name + "()"));
    }
}
