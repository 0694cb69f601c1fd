using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Infrastructure.Endpoints;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.Endpoints;

/// <summary>
/// CMP3004: an endpoint binds a JSON body, form data, or a complex object from the query string or
/// MVC model binding, and nothing validates it. Counted as validation: <c>[Validated]</c> /
/// <c>.Validated()</c> anywhere up the chain, .NET 10 minimal-API validation
/// (<c>AddValidation()</c>, unless <c>.DisableValidation()</c>), configured equivalents, and MVC's
/// own model validation when the bound type or the parameter declares rules and the framework
/// enforces them (<c>[ApiController]</c>'s automatic 400, a <c>ModelState.IsValid</c> check in the
/// handler or in a global action filter), FluentValidation-style validators registered for the
/// bound type, and a validation call on the bound value in the handler (see <see cref="ValidationRules"/>).
/// The first input that is not validated is the one reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EndpointInputValidationAnalyzer : EndpointAnalyzer
{
    public EndpointInputValidationAnalyzer()
        : base(Descriptors.EndpointInputNotValidated)
    {
    }

    protected override void Analyze(EndpointInfo endpoint, EndpointContext context)
    {
        var hasInput = false;
        foreach (var parameter in endpoint.Parameters)
        {
            hasInput |= parameter.IsStructuredInput;
        }

        if (!hasInput)
        {
            return;
        }

        var equivalents = context.Option(ComplianceOptions.EndpointsValidationEquivalents);
        if (endpoint.All(r => r.Validated || r.HasEquivalent(equivalents)))
        {
            return;
        }

        EndpointParameter? input = null;
        foreach (var parameter in endpoint.Parameters)
        {
            if (parameter.IsStructuredInput && !ValidationRules.Validates(endpoint, parameter, context.Model))
            {
                input = parameter;
                break;
            }
        }

        if (input is null)
        {
            return;
        }

        context.Report(Descriptors.EndpointInputNotValidated, endpoint, FixTargetOf(endpoint), null, endpoint.Display, Describe(input));
    }

    private static string Describe(EndpointParameter input)
    {
        var type = input.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        return input.Source switch
        {
            BindingSource.Body => $"the request body '{type} {input.Name}'",
            BindingSource.Form => $"form data '{type} {input.Name}'",
            BindingSource.ComplexQuery => $"the query object '{type} {input.Name}'",
            _ => $"the model '{type} {input.Name}' from form and query values",
        };
    }
}
