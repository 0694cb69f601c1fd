namespace Compliance.Runtime.Tests.Auditing;

public static class CrashWriterProgram
{
    public static int Main(string[] args) => 0;
}
