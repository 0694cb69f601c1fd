using Compliance.Analyzers.CodeFixes.DataFlow;
using Compliance.Analyzers.Tests.Verifiers;
using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Compliance.Analyzers.DataFlow.UnencryptedClassifiedEntityPropertyAnalyzer,
    Compliance.Analyzers.CodeFixes.DataFlow.AddEncryptedCodeFixProvider>;

namespace Compliance.Analyzers.Tests.DataFlow;

public sealed class UnencryptedEntityPropertyTests
{
    /// <summary>The EF Core surface the rule looks at, declared in source (matched by metadata name like the real assembly).</summary>
    private const string EfCore = """

        namespace Microsoft.EntityFrameworkCore
        {
            public class DbContext { protected virtual void OnModelCreating(ModelBuilder modelBuilder) { } }
            public class DbSet<T> where T : class { }
            public class ModelBuilder { public Metadata.Builders.EntityTypeBuilder<T> Entity<T>() where T : class => new(); }
            public interface IEntityTypeConfiguration<T> where T : class { void Configure(Metadata.Builders.EntityTypeBuilder<T> builder); }
        }

        namespace Microsoft.EntityFrameworkCore.Metadata.Builders
        {
            public class EntityTypeBuilder<T> where T : class
            {
                public PropertyBuilder Property<TProperty>(System.Linq.Expressions.Expression<System.Func<T, TProperty>> selector) => new();
            }

            public class PropertyBuilder
            {
                public PropertyBuilder IsRequired() => this;
                public PropertyBuilder IsEncrypted() => this;
            }
        }

        """;

    [Fact]
    public Task DbSetEntity_IsReported()
        => VerifyCS.VerifyAnalyzerAsync("""
            using Compliance.Runtime;
            using Microsoft.EntityFrameworkCore;

            public class Patient
            {
                public int Id { get; set; }
                [Phi] public string {|#0:Ssn|} { get; set; } = "";
            }

            public class ClinicDb : DbContext
            {
                public DbSet<Patient> Patients { get; set; } = null!;
            }
            """ + EfCore,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("Patient", "Ssn", "[Phi]", "DbSet<Patient> on ClinicDb"));

    [Fact]
    public Task EntityConfiguredInOnModelCreating_IsReported()
        => VerifyCS.VerifyAnalyzerAsync("""
            using Compliance.Runtime;
            using Microsoft.EntityFrameworkCore;

            public class Visit { public int Id { get; set; } [Pii] public string {|#0:Email|} { get; set; } = ""; }

            public class ClinicDb : DbContext
            {
                protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Visit>();
            }
            """ + EfCore,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("Visit", "Email", "[Pii]", "modelBuilder.Entity<Visit>()"));

    [Fact]
    public Task EntityTypeConfiguration_IsReported()
        => VerifyCS.VerifyAnalyzerAsync("""
            using Compliance.Runtime;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;

            public class Claim { public int Id { get; set; } [Phi] public string {|CMP2007:Diagnosis|} { get; set; } = ""; }

            public class ClaimConfiguration : IEntityTypeConfiguration<Claim>
            {
                public void Configure(EntityTypeBuilder<Claim> builder) => builder.Property(c => c.Id).IsRequired();
            }
            """ + EfCore);

    [Fact]
    public Task InheritedClassifiedProperty_IsReported()
        => VerifyCS.VerifyAnalyzerAsync("""
            using Compliance.Runtime;
            using Microsoft.EntityFrameworkCore;

            public abstract class Person { [Phi] public string {|CMP2007:DateOfBirth|} { get; set; } = ""; }
            public class Patient : Person { public int Id { get; set; } }

            public class ClinicDb : DbContext { public DbSet<Patient> Patients { get; set; } = null!; }
            """ + EfCore);

    [Fact]
    public Task EncryptedProperty_IsNotReported()
        => VerifyCS.VerifyAnalyzerAsync("""
            using Compliance.Runtime;
            using Microsoft.EntityFrameworkCore;

            public class Patient { public int Id { get; set; } [Phi, Encrypted] public string Ssn { get; set; } = ""; }

            public class ClinicDb : DbContext { public DbSet<Patient> Patients { get; set; } = null!; }
            """ + EfCore);

    [Fact]
    public Task FluentEncryption_IsNotReported()
        => VerifyCS.VerifyAnalyzerAsync("""
            using Compliance.Runtime;
            using Microsoft.EntityFrameworkCore;

            public class Patient { public int Id { get; set; } [Phi] public string Ssn { get; set; } = ""; }

            public class ClinicDb : DbContext
            {
                public DbSet<Patient> Patients { get; set; } = null!;

                protected override void OnModelCreating(ModelBuilder modelBuilder)
                    => modelBuilder.Entity<Patient>().Property(p => p.Ssn).IsEncrypted();
            }
            """ + EfCore);

    [Fact]
    public Task ClassifiedTypeThatIsNotAnEntity_IsNotReported()
        => VerifyCS.VerifyAnalyzerAsync("""
            using Compliance.Runtime;
            using Microsoft.EntityFrameworkCore;

            public class PatientDto { [Phi] public string Ssn { get; set; } = ""; }
            public class Bed { public int Id { get; set; } }

            public class ClinicDb : DbContext { public DbSet<Bed> Beds { get; set; } = null!; }
            """ + EfCore);

    [Fact]
    public Task EntityInTwoContexts_IsReportedOnce()
        => VerifyCS.VerifyAnalyzerAsync("""
            using Compliance.Runtime;
            using Microsoft.EntityFrameworkCore;

            public class Patient { public int Id { get; set; } [Phi] public string {|CMP2007:Ssn|} { get; set; } = ""; }

            public class ClinicDb : DbContext { public DbSet<Patient> Patients { get; set; } = null!; }
            public class ReportingDb : DbContext { public DbSet<Patient> Patients { get; set; } = null!; }
            """ + EfCore);

    [Fact]
    public Task WithoutEfCore_NothingIsReported()
        => VerifyCS.VerifyAnalyzerAsync("""
            using Compliance.Runtime;

            public class Patient { [Phi] public string Ssn { get; set; } = ""; }
            """);

    [Fact]
    public Task AddEncrypted_FixAll()
        => new VerifyCS.Test
        {
            TestCode = """
                using Microsoft.EntityFrameworkCore;

                public class Patient
                {
                    public int Id { get; set; }

                    [Compliance.Runtime.Phi]
                    public string {|CMP2007:Ssn|} { get; set; } = "";

                    [Compliance.Runtime.Phi] public string {|CMP2007:Name|} { get; set; } = "";
                }

                public class ClinicDb : DbContext { public DbSet<Patient> Patients { get; set; } = null!; }
                """ + EfCore,
            FixedCode = """
                using Compliance.Runtime;
                using Microsoft.EntityFrameworkCore;

                public class Patient
                {
                    public int Id { get; set; }

                    [Compliance.Runtime.Phi]
                    [Encrypted]
                    public string Ssn { get; set; } = "";

                    [Compliance.Runtime.Phi, Encrypted] public string Name { get; set; } = "";
                }

                public class ClinicDb : DbContext { public DbSet<Patient> Patients { get; set; } = null!; }
                """ + EfCore,
            CodeActionEquivalenceKey = AddEncryptedCodeFixProvider.AddEncryptedKey,
        }.RunAsync();
}
