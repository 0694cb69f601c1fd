namespace Compliance.Analyzers.Infrastructure;

public static partial class TypeNames
{
    public const string CookieOptions = "Microsoft.AspNetCore.Http.CookieOptions";
    public const string IResponseCookies = "Microsoft.AspNetCore.Http.IResponseCookies";
    public const string SameSiteMode = "Microsoft.AspNetCore.Http.SameSiteMode";
    public const string CookieBuilder = "Microsoft.AspNetCore.Http.CookieBuilder";
    public const string CookieSecurePolicy = "Microsoft.AspNetCore.Http.CookieSecurePolicy";
    public const string CookiePolicyOptions = "Microsoft.AspNetCore.Builder.CookiePolicyOptions";
    public const string CookiePolicyAppBuilderExtensions = "Microsoft.AspNetCore.Builder.CookiePolicyAppBuilderExtensions";
    public const string HttpOnlyPolicy = "Microsoft.AspNetCore.CookiePolicy.HttpOnlyPolicy";
    public const string CookieAuthenticationOptions = "Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions";
    public const string SessionOptions = "Microsoft.AspNetCore.Builder.SessionOptions";
    public const string AntiforgeryOptions = "Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions";
}
