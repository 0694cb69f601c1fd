using Compliance.Analyzers.CodeFixes.Sessions;
using Compliance.Analyzers.Tests.Verifiers;
using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Compliance.Analyzers.Sessions.ResponseCookieAnalyzer,
    Compliance.Analyzers.CodeFixes.Sessions.ResponseCookieCodeFixProvider>;

namespace Compliance.Analyzers.Tests.Sessions;

public sealed class ResponseCookieCodeFixTests
{
    [Fact]
    public async Task BareAppend_GetsSecureOptions_AndTheUsingIsAdded()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;

            public class CookieController : ControllerBase
            {
                public void Write(string value)
                {
                    {|#0:Response.Cookies.Append("session", value)|};
                }
            }
            """;
        var fixedSource = """
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;

            public class CookieController : ControllerBase
            {
                public void Write(string value)
                {
                    Response.Cookies.Append("session", value, new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict });
                }
            }
            """;

        await new VerifyCS.Test
        {
            TestCode = source,
            ExpectedDiagnostics =
            {
                VerifyCS.Diagnostic("CMP4001").WithLocation(0).WithArguments("session", "no CookieOptions are passed and the default is HttpOnly = false"),
                VerifyCS.Diagnostic("CMP4002").WithLocation(0).WithArguments("session", "no CookieOptions are passed and the default is Secure = false"),
                VerifyCS.Diagnostic("CMP4003").WithLocation(0).WithArguments("session", "no CookieOptions (the default is SameSite=Unspecified, which leaves the decision to the browser)", "Lax"),
            },
            FixedCode = fixedSource,
            NumberOfIncrementalIterations = 1,
            CodeActionEquivalenceKey = ResponseCookieCodeFixProvider.SetSecureKey,
        }.RunAsync();
    }

    [Fact]
    public async Task EmptyInlineOptions_GetAnInitializer()
    {
        var source = """
            using Microsoft.AspNetCore.Http;

            public class Writer
            {
                public void Write(HttpResponse response)
                    => response.Cookies.Append("a", "b", {|#0:new CookieOptions()|});
            }
            """;
        var fixedSource = """
            using Microsoft.AspNetCore.Http;

            public class Writer
            {
                public void Write(HttpResponse response)
                    => response.Cookies.Append("a", "b", new CookieOptions { HttpOnly = true });
            }
            """;

        await new VerifyCS.Test
        {
            TestCode = source,
            ExpectedDiagnostics = { VerifyCS.Diagnostic("CMP4001").WithLocation(0).WithArguments("a", "HttpOnly is never set and CookieOptions defaults to false") },
            DisabledDiagnostics = { "CMP4002", "CMP4003" },
            FixedCode = fixedSource,
        }.RunAsync();
    }

    [Fact]
    public async Task MultiLineInitializer_KeepsItsLayout()
    {
        var source = """
            using Microsoft.AspNetCore.Http;

            public class Writer
            {
                public void Write(HttpResponse response)
                {
                    response.Cookies.Append("a", "b", {|#0:new CookieOptions
                    {
                        HttpOnly = true,
                        Secure = true,
                    }|});
                }
            }
            """;
        var fixedSource = """
            using Microsoft.AspNetCore.Http;

            public class Writer
            {
                public void Write(HttpResponse response)
                {
                    response.Cookies.Append("a", "b", new CookieOptions
                    {
                        HttpOnly = true,
                        Secure = true,
                        SameSite = SameSiteMode.Strict,
                    });
                }
            }
            """;

        await VerifyCS.VerifyCodeFixAsync(
            source,
            VerifyCS.Diagnostic("CMP4003").WithLocation(0).WithArguments("a", "no SameSite mode (the default is Unspecified, which leaves the decision to the browser)", "Lax"),
            fixedSource);
    }

    [Fact]
    public async Task ExplicitFalse_IsReplaced()
    {
        var source = """
            using Microsoft.AspNetCore.Http;

            public class Writer
            {
                public void Write(HttpResponse response)
                    => response.Cookies.Append("a", "b", {|#0:new CookieOptions { HttpOnly = true, Secure = false, SameSite = SameSiteMode.Lax }|});
            }
            """;
        var fixedSource = """
            using Microsoft.AspNetCore.Http;

            public class Writer
            {
                public void Write(HttpResponse response)
                    => response.Cookies.Append("a", "b", new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Lax });
            }
            """;

        await VerifyCS.VerifyCodeFixAsync(
            source,
            VerifyCS.Diagnostic("CMP4002").WithLocation(0).WithArguments("a", "Secure is set to false"),
            fixedSource);
    }

    [Fact]
    public async Task LocalOptions_ConditionalAndUnsafeAssignmentsAreMadeSafe()
    {
        var source = """
            using Microsoft.AspNetCore.Http;

            public class Writer
            {
                public void Write(HttpResponse response, bool flag)
                {
                    var options = new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict };
                    if (flag)
                    {
                        options.Secure = false;
                    }

                    response.Cookies.Append("a", "b", {|#0:options|});
                }
            }
            """;
        var fixedSource = """
            using Microsoft.AspNetCore.Http;

            public class Writer
            {
                public void Write(HttpResponse response, bool flag)
                {
                    var options = new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = true };
                    if (flag)
                    {
                        options.Secure = true;
                    }

                    response.Cookies.Append("a", "b", options);
                }
            }
            """;

        await VerifyCS.VerifyCodeFixAsync(
            source,
            VerifyCS.Diagnostic("CMP4002").WithLocation(0).WithArguments("a", "Secure is set to false"),
            fixedSource);
    }

    [Fact]
    public async Task LocalOptions_UnconditionalAssignmentIsReplacedWithoutTouchingTheInitializer()
    {
        var source = """
            using Microsoft.AspNetCore.Http;

            public class Writer
            {
                public void Write(HttpResponse response)
                {
                    var options = new CookieOptions { HttpOnly = true, Secure = true };
                    options.SameSite = SameSiteMode.None;
                    response.Cookies.Append("a", "b", {|#0:options|});
                }
            }
            """;
        var fixedSource = """
            using Microsoft.AspNetCore.Http;

            public class Writer
            {
                public void Write(HttpResponse response)
                {
                    var options = new CookieOptions { HttpOnly = true, Secure = true };
                    options.SameSite = SameSiteMode.Strict;
                    response.Cookies.Append("a", "b", options);
                }
            }
            """;

        await VerifyCS.VerifyCodeFixAsync(
            source,
            VerifyCS.Diagnostic("CMP4003").WithLocation(0).WithArguments("a", "SameSite=None", "Lax"),
            fixedSource);
    }

    [Fact]
    public async Task FixAll_FixesEveryCookieInTheDocument()
    {
        var source = """
            using Microsoft.AspNetCore.Http;

            public class Writer
            {
                public void Write(HttpResponse response)
                {
                    response.Cookies.Append("a", "1", {|#0:new CookieOptions { Secure = true, SameSite = SameSiteMode.Lax }|});
                    response.Cookies.Append("b", "2", {|#1:new CookieOptions { Secure = true, SameSite = SameSiteMode.Lax }|});
                    response.Cookies.Append("c", "3", {|#2:new CookieOptions { HttpOnly = false, Secure = true, SameSite = SameSiteMode.Lax }|});
                }
            }
            """;
        var fixedSource = """
            using Microsoft.AspNetCore.Http;

            public class Writer
            {
                public void Write(HttpResponse response)
                {
                    response.Cookies.Append("a", "1", new CookieOptions { Secure = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
                    response.Cookies.Append("b", "2", new CookieOptions { Secure = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
                    response.Cookies.Append("c", "3", new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Lax });
                }
            }
            """;

        await new VerifyCS.Test
        {
            TestCode = source,
            ExpectedDiagnostics =
            {
                VerifyCS.Diagnostic("CMP4001").WithLocation(0).WithArguments("a", "HttpOnly is never set and CookieOptions defaults to false"),
                VerifyCS.Diagnostic("CMP4001").WithLocation(1).WithArguments("b", "HttpOnly is never set and CookieOptions defaults to false"),
                VerifyCS.Diagnostic("CMP4001").WithLocation(2).WithArguments("c", "HttpOnly is set to false"),
            },
            FixedCode = fixedSource,
            BatchFixedCode = fixedSource,
        }.RunAsync();
    }
}
