using Compliance.Analyzers.Infrastructure;
using Xunit;

namespace Compliance.Analyzers.Tests.Infrastructure;

public class SourceTextSearchTests
{
    [Theory]
    [InlineData("o.Cookie.SameSite = SameSiteMode.Strict;")]
    [InlineData("Cookie.SameSite = SameSiteMode.Strict;")]
    [InlineData("options.Cookie\n        .SameSite = SameSiteMode.Lax;")]
    [InlineData("options.Cookie . SameSite = SameSiteMode.Lax;")]
    [InlineData("options.Cookie /* the session's */ .SameSite = SameSiteMode.Lax;")]
    [InlineData("options.Cookie.// odd\n SameSite = SameSiteMode.Lax;")]
    [InlineData("options.Cookie // the session's\n    .SameSite = SameSiteMode.Lax;")]
    public void MemberAccessOnTheReceiver_IsMentioned(string text)
        => Assert.True(SourceTextSearch.MentionsMemberAccess(text, "Cookie", "SameSite"));

    [Theory]
    [InlineData("new CookieOptions { SameSite = SameSiteMode.Strict }")]
    [InlineData("options.MyCookie.SameSite = SameSiteMode.Lax;")]
    [InlineData("var sameSite = cookie.SameSite;")]
    [InlineData("SameSite")]
    [InlineData("var policy = builder.CookieOptions.SameSite;")]
    [InlineData("")]
    public void OtherShapes_AreNot(string text)
        => Assert.False(SourceTextSearch.MentionsMemberAccess(text, "Cookie", "SameSite"));
}
