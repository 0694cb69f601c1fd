using Compliance.Analyzers.CodeFixes.DataFlow;
using Compliance.Analyzers.DataFlow;
using Compliance.Analyzers.Tests.Verifiers;
using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Compliance.Analyzers.DataFlow.UnclassifiedIdentifierAnalyzer,
    Compliance.Analyzers.CodeFixes.DataFlow.ClassifyMemberCodeFixProvider>;

namespace Compliance.Analyzers.Tests.DataFlow;

public sealed class UnclassifiedIdentifierTests
{
    [Theory]
    [InlineData("EmailAddress", "email address")]
    [InlineData("PatientEmail", "email address")]
    [InlineData("email", "email address")]
    [InlineData("date_of_birth", "date of birth")]
    [InlineData("DateOfBirth", "date of birth")]
    [InlineData("SSN", "social security number")]
    [InlineData("IpAddress", "IP address")]
    [InlineData("AddressLine1", "address")]
    [InlineData("HomePhoneNumber", "telephone number")]
    [InlineData("ZipCode", "ZIP code")]
    [InlineData("MedicalRecordNumber", "medical record number")]
    [InlineData("FirstName", "name")]
    [InlineData("PassportNumber", "passport number")]
    [InlineData("Passport", "passport number")]
    [InlineData("NationalId", "national identity number")]
    [InlineData("IdCardNumber", "national identity number")]
    [InlineData("NationalIdentityNumber", "national identity number")]
    [InlineData("HomePhone", "telephone number")]
    [InlineData("Landline", "telephone number")]
    [InlineData("LandlinePhone", "telephone number")]
    [InlineData("ParentName", "name")]
    [InlineData("GuardianName", "name")]
    [InlineData("MotherName", "name")]
    [InlineData("FatherName", "name")]
    [InlineData("NextOfKin", "name")]
    public void IdentifierNames_Match(string name, string category)
        => Assert.Equal(category, HipaaIdentifierNames.Match(name, Array.Empty<string>(), Array.Empty<string>()));

    [Theory]
    [InlineData("EmailTemplateId")]
    [InlineData("PhoneVerified")]
    [InlineData("Capacity")]
    [InlineData("ShippingMethod")]
    [InlineData("Name")]
    [InlineData("DisplayOrder")]
    [InlineData("ZipCodeFormat")]
    [InlineData("PassportIssued")]
    [InlineData("PassportExpiry")]
    [InlineData("ParentId")]
    [InlineData("GuardianCount")]
    [InlineData("NationalIdType")]
    [InlineData("LandlineAvailable")]
    public void OtherNames_DoNotMatch(string name)
        => Assert.Null(HipaaIdentifierNames.Match(name, Array.Empty<string>(), Array.Empty<string>()));

    [Fact]
    public void AdditionsAndExclusions_Apply()
    {
        Assert.Equal("configured identifier", HipaaIdentifierNames.Match("PolicyHolderName", new[] { "PolicyHolderName" }, Array.Empty<string>()));
        Assert.Null(HipaaIdentifierNames.Match("ClinicAddress", Array.Empty<string>(), new[] { "ClinicAddress" }));
        Assert.Null(HipaaIdentifierNames.Match("SupportEmail", Array.Empty<string>(), new[] { "support email" }));
    }

    [Fact]
    public Task DtoMember_IsReported()
        => VerifyCS.VerifyAnalyzerAsync("""
            public class PatientDto
            {
                public int Id { get; set; }
                public string {|#0:DateOfBirth|} { get; set; } = "";
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("PatientDto.DateOfBirth", "date of birth"));

    [Fact]
    public Task RecordPositionalParameter_IsReported()
        => VerifyCS.VerifyAnalyzerAsync("""
            public record ContactRequest(int Id, string {|CMP2006:Email|});
            """);

    [Fact]
    public Task TypeWithClassifiedMembers_IsADataCarrier()
        => VerifyCS.VerifyAnalyzerAsync("""
            public class Patient
            {
                [Compliance.Runtime.Phi] public string Ssn { get; set; } = "";
                public string {|CMP2006:PhoneNumber|} { get; set; } = "";
            }
            """);

    [Fact]
    public Task ClassifiedMembers_AreNotReported()
        => VerifyCS.VerifyAnalyzerAsync("""
            public class PatientDto
            {
                [Compliance.Runtime.Phi] public string DateOfBirth { get; set; } = "";
                [Compliance.Runtime.Pii] public string Email { get; set; } = "";
            }
            """);

    [Fact]
    public Task NonDataTypes_AreNotReported()
        => VerifyCS.VerifyAnalyzerAsync("""
            public class EmailSender
            {
                public string Email { get; set; } = "";
            }
            """);

    [Fact]
    public Task NonIdentifierShapes_AreNotReported()
        => VerifyCS.VerifyAnalyzerAsync("""
            public class AccountDto
            {
                public bool PhoneVerified { get; set; }
                public bool Email { get; set; }
                public int EmailTemplateId { get; set; }
                public System.Collections.Generic.List<string> Address { get; } = new();
            }
            """);

    [Fact]
    public Task ExcludedName_IsNotReported()
        => new VerifyCS.Test
        {
            TestCode = """
                public class ClinicDto
                {
                    public string ClinicAddress { get; set; } = "";
                    public string {|CMP2006:Fax|} { get; set; } = "";
                }
                """,
            EditorConfig = "compliance.dataflow.identifier_exclusions = ClinicAddress",
        }.RunAsync();

    [Fact]
    public Task ConfiguredName_IsReported()
        => new VerifyCS.Test
        {
            TestCode = """
                public class MemberDto
                {
                    public string {|CMP2006:PolicyHolder|} { get; set; } = "";
                }
                """,
            EditorConfig = "compliance.dataflow.identifier_names = PolicyHolder",
        }.RunAsync();

    [Fact]
    public Task AddPhi_InHealthContext_FixAll()
        => new VerifyCS.Test
        {
            TestCode = """
                namespace Clinic;

                public class PatientDto
                {
                    public int Id { get; set; }

                    /// <summary>Born on.</summary>
                    public string {|CMP2006:DateOfBirth|} { get; set; } = "";

                    [System.ComponentModel.DataAnnotations.Required]
                    public string {|CMP2006:Phone|} { get; set; } = "";
                }
                """,
            FixedCode = """
                using Compliance.Runtime;

                namespace Clinic;

                public class PatientDto
                {
                    public int Id { get; set; }

                    /// <summary>Born on.</summary>
                    [Phi]
                    public string DateOfBirth { get; set; } = "";

                    [System.ComponentModel.DataAnnotations.Required]
                    [Phi]
                    public string Phone { get; set; } = "";
                }
                """,
            CodeActionEquivalenceKey = ClassifyMemberCodeFixProvider.AddPhiKey,
        }.RunAsync();

    [Fact]
    public Task AddPii_OutsideHealthContext_FixAll()
        => new VerifyCS.Test
        {
            TestCode = """
                using System;

                public record SignupRequest(string {|CMP2006:Email|}, string Password);

                public class UserDto
                {
                    public string {|CMP2006:IpAddress|} = "";
                }
                """,
            FixedCode = """
                using System;
                using Compliance.Runtime;

                public record SignupRequest([Pii] string Email, string Password);

                public class UserDto
                {
                    [Pii]
                    public string IpAddress = "";
                }
                """,
            CodeActionEquivalenceKey = ClassifyMemberCodeFixProvider.AddPiiKey,
        }.RunAsync();

    [Fact]
    public Task NewIdentifierNames_AreReported_AndLookalikesAreNot()
        => VerifyCS.VerifyAnalyzerAsync("""
            using System;

            public class StudentDto
            {
                public string {|CMP2006:PassportNumber|} { get; set; } = "";
                public bool PassportIssued { get; set; }
                public string {|CMP2006:NationalId|} { get; set; } = "";
                public string {|CMP2006:Landline|} { get; set; } = "";
                public string {|CMP2006:ParentName|} { get; set; } = "";
                public Guid ParentId { get; set; }
                public string {|CMP2006:GuardianName|} { get; set; } = "";
                public int GuardianCount { get; set; }
                public string {|CMP2006:NextOfKin|} { get; set; } = "";
            }

            public class CategoryDto
            {
                public string ParentName { get; set; } = "";
            }
            """);

    [Fact]
    public Task NewIdentifierNames_AreFixed()
        => new VerifyCS.Test
        {
            TestCode = """
                namespace Clinic;

                public class PatientDto
                {
                    public string {|CMP2006:MotherName|} { get; set; } = "";
                    public string {|CMP2006:IdCardNumber|} { get; set; } = "";
                }
                """,
            FixedCode = """
                using Compliance.Runtime;

                namespace Clinic;

                public class PatientDto
                {
                    [Phi]
                    public string MotherName { get; set; } = "";
                    [Phi]
                    public string IdCardNumber { get; set; } = "";
                }
                """,
            CodeActionEquivalenceKey = ClassifyMemberCodeFixProvider.AddPhiKey,
        }.RunAsync();
}
