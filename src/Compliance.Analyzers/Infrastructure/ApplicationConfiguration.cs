using System.Runtime.CompilerServices;
using Compliance.Analyzers.Infrastructure.Cookies;
using Compliance.Analyzers.Infrastructure.Endpoints;
using Microsoft.CodeAnalysis;

namespace Compliance.Analyzers.Infrastructure;

/// <summary>
/// The application's configuration, read once per compilation in one walk over its files: the
/// endpoint policy (global filters, conventions, authentication, rate limiting, registrations),
/// the FluentValidation registrations, and the cookie policy. Each family decides from a file's
/// text whether the file can hold its configuration; a file that none of them wants is not
/// walked, and a file some want is walked once, its candidate nodes bound once.
/// </summary>
/// <remarks>
/// These are whole-program facts (configuration lives in Program.cs or a Startup class, the code
/// it governs elsewhere), shared by every analyzer of the compilation. The scan runs the first
/// time any of them is asked for, without any one caller's cancellation token: a cancelled caller
/// must not leave a partial result in the cache.
/// </remarks>
internal sealed class ApplicationConfiguration
{
    private static readonly ConditionalWeakTable<Compilation, ApplicationConfiguration> Cache = new();
    private static readonly ConditionalWeakTable<Compilation, ApplicationConfiguration>.CreateValueCallback Create = static c => new ApplicationConfiguration(c);

    // The table may create two holders for one compilation under a race and keep one; the Lazy
    // keeps the walk itself to one per kept holder.
    private readonly Lazy<(EndpointPolicyAccumulator Endpoints, ValidatorRegistrations Validators, CookiePolicyFacts Cookies)> _scan;

    private ApplicationConfiguration(Compilation compilation)
    {
        _scan = new(() => Scan(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public static ApplicationConfiguration For(Compilation compilation) => Cache.GetValue(compilation, Create);

    /// <summary>What the endpoint policy is made of; <see cref="EndpointModel"/> builds the policy from it.</summary>
    public EndpointPolicyAccumulator EndpointPolicy => _scan.Value.Endpoints;

    public ValidatorRegistrations Validators => _scan.Value.Validators;

    public CookiePolicyFacts CookiePolicy => _scan.Value.Cookies;

    private static (EndpointPolicyAccumulator, ValidatorRegistrations, CookiePolicyFacts) Scan(Compilation compilation)
    {
        var knownTypes = KnownTypes.For(compilation);
        var endpoints = new EndpointPolicyAccumulator(compilation);
        var validators = new ValidatorRegistrationAccumulator();
        var cookies = new CookiePolicyAccumulator(knownTypes);
        IConfigurationAccumulator[] accumulators = [endpoints, validators, cookies];
        var interested = new List<IConfigurationAccumulator>(accumulators.Length);
        foreach (var tree in compilation.SyntaxTrees)
        {
            // For files under a few tens of thousands of characters the text is held as one
            // string, which ToString returns without copying; it is read once for all families.
            var text = tree.GetText().ToString();
            interested.Clear();
            foreach (var accumulator in accumulators)
            {
                if (accumulator.Wants(tree, text))
                {
                    interested.Add(accumulator);
                }
            }

            if (interested.Count == 0)
            {
                continue;
            }

            var file = new ConfigurationFile(compilation, tree);
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                foreach (var accumulator in interested)
                {
                    accumulator.Visit(node, file);
                }
            }
        }

        return (endpoints, validators.ToRegistrations(), cookies.ToFacts());
    }
}
