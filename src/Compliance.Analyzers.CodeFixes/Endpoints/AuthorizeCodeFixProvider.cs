using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Compliance.Analyzers.CodeFixes.Endpoints;

/// <summary>
/// Fixes CMP3005 with <c>[Authorize]</c> on the action or page model, or
/// <c>.RequireAuthorization()</c> on the Map call. Not offered when <c>[AllowAnonymous]</c> is the
/// cause (it overrides any authorization added), nor when the application registers no
/// authentication (the analyzer gives no fix target then): without a scheme the authorization
/// middleware answers 500 instead of challenging, so the fix would break the endpoint.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AuthorizeCodeFixProvider)), Shared]
public sealed class AuthorizeCodeFixProvider : EndpointControlCodeFixProvider
{
    public const string RequireAuthorizationKey = RuleIds.PhiEndpointAllowsAnonymous + ".RequireAuthorization";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.PhiEndpointAllowsAnonymous);

    protected override string AttributeTitle => "[Authorize]";

    protected override string AttributeMetadataName => "Microsoft.AspNetCore.Authorization.AuthorizeAttribute";

    protected override string ConventionName => "RequireAuthorization";

    protected override string ConventionTypeMetadataName => "Microsoft.AspNetCore.Builder.AuthorizationEndpointConventionBuilderExtensions";

    protected override string EquivalenceKey => RequireAuthorizationKey;
}
