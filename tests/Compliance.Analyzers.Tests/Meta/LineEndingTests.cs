using Compliance.Analyzers.CodeFixes.Infrastructure;
using Compliance.Analyzers.Tests.Crypto;
using Compliance.Analyzers.Tests.DataFlow;
using Compliance.Analyzers.Tests.Endpoints;
using Compliance.Analyzers.Tests.Secrets;
using Compliance.Analyzers.Tests.Sessions;
using Compliance.Analyzers.Tests.Transport;
using Compliance.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Compliance.Analyzers.Tests.Meta;

/// <summary>
/// A fix must not change a file's line endings: a CRLF file stays CRLF whatever the fix inserts
/// (usings, attributes, statements, initializers). Existing fix tests are re-run with every source
/// and expected result converted to CRLF, compared with exact line endings, one fix at a time and
/// with Fix All in document and project scope; every code fix provider needs at least one.
/// </summary>
public sealed class LineEndingTests
{
    /// <summary>Code fix provider, fix test that exercises it (preferring tests that insert lines).</summary>
    private static readonly (string Provider, string Test, Func<Task> Run)[] Cases =
    [
        ("AddEncryptedCodeFixProvider", "AddEncrypted_FixAll", () => new UnencryptedEntityPropertyTests().AddEncrypted_FixAll()),
        ("AntiforgeryCodeFixProvider", "ValidateAntiForgeryToken_OnTheAction_FixAllAcrossTheController", () => new EndpointCodeFixTests().ValidateAntiForgeryToken_OnTheAction_FixAllAcrossTheController()),
        ("AntiforgeryCodeFixProvider", "ValidateAntiForgeryToken_OnTheController_ProtectsEveryAction", () => new EndpointCodeFixTests().ValidateAntiForgeryToken_OnTheController_ProtectsEveryAction()),
        ("AuditedCodeFixProvider", "Audited_IsAddedToEveryActionOfAController_WithTheUsing", () => new EndpointCodeFixTests().Audited_IsAddedToEveryActionOfAController_WithTheUsing()),
        ("AuditedCodeFixProvider", "Audited_OnRazorPages_GoesOnThePageModelOnce", () => new EndpointCodeFixTests().Audited_OnRazorPages_GoesOnThePageModelOnce()),
        ("AuditedCodeFixProvider", "Audited_IsAppendedToMinimalApis", () => new EndpointCodeFixTests().Audited_IsAppendedToMinimalApis()),
        ("AuthenticationTierCodeFixProvider", "AuthenticationTier_ReplacesAnExistingTier_OrIsAdded", () => new EndpointCodeFixTests().AuthenticationTier_ReplacesAnExistingTier_OrIsAdded()),
        ("AuthorizeCodeFixProvider", "Authorize_InAllThreeStyles_WithTheUsing", () => new EndpointCodeFixTests().Authorize_InAllThreeStyles_WithTheUsing()),
        ("ClassifiedObjectCodeFixProvider", "WholeObject_LogIdentifier_FixAll", () => new DataFlowCodeFixTests().WholeObject_LogIdentifier_FixAll()),
        ("ClassifiedObjectCodeFixProvider", "WholeObject_WithoutIdentifier_Redacts_FixAll", () => new DataFlowCodeFixTests().WholeObject_WithoutIdentifier_Redacts_FixAll()),
        ("ClassifyMemberCodeFixProvider", "AddPhi_InHealthContext_FixAll", () => new UnclassifiedIdentifierTests().AddPhi_InHealthContext_FixAll()),
        ("ClassifyMemberCodeFixProvider", "AddPii_OutsideHealthContext_FixAll", () => new UnclassifiedIdentifierTests().AddPii_OutsideHealthContext_FixAll()),
        ("ComplianceRuntimeCodeFixProvider", "Fix_TopLevelProgram_AddsTheRegistrationAndTheMiddleware", () => new ComplianceRuntimeRegistrationAnalyzerTests().Fix_TopLevelProgram_AddsTheRegistrationAndTheMiddleware()),
        ("ComplianceRuntimeCodeFixProvider", "Fix_MainMethodProgram_PlacesUseComplianceBetweenAuthenticationAndAuthorization_AndAddsUsings", () => new ComplianceRuntimeRegistrationAnalyzerTests().Fix_MainMethodProgram_PlacesUseComplianceBetweenAuthenticationAndAuthorization_AndAddsUsings()),
        ("CookieBuilderCodeFixProvider", "Fix_UsesSecureValues_AndFixAllCoversTheDocument", () => new CookieBuilderAnalyzerTests().Fix_UsesSecureValues_AndFixAllCoversTheDocument()),
        ("CredentialLogCodeFixProvider", "Fix_RedactsTheValue_AddingTheUsing", () => new CredentialLogAnalyzerTests().Fix_RedactsTheValue_AddingTheUsing()),
        ("CredentialLogCodeFixProvider", "Fix_RemovesTheArgumentAndItsPlaceholder", () => new CredentialLogAnalyzerTests().Fix_RemovesTheArgumentAndItsPlaceholder()),
        ("CredentialLogCodeFixProvider", "FixAll_RedactsEveryCredentialInTheDocument", () => new CredentialLogAnalyzerTests().FixAll_RedactsEveryCredentialInTheDocument()),
        ("DeveloperExceptionPageCodeFixProvider", "Fix_WrapsTheCallInADevelopmentCheck_AddingTheUsing", () => new DeveloperExceptionPageAnalyzerTests().Fix_WrapsTheCallInADevelopmentCheck_AddingTheUsing()),
        ("DeveloperExceptionPageCodeFixProvider", "Fix_UsesTheStartupEnvironment_AndFixAllCoversTheDocument", () => new DeveloperExceptionPageAnalyzerTests().Fix_UsesTheStartupEnvironment_AndFixAllCoversTheDocument()),
        ("HardCodedSecretCodeFixProvider", "Fix_ReadsFromConfiguration_WhenOneIsInScope", () => new HardCodedSecretAnalyzerTests().Fix_ReadsFromConfiguration_WhenOneIsInScope()),
        ("HardCodedSecretCodeFixProvider", "Fix_ReadsFromTheEnvironment_AndTurnsConstIntoStaticReadonly", () => new HardCodedSecretAnalyzerTests().Fix_ReadsFromTheEnvironment_AndTurnsConstIntoStaticReadonly()),
        ("HardCodedSecretCodeFixProvider", "Fix_IsNotOfferedWhereAConstantIsRequired_AndFixAllHandlesTheRest", () => new HardCodedSecretAnalyzerTests().Fix_IsNotOfferedWhereAConstantIsRequired_AndFixAllHandlesTheRest()),
        ("InsecureRandomnessCodeFixProvider", "Fix_AddsTheCryptographyUsing", () => new InsecureRandomnessAnalyzerTests().Fix_AddsTheCryptographyUsing()),
        ("JwtValidationCodeFixProvider", "Fix_RestoresTheCheck_AndFixAllCoversTheDocument", () => new JwtValidationAnalyzerTests().Fix_RestoresTheCheck_AndFixAllCoversTheDocument()),
        ("PipelineCodeFixProvider", "Fix_AddsHstsRedirectionAndHeadersAfterBuild", () => new PipelineAnalyzerTests().Fix_AddsHstsRedirectionAndHeadersAfterBuild()),
        ("PipelineCodeFixProvider", "HeadersFix_AddsOnlyTheMissingCall", () => new PipelineAnalyzerTests().HeadersFix_AddsOnlyTheMissingCall()),
        ("GlobalRateLimiterCodeFixProvider", "Fix_TopLevelProgram_AddsAGlobalLimiterAndTheMiddleware", () => new ApplicationRateLimitTests().Fix_TopLevelProgram_AddsAGlobalLimiterAndTheMiddleware()),
        ("RateLimitedCodeFixProvider", "RateLimited_StandardTier_InAllThreeStyles", () => new EndpointCodeFixTests().RateLimited_StandardTier_InAllThreeStyles()),
        ("RedactClassifiedDataCodeFixProvider", "Log_RedactValue_AddsTheUsing_FixAll", () => new DataFlowCodeFixTests().Log_RedactValue_AddsTheUsing_FixAll()),
        ("RedactClassifiedDataCodeFixProvider", "Exception_RedactValue_FixAll", () => new DataFlowCodeFixTests().Exception_RedactValue_FixAll()),
        ("ResponseCookieCodeFixProvider", "BareAppend_GetsSecureOptions_AndTheUsingIsAdded", () => new ResponseCookieCodeFixTests().BareAppend_GetsSecureOptions_AndTheUsingIsAdded()),
        ("ResponseCookieCodeFixProvider", "MultiLineInitializer_KeepsItsLayout", () => new ResponseCookieCodeFixTests().MultiLineInitializer_KeepsItsLayout()),
        ("ResponseCookieCodeFixProvider", "LocalOptions_ConditionalAndUnsafeAssignmentsAreMadeSafe", () => new ResponseCookieCodeFixTests().LocalOptions_ConditionalAndUnsafeAssignmentsAreMadeSafe()),
        ("ResponseCookieCodeFixProvider", "FixAll_FixesEveryCookieInTheDocument", () => new ResponseCookieCodeFixTests().FixAll_FixesEveryCookieInTheDocument()),
        ("SessionTimeoutCodeFixProvider", "Fix_SetsThePolicyValue_AndFixAllCoversTheDocument", () => new SessionTimeoutAnalyzerTests().Fix_SetsThePolicyValue_AndFixAllCoversTheDocument()),
        ("ValidatedCodeFixProvider", "Validated_InAllThreeStyles", () => new EndpointCodeFixTests().Validated_InAllThreeStyles()),
        ("WeakCryptographyCodeFixProvider", "Fix_SwitchesHashingToSha256", () => new WeakCryptographyAnalyzerTests().Fix_SwitchesHashingToSha256()),
    ];

    public static TheoryData<string, string> CaseNames
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (provider, test, _) in Cases)
            {
                data.Add(provider, test);
            }

            return data;
        }
    }

    [Fact]
    public void EveryCodeFixProvider_HasACrlfCase()
    {
        var covered = Cases.Select(static c => c.Provider).ToHashSet(StringComparer.Ordinal);
        Assert.All(Catalog.CodeFixes, fix => Assert.True(covered.Contains(fix.GetType().Name), $"{fix.GetType().Name} has no CRLF case in {nameof(LineEndingTests)}: add one of its fix tests."));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task CrlfFile_StaysCrlf_AfterTheFix_AndAfterFixAll(string provider, string test)
    {
        var verified = await LineEndingMode.RunWithCrlfAsync(Cases.Single(c => c.Provider == provider && c.Test == test).Run);

        // The case must really have applied this provider's fix, not only verified diagnostics.
        Assert.Contains(provider, verified.Select(static t => t.Name));
    }

    [Fact]
    public void Verifier_ReportsTheFirstLineWhoseBreakDiffers()
    {
        Assert.Equal("line 2 ends with \"\\n\", expected \"\\r\\n\"", CodeFixTest<Compliance.Analyzers.Transport.PipelineAnalyzer, Compliance.Analyzers.CodeFixes.Transport.PipelineCodeFixProvider>.LineEndingMismatch("a\r\nb\r\nc", "a\r\nb\nc"));
    }

    [Fact]
    public async Task Restore_RewritesOnlyTheInsertedLineBreaks()
    {
        // A file with mixed endings: the untouched "\n" after b; stays, the inserted lines follow the first break.
        var original = Document("a;\r\nb;\nc;\r\n");
        var changed = original.WithText(SourceText.From("a;\r\nx;\ny;\nb;\nc;\r\n"));

        var restored = await LineEndings.RestoreAsync(original, changed, CancellationToken.None);

        Assert.Equal("a;\r\nx;\r\ny;\r\nb;\nc;\r\n", (await restored.GetTextAsync()).ToString());
    }

    [Theory]
    [InlineData("a;\r\n", "\r\n")]
    [InlineData("a;\n", "\n")]
    [InlineData("a;\rb;", "\r")]
    public async Task DocumentLineEnding_IsItsFirstLineBreak(string text, string expected)
        => Assert.Equal(expected, await LineEndings.OfAsync(Document(text), CancellationToken.None));

    private static Document Document(string text)
    {
        var workspace = new AdhocWorkspace();
        var project = workspace.AddProject("LineEndings", LanguageNames.CSharp);
        return workspace.AddDocument(project.Id, "Test0.cs", SourceText.From(text));
    }
}
