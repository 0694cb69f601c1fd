using Compliance.Analyzers.Tests.Verifiers;
using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Compliance.Analyzers.Endpoints.AuthenticationRateLimitTierAnalyzer>;

namespace Compliance.Analyzers.Tests.Endpoints;

public sealed class AuthenticationRateLimitTierAnalyzerTests
{
    [Fact]
    public async Task LoginAction_OnStandardTier_IsReported()
    {
        var source = """
            using Compliance.Runtime;
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Route("account")]
            [RateLimited(RateLimitTier.Standard)]
            public class AccountController : ControllerBase
            {
                [HttpPost("login")]
                public IActionResult {|#0:Login|}() => Ok();
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source, VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST account/login' (AccountController.Login)", "is on RateLimitTier.Standard", "Authentication"));
    }

    [Fact]
    public async Task HandlerNamesWithANumber_AreSplitLikeEveryOtherName()
    {
        // The words of Verify2fa are verify, 2, fa ("2fa" joined) and of Login2 login, 2: the
        // splitter the other name rules use, which used to be blind to digits here.
        var source = """
            using Compliance.Runtime;
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Route("account")]
            [RateLimited(RateLimitTier.Standard)]
            public class AccountController : ControllerBase
            {
                [HttpPost("second-factor")]
                public IActionResult {|#0:Verify2fa|}() => Ok();

                [HttpPost("legacy")]
                public IActionResult {|#1:Login2|}() => Ok();
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST account/second-factor' (AccountController.Verify2fa)", "is on RateLimitTier.Standard", "Authentication"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("'POST account/legacy' (AccountController.Login2)", "is on RateLimitTier.Standard", "Authentication"));
    }

    [Fact]
    public async Task AuthenticationTier_OnTheMethod_OverridesTheClassTier()
    {
        var source = """
            using Compliance.Runtime;
            using Microsoft.AspNetCore.Mvc;

            [Route("account")]
            [RateLimited(RateLimitTier.Standard)]
            public class AccountController : ControllerBase
            {
                [HttpPost("signin")]
                [RateLimited(RateLimitTier.Authentication)]
                public IActionResult SignIn() => Ok();
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task PasswordReset_NeedsThePasswordResetTier()
    {
        var source = """
            using Compliance.Runtime;
            using Microsoft.AspNetCore.Mvc;

            [Route("account")]
            public class AccountController : ControllerBase
            {
                [HttpPost("password/reset")]
                [RateLimited(RateLimitTier.Authentication)]
                public IActionResult {|#0:ResetPassword|}() => Ok();

                [HttpPost("forgot")]
                [RateLimited(RateLimitTier.PasswordReset)]
                public IActionResult ForgotPassword() => Ok();
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source, VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST account/password/reset' (AccountController.ResetPassword)", "is on RateLimitTier.Authentication", "PasswordReset"));
    }

    [Fact]
    public async Task MinimalTokenEndpoint_WithoutLimit_IsReportedAtTheMapCall()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.{|#0:MapPost|}("/connect/token", () => "t");
                    app.MapPost("/mfa/verify", () => "ok").RateLimited(Compliance.Runtime.RateLimitTier.Authentication);
                }
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source, VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST /connect/token'", "has no rate limit", "Authentication"));
    }

    [Fact]
    public async Task GroupTier_AppliesToItsEndpoints_AndTheEndpointTierWins()
    {
        var source = """
            using Compliance.Runtime;
            using Microsoft.AspNetCore.Builder;

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    var auth = app.MapGroup("/auth").RateLimited(RateLimitTier.Authentication);
                    auth.MapPost("/login", () => "ok");
                    auth.{|#0:MapPost|}("/otp", () => "ok").RateLimited(RateLimitTier.Bulk);
                }
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source, VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST /auth/otp'", "is on RateLimitTier.Bulk", "Authentication"));
    }

    [Fact]
    public async Task GlobalLimiterOnly_IsNotEnoughForSignIn()
    {
        var source = """
            using System.Threading.RateLimiting;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.DependencyInjection;

            public static class Startup
            {
                public static void Configure(WebApplicationBuilder builder)
                {
                    builder.Services.AddRateLimiter(o => o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(c => RateLimitPartition.GetNoLimiter("all")));
                    var app = builder.Build();
                    app.UseRateLimiter();
                    app.{|#0:MapPost|}("/sign-in", () => "ok");
                }
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source, VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST /sign-in'", "is limited only by the global limiter", "Authentication"));
    }

    [Fact]
    public async Task RazorPageLogin_PostHandler_IsReported_GetIsNot()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;

            namespace Clinic.Pages.Account
            {
                public class LoginModel : PageModel
                {
                    public void OnGet() { }

                    public IActionResult {|#0:OnPost|}() => Page();
                }
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source, VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST /Account/Login' (LoginModel.OnPost)", "has no rate limit", "Authentication"));
    }

    [Fact]
    public async Task RequestCarryingAPassword_MakesAnAuthenticationEndpoint()
    {
        var source = """
            using Compliance.Runtime;
            using Microsoft.AspNetCore.Mvc;

            public record Credentials(string UserName, string Password);

            [ApiController]
            [Route("session")]
            [RateLimited]
            public class SessionController : ControllerBase
            {
                [HttpPost]
                public IActionResult {|#0:Create|}(Credentials request) => Ok();
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source, VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST session' (SessionController.Create)", "is on RateLimitTier.Standard", "Authentication"));
    }

    [Fact]
    public async Task MembersNamedForCredentials_ThatCannotHoldOne_DoNotMakeAnAuthenticationEndpoint()
    {
        var source = """
            using System;
            using System.Collections.Generic;
            using Compliance.Runtime;
            using Microsoft.AspNetCore.Mvc;

            public class SecuritySettings
            {
                public bool UseTotp { get; set; }
                public bool RememberMe { get; set; }
                public int PasswordLength { get; set; }
                public DateTime PasswordChangedAt { get; set; }
                public List<string> PasswordHistory { get; set; } = new();
                public Guid PasswordResetTokenId { get; set; }
            }

            [ApiController]
            [Route("preferences")]
            [RateLimited]
            public class PreferencesController : ControllerBase
            {
                [HttpPut]
                public IActionResult Update(SecuritySettings settings) => Ok();

                [HttpDelete("{id}")]
                public IActionResult Revoke(Guid credentialId) => Ok();

                [HttpPost("flags")]
                public IActionResult Toggle(bool useTotp) => Ok();
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task SecretsTypedAsTextOrCharacters_MakeAnAuthenticationEndpoint()
    {
        var source = """
            using Compliance.Runtime;
            using Microsoft.AspNetCore.Mvc;

            public class Challenge
            {
                public string? TotpCode { get; set; }
            }

            public class Unlock
            {
                public char[] Secret { get; set; } = new char[0];
            }

            [ApiController]
            [Route("vault")]
            [RateLimited]
            public class VaultController : ControllerBase
            {
                [HttpPost("check")]
                public IActionResult {|#0:Check|}(Challenge challenge) => Ok();

                [HttpPost("open")]
                public IActionResult {|#1:Open|}(Unlock unlock) => Ok();

                [HttpPost("confirm")]
                public IActionResult {|#2:Confirm|}([FromForm] string otp) => Ok();
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST vault/check' (VaultController.Check)", "is on RateLimitTier.Standard", "Authentication"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("'POST vault/open' (VaultController.Open)", "is on RateLimitTier.Standard", "Authentication"),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("'POST vault/confirm' (VaultController.Confirm)", "is on RateLimitTier.Standard", "Authentication"));
    }

    [Fact]
    public async Task AccountsCreatedByPrivilegedCallers_AreNotAuthenticationEndpoints_SelfServiceSignUpIs()
    {
        // An administrator creating a user binds the new account's password but verifies none; a
        // role or policy keeps guessers out. Without one (or for self-service sign-up) the endpoint
        // still takes credentials from anyone who can reach it.
        var source = """
            using Compliance.Runtime;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            public class CreateUserRequest
            {
                public string Name { get; set; } = "";
                public string? Password { get; set; }
            }

            [ApiController]
            [Route("users")]
            [RateLimited]
            public class UsersController : ControllerBase
            {
                [HttpPost("new")]
                [Authorize(Policy = "RequiresElevation")]
                public IActionResult CreateUserByName(CreateUserRequest request) => Ok();

                [HttpPost("invite")]
                [Authorize(Roles = "Administrator")]
                public IActionResult InviteMember(CreateUserRequest request) => Ok();

                [HttpPost("signup")]
                [AllowAnonymous]
                public IActionResult {|#0:CreateAccount|}(CreateUserRequest request) => Ok();

                [HttpPost("add")]
                [Authorize]
                public IActionResult {|#1:AddUser|}(CreateUserRequest request) => Ok();
            }

            [ApiController]
            [Route("admin/accounts")]
            [Authorize("Admins")]
            [RateLimited]
            public class AdminAccountsController : ControllerBase
            {
                [HttpPost]
                public IActionResult CreateAccount(CreateUserRequest request) => Ok();

                [HttpPost("reset")]
                public IActionResult {|#2:SetPassword|}(CreateUserRequest request) => Ok();
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST users/signup' (UsersController.CreateAccount)", "is on RateLimitTier.Standard", "Authentication"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("'POST users/add' (UsersController.AddUser)", "is on RateLimitTier.Standard", "Authentication"),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("'POST admin/accounts/reset' (AdminAccountsController.SetPassword)", "is on RateLimitTier.Standard", "PasswordReset"));
    }

    [Fact]
    public async Task MinimalApiAccountsCreatedBehindAPolicy_AreNotAuthenticationEndpoints()
    {
        // .RequireAuthorization("Admins") names a policy; .RequireAuthorization() admits any signed-in caller.
        var source = """
            using Microsoft.AspNetCore.Builder;

            public record NewUser(string Name, string Password);

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapPost("/users/new", (NewUser user) => "ok").RequireAuthorization("Admins");
                    app.{|#0:MapPost|}("/users/add", (NewUser user) => "ok").RequireAuthorization();
                }
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source, VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST /users/add'", "has no rate limit", "Authentication"));
    }

    [Fact]
    public async Task AccountsCreatedBehindAPolicyNamedByAnUnresolvedConstant_AreNotAuthenticationEndpoints()
    {
        // The policy's name is a constant from a project that did not build: the attribute still names a policy.
        var source = """
            using Compliance.Runtime;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            public class CreateUserRequest
            {
                public string Name { get; set; } = "";
                public string? Password { get; set; }
            }

            [ApiController]
            [Route("users")]
            [RateLimited]
            public class UsersController : ControllerBase
            {
                [HttpPost("new")]
                [Authorize(Policy = Policies.RequiresElevation)]
                public IActionResult CreateUserByName(CreateUserRequest request) => Ok();
            }
            """;

        await new VerifyCS.Test { TestCode = source, CompilerDiagnostics = CompilerDiagnostics.None }.RunAsync();
    }

    [Fact]
    public async Task NamedPolicies_DisabledLimits_AndOrdinaryEndpoints_AreNotReported()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.RateLimiting;

            [Route("account")]
            public class AccountController : ControllerBase
            {
                [HttpPost("login")]
                [EnableRateLimiting("login-policy")]
                public IActionResult Login() => Ok();

                [HttpPost("token")]
                [DisableRateLimiting]
                public IActionResult Token() => Ok();

                [HttpPost("appointments")]
                public IActionResult Book() => Ok();

                [HttpPost("verify-insurance")]
                public IActionResult VerifyInsurance() => Ok();
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task PasswordResetTier_SatisfiesAnAuthenticationEndpoint()
    {
        var source = """
            using Compliance.Runtime;
            using Microsoft.AspNetCore.Builder;

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                    => app.MapPost("/login", () => "ok").RateLimited(RateLimitTier.PasswordReset);
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task BaseClassTier_IsInherited()
    {
        var source = """
            using Compliance.Runtime;
            using Microsoft.AspNetCore.Mvc;

            [RateLimited(RateLimitTier.Authentication)]
            public abstract class AuthControllerBase : ControllerBase { }

            [Route("auth")]
            public class AuthController : AuthControllerBase
            {
                [HttpPost("login")]
                public IActionResult Login() => Ok();
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task LinkingOrRemovingAnExternalLogin_IsAccountManagement_ChangingThePasswordIsNot()
    {
        // Shaped like the account-management controller of the Identity templates: linking and
        // removing an external login verify no credential; changing the password checks the old one.
        var source = """
            using Microsoft.AspNetCore.Mvc;

            public class RemoveLoginForm { public string LoginProvider { get; set; } = ""; public string ProviderKey { get; set; } = ""; }

            public class ChangePasswordForm { public string OldPassword { get; set; } = ""; public string NewPassword { get; set; } = ""; }

            public class ManageController : Controller
            {
                [HttpPost]
                public IActionResult LinkLogin(string provider) => Challenge(provider);

                [HttpPost]
                public IActionResult RemoveLogin(RemoveLoginForm form) => RedirectToAction("ExternalLogins");

                [HttpPost]
                public IActionResult {|#0:ChangePassword|}(ChangePasswordForm form) => RedirectToAction("Index");
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source, VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST Manage/ChangePassword' (ManageController.ChangePassword)", "has no rate limit", "Authentication"));
    }
}
