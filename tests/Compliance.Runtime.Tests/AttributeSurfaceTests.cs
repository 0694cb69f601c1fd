using System.Reflection;
using Compliance.Runtime;

namespace Compliance.Runtime.Tests;

/// <summary>The analyzers match these types by metadata name, so their names and shapes are contract.</summary>
public sealed class AttributeSurfaceTests
{
    [Theory]
    [InlineData(typeof(PhiAttribute), AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter | AttributeTargets.ReturnValue)]
    [InlineData(typeof(PiiAttribute), AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter | AttributeTargets.ReturnValue)]
    [InlineData(typeof(RedactsAttribute), AttributeTargets.Method)]
    [InlineData(typeof(AuditedAttribute), AttributeTargets.Class | AttributeTargets.Method)]
    [InlineData(typeof(RateLimitedAttribute), AttributeTargets.Class | AttributeTargets.Method)]
    [InlineData(typeof(ValidatedAttribute), AttributeTargets.Class | AttributeTargets.Method)]
    [InlineData(typeof(EncryptedAttribute), AttributeTargets.Property)]
    public void Attribute_HasContractNameAndTargets(Type type, AttributeTargets targets)
    {
        Assert.Equal("Compliance.Runtime", type.Namespace);
        Assert.True(type.IsSealed);
        Assert.Equal(targets, type.GetCustomAttribute<AttributeUsageAttribute>()!.ValidOn);
    }

    [Fact]
    public void PhiAndPii_AreDataClassificationAttributes_OfTheHipaaTaxonomy_KeepingTheirCategory()
    {
        Microsoft.Extensions.Compliance.Classification.DataClassificationAttribute phi = new PhiAttribute { Category = "ssn" };
        Microsoft.Extensions.Compliance.Classification.DataClassificationAttribute pii = new PiiAttribute { Category = "email" };

        Assert.Equal(new Microsoft.Extensions.Compliance.Classification.DataClassification("HIPAA", "PHI"), phi.Classification);
        Assert.Equal(new Microsoft.Extensions.Compliance.Classification.DataClassification("HIPAA", "PII"), pii.Classification);
        Assert.Equal("ssn", ((PhiAttribute)phi).Category);
        Assert.Equal("email", ((PiiAttribute)pii).Category);
        Assert.Equal(HipaaTaxonomy.TaxonomyName, HipaaTaxonomy.Phi.TaxonomyName);
    }

    [Fact]
    public void RateLimited_DefaultsToStandardTier()
    {
        Assert.Equal(RateLimitTier.Standard, new RateLimitedAttribute().Tier);
        Assert.Equal(RateLimitTier.Authentication, new RateLimitedAttribute(RateLimitTier.Authentication).Tier);
    }

    [Fact]
    public void Audited_ReadsResourceIdFromIdRouteValueByDefault()
    {
        var audited = new AuditedAttribute();
        Assert.Equal("id", audited.ResourceIdRouteValue);
        Assert.Null(audited.Action);
    }
}
