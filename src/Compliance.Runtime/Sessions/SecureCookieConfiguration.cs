using Compliance.Runtime.Auditing;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Compliance.Runtime.Sessions;

/// <summary>
/// Locks down the session scheme's cookie options after the application configured them, so
/// nothing weakens them by accident: <c>__Host-</c> cookie, HttpOnly, Secure, SameSite Strict,
/// never persistent, server-side tickets, no sliding renewal (the store enforces idle time).
/// </summary>
internal sealed class SecureCookieConfiguration(
    IOptions<SecureSessionOptions> sessionOptions,
    SessionTicketStore store,
    IHttpContextAccessor accessor,
    TimeProvider time,
    IAuditLog audit) : IPostConfigureOptions<CookieAuthenticationOptions>
{
    public void PostConfigure(string? name, CookieAuthenticationOptions options)
    {
        var settings = sessionOptions.Value;
        if (!string.Equals(name, settings.AuthenticationScheme, StringComparison.Ordinal))
        {
            return;
        }

        options.Cookie.Name = settings.CookieName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.Path = "/";
        options.Cookie.Domain = null;
        options.Cookie.MaxAge = null;
        options.Cookie.IsEssential = true;
        options.ExpireTimeSpan = settings.AbsoluteTimeout;
        options.SlidingExpiration = false;
        options.SessionStore = store;
        options.TimeProvider = time;
        if (options.TicketDataFormat is not RotatingTicketDataFormat)
        {
            options.TicketDataFormat = new RotatingTicketDataFormat(options.TicketDataFormat, accessor);
        }

        var events = options.Events ??= new CookieAuthenticationEvents();
        var signingIn = events.OnSigningIn;
        events.OnSigningIn = context =>
        {
            context.Properties.IsPersistent = false;
            context.Properties.AllowRefresh = false;
            context.Properties.IssuedUtc = time.GetUtcNow();
            context.Properties.ExpiresUtc = time.GetUtcNow() + settings.AbsoluteTimeout;
            context.CookieOptions.Expires = null;
            context.CookieOptions.MaxAge = null;
            context.HttpContext.Items[SessionTicketStore.SigningInItem] = true;
            return signingIn(context);
        };

        var signedIn = events.OnSignedIn;
        events.OnSignedIn = async context =>
        {
            await WriteAuditAsync(AuditActions.SignInSucceeded, AuditActor.FromPrincipal(context.Principal), context.HttpContext).ConfigureAwait(false);
            await signedIn(context).ConfigureAwait(false);
        };

        var signingOut = events.OnSigningOut;
        events.OnSigningOut = async context =>
        {
            await WriteAuditAsync(AuditActions.SignOut, AuditActor.FromPrincipal(context.HttpContext.User), context.HttpContext).ConfigureAwait(false);
            await signingOut(context).ConfigureAwait(false);
        };

        if (settings.UseStatusCodesForChallenges)
        {
            events.OnRedirectToLogin = static context =>
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            };
            events.OnRedirectToAccessDenied = static context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        }
    }

    private async Task WriteAuditAsync(string action, AuditActor actor, HttpContext httpContext)
    {
        await audit.WriteAsync(new AuditEvent
        {
            Action = action,
            Actor = actor,
            Outcome = AuditOutcome.Succeeded,
            Request = AuditRequest.FromHttpContext(httpContext),
        }, httpContext.RequestAborted).ConfigureAwait(false);
    }
}
