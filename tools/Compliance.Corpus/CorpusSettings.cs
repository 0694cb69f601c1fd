namespace Compliance.Corpus;

/// <summary>What the corpus runner's command line asked for (<see cref="CorpusCommand"/>).</summary>
/// <param name="Root">The source folder, as a full path.</param>
/// <param name="TsvPath">Where every diagnostic is written.</param>
/// <param name="IncludeTests">Whether test projects are analysed too.</param>
/// <param name="InferFramework">Whether libraries get the ASP.NET Core shared framework when their packages or references imply it.</param>
/// <param name="Options">The analyzers' global options (<c>--option key=value</c>).</param>
internal sealed record CorpusSettings(string Root, string TsvPath, bool IncludeTests, bool InferFramework, IReadOnlyDictionary<string, string> Options);
