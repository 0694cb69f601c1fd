using Compliance.Analyzers.Infrastructure;
using Compliance.Analyzers.Infrastructure.Endpoints;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compliance.Analyzers.Endpoints;

/// <summary>
/// CMP3006: a state-changing endpoint a cross-site page could trigger with the user's cookies,
/// and no antiforgery token is validated. Reported when the endpoint binds form data (unless the
/// application authenticates with bearer tokens only), or when the application uses cookie
/// authentication and the endpoint takes no JSON body (a JSON content type cannot be sent by a
/// cross-site form, which is why <c>[ApiController]</c> JSON bodies are not reported) and the
/// authentication cookie is not SameSite=Strict.
/// Antiforgery resolves nearest-first: <c>[ValidateAntiForgeryToken]</c>,
/// <c>[AutoValidateAntiforgeryToken]</c>, <c>[RequireAntiforgeryToken]</c> or a global filter
/// protect, <c>[IgnoreAntiforgeryToken]</c> / <c>.DisableAntiforgery()</c> opt out. Razor Pages
/// validate by default, and minimal APIs validate form binding by default.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CsrfProtectionAnalyzer : EndpointAnalyzer
{
    public CsrfProtectionAnalyzer()
        : base(Descriptors.StateChangingEndpointWithoutCsrfProtection)
    {
    }

    protected override void Analyze(EndpointInfo endpoint, EndpointContext context)
    {
        var global = context.Global;
        var explicitForm = endpoint.ReadsFormDirectly;
        var modelBound = false;
        var jsonBody = false;
        var simpleFormValues = false;
        foreach (var parameter in endpoint.Parameters)
        {
            explicitForm |= parameter.Source == BindingSource.Form;
            modelBound |= parameter.Source == BindingSource.ModelBinding;
            simpleFormValues |= parameter.AcceptsFormValues;
            jsonBody |= parameter.Source == BindingSource.Body;
        }

        // Model binding only may take form fields; whether a browser then sends credentials is
        // the host's choice. A library of controllers that registers no authentication of its own
        // (its host adds bearer or cookie authentication) is judged on explicit form use only, as
        // the rate-limit rules leave a library's limits to its host.
        var hostDecides = !global.IsApplication && !global.Authentication;
        if (hostDecides)
        {
            modelBound = false;
            simpleFormValues = false;
        }

        var bindsForm = explicitForm || modelBound;

        // Endpoints that accept any method are only considered when they take form data: an
        // action without a verb attribute is usually a page that is read, not a form target.
        if (!endpoint.IsStateChanging || (endpoint.HttpMethods.IsEmpty && !bindsForm))
        {
            return;
        }

        // A lone string or id on an action that declares a state-changing verb is a form target
        // too; on an action without a verb it is usually a page's paging or search argument.
        bindsForm |= simpleFormValues && !endpoint.HttpMethods.IsEmpty;

        var equivalents = context.Option(ComplianceOptions.EndpointsAntiforgeryEquivalents);
        var minimalFormDefault = endpoint.Kind == EndpointKind.MinimalApi && bindsForm;
        ResolvedControls? unprotected = null;
        foreach (var path in endpoint.Paths)
        {
            var controls = path.Resolved;
            var validated = controls.Antiforgery == AntiforgeryState.Validated
                || (controls.Antiforgery == AntiforgeryState.Default && minimalFormDefault)
                || controls.HasEquivalent(equivalents);
            if (!validated)
            {
                unprotected = controls;
                break;
            }
        }

        if (unprotected is null)
        {
            return;
        }

        string? reason = null;
        if (bindsForm && !global.BearerOnly)
        {
            reason = unprotected.Antiforgery == AntiforgeryState.Ignored
                ? "it binds form data and antiforgery validation is turned off"
                : "it binds form data and no antiforgery token is validated";
        }
        else if (global.CookieAuthentication && !global.StrictSameSiteCookies && !jsonBody && unprotected.Authorization != AuthorizationState.Anonymous)
        {
            reason = unprotected.Antiforgery == AntiforgeryState.Ignored
                ? "the application uses cookie authentication and antiforgery validation is turned off"
                : "the application uses cookie authentication, the endpoint takes no JSON body, and no antiforgery token is validated";
        }

        if (reason is null || AuthenticationEndpoints.IssuesTokens(endpoint))
        {
            return;
        }

        // An anonymous endpoint does not act as the signed-in user, so a forged request gains
        // nothing the attacker could not send directly. The exception is a sign-in form in a
        // cookie application: a forged sign-in post logs the victim into the attacker's account
        // (login CSRF), and whatever they enter next is recorded there.
        if (unprotected.Authorization == AuthorizationState.Anonymous
            && !(global.CookieAuthentication && AuthenticationEndpoints.RequiredTier(endpoint) == "Authentication"))
        {
            return;
        }

        // The fix adds [ValidateAntiForgeryToken], which only controllers honour; pages and
        // minimal APIs are fixed by removing their opt-out, which is left to the developer.
        var target = endpoint.Kind == EndpointKind.Controller ? FixTargetOf(endpoint) : FixTargets.None;
        context.Report(Descriptors.StateChangingEndpointWithoutCsrfProtection, endpoint, target, null, endpoint.Display, reason);
    }
}
