using Microsoft.CodeAnalysis.Text;

namespace Compliance.Analyzers.Infrastructure.Json;

/// <summary>
/// One string value of a configuration file with its configuration path
/// (<c>Authentication:Google:ClientSecret</c>) and the exact span of its text in the file.
/// </summary>
public readonly record struct ConfigurationEntry(string Path, string Value, TextSpan ValueSpan);
