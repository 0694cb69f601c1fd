namespace Compliance.Package.Tests;

/// <summary>
/// Every test class that consumes the packed packages shares one pack: packing is the slowest step,
/// and the packages do not change between tests.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PackagesCollection : ICollectionFixture<PackagedAppFixture>
{
    public const string Name = "Packed packages";
}
