namespace Compliance.Analyzers.Infrastructure;

public static partial class TypeNames
{
    // MVC discovery (mirrors ControllerFeatureProvider and the framework's MvcFacts).
    public const string ControllerAttribute = "Microsoft.AspNetCore.Mvc.ControllerAttribute";
    public const string NonControllerAttribute = "Microsoft.AspNetCore.Mvc.NonControllerAttribute";
    public const string NonActionAttribute = "Microsoft.AspNetCore.Mvc.NonActionAttribute";
    public const string ServiceFilterAttribute = "Microsoft.AspNetCore.Mvc.ServiceFilterAttribute";
    public const string TypeFilterAttribute = "Microsoft.AspNetCore.Mvc.TypeFilterAttribute";
    public const string IApiBehaviorMetadata = "Microsoft.AspNetCore.Mvc.Infrastructure.IApiBehaviorMetadata";
    public const string IRouteTemplateProvider = "Microsoft.AspNetCore.Mvc.Routing.IRouteTemplateProvider";
    public const string IActionHttpMethodProvider = "Microsoft.AspNetCore.Mvc.Routing.IActionHttpMethodProvider";
    public const string AcceptVerbsAttribute = "Microsoft.AspNetCore.Mvc.AcceptVerbsAttribute";
    public const string FilterCollection = "Microsoft.AspNetCore.Mvc.Filters.FilterCollection";
    public const string AuthorizeFilter = "Microsoft.AspNetCore.Mvc.Authorization.AuthorizeFilter";
    public const string AllowAnonymousFilter = "Microsoft.AspNetCore.Mvc.Authorization.AllowAnonymousFilter";
    public const string BindPropertyAttribute = "Microsoft.AspNetCore.Mvc.BindPropertyAttribute";
    public const string BindPropertiesAttribute = "Microsoft.AspNetCore.Mvc.BindPropertiesAttribute";
    public const string BindNeverAttribute = "Microsoft.AspNetCore.Mvc.ModelBinding.BindNeverAttribute";
    public const string ConsumesAttribute = "Microsoft.AspNetCore.Mvc.ConsumesAttribute";
    public const string ModelStateDictionary = "Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary";

    // Razor Pages.
    public const string NonHandlerAttribute = "Microsoft.AspNetCore.Mvc.RazorPages.NonHandlerAttribute";

    // Minimal APIs.
    public const string EndpointRouteBuilderExtensions = "Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions";
    public const string IEndpointRouteBuilder = "Microsoft.AspNetCore.Routing.IEndpointRouteBuilder";
    public const string IEndpointConventionBuilder = "Microsoft.AspNetCore.Builder.IEndpointConventionBuilder";
    public const string RequestDelegate = "Microsoft.AspNetCore.Http.RequestDelegate";

    // Binding sources (implemented by the MVC and minimal-API attributes alike).
    public const string IFromBodyMetadata = "Microsoft.AspNetCore.Http.Metadata.IFromBodyMetadata";
    public const string IFromFormMetadata = "Microsoft.AspNetCore.Http.Metadata.IFromFormMetadata";
    public const string IFromQueryMetadata = "Microsoft.AspNetCore.Http.Metadata.IFromQueryMetadata";
    public const string IFromRouteMetadata = "Microsoft.AspNetCore.Http.Metadata.IFromRouteMetadata";
    public const string IFromHeaderMetadata = "Microsoft.AspNetCore.Http.Metadata.IFromHeaderMetadata";
    public const string IFromServiceMetadata = "Microsoft.AspNetCore.Http.Metadata.IFromServiceMetadata";
    public const string FromKeyedServicesAttribute = "Microsoft.Extensions.DependencyInjection.FromKeyedServicesAttribute";
    public const string AsParametersAttribute = "Microsoft.AspNetCore.Http.AsParametersAttribute";
    public const string IFormFile = "Microsoft.AspNetCore.Http.IFormFile";
    public const string IFormFileCollection = "Microsoft.AspNetCore.Http.IFormFileCollection";
    public const string IFormCollection = "Microsoft.AspNetCore.Http.IFormCollection";

    // Authorization.
    public const string IAuthorizeData = "Microsoft.AspNetCore.Authorization.IAuthorizeData";
    public const string IAllowAnonymous = "Microsoft.AspNetCore.Authorization.IAllowAnonymous";
    public const string AuthorizeAttribute = "Microsoft.AspNetCore.Authorization.AuthorizeAttribute";
    public const string AuthorizationOptions = "Microsoft.AspNetCore.Authorization.AuthorizationOptions";

    // Rate limiting.
    public const string EnableRateLimitingAttribute = "Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute";
    public const string DisableRateLimitingAttribute = "Microsoft.AspNetCore.RateLimiting.DisableRateLimitingAttribute";
    public const string RateLimiterOptions = "Microsoft.AspNetCore.RateLimiting.RateLimiterOptions";

    // Antiforgery.
    public const string IAntiforgeryPolicy = "Microsoft.AspNetCore.Mvc.ViewFeatures.IAntiforgeryPolicy";
    public const string IgnoreAntiforgeryTokenAttribute = "Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryTokenAttribute";
    public const string ValidateAntiForgeryTokenAttribute = "Microsoft.AspNetCore.Mvc.ValidateAntiForgeryTokenAttribute";
    public const string AutoValidateAntiforgeryTokenAttribute = "Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute";
    public const string IAntiforgeryMetadata = "Microsoft.AspNetCore.Antiforgery.IAntiforgeryMetadata";

    // Validation.
    public const string ValidationAttribute = "System.ComponentModel.DataAnnotations.ValidationAttribute";
    public const string IValidatableObject = "System.ComponentModel.DataAnnotations.IValidatableObject";
    public const string IDisableValidationMetadata = "Microsoft.AspNetCore.Http.Metadata.IDisableValidationMetadata";

    // Compliance.Runtime endpoint controls.
    public const string AuditedAttribute = "Compliance.Runtime.AuditedAttribute";
    public const string RateLimitedAttribute = "Compliance.Runtime.RateLimitedAttribute";
    public const string ValidatedAttribute = "Compliance.Runtime.ValidatedAttribute";
    public const string RateLimitTier = "Compliance.Runtime.RateLimitTier";
    public const string RequireMfaAttribute = "Compliance.Runtime.Mfa.RequireMfaAttribute";
    public const string ComplianceEndpointConventionBuilderExtensions = "Microsoft.AspNetCore.Builder.ComplianceEndpointConventionBuilderExtensions";
}
