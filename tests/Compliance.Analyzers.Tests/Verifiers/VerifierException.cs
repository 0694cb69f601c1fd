namespace Compliance.Analyzers.Tests.Verifiers;

/// <summary>A verification failure; the message says what differed and how to update the test.</summary>
public sealed class VerifierException(string message) : Exception(message);
