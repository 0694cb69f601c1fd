namespace Compliance.Analyzers.Tests.Verifiers;

/// <summary>The metadata references a test compilation gets (<see cref="TestReferences.For"/>).</summary>
public enum ReferenceSet
{
    /// <summary>The net10.0 framework only.</summary>
    Net,

    /// <summary>net10.0 and the ASP.NET Core shared framework.</summary>
    AspNetCore,

    /// <summary>net10.0, ASP.NET Core and the Compliance.Runtime assembly (the default).</summary>
    AspNetCoreWithRuntime,
}
