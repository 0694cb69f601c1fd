namespace Compliance.Analyzers.Tests.Endpoints;

/// <summary>Source text the endpoint tests share.</summary>
internal static class EndpointSources
{
    /// <summary>
    /// The program of the application the controllers belong to. Facts such as "a model-bound
    /// action is a form target a browser posts with its cookies" are about an application; a
    /// library of controllers without authentication of its own leaves them to its host.
    /// </summary>
    public const string Application = """


        public static class Program
        {
            public static void Main(string[] args) => Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args).Build().Run();
        }
        """;
}
