using Compliance.Runtime.Pipeline;
using Compliance.Runtime.Validation;
using Microsoft.AspNetCore.Builder;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers strict body validation.</summary>
public static class ValidationComplianceBuilderExtensions
{
    /// <summary>
    /// Validates the JSON bodies of endpoints marked <c>[Validated]</c> / <c>.Validated()</c> before
    /// they run: size limit, unknown members rejected, malformed JSON and wrong types reported by
    /// field, DataAnnotations and <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>
    /// recursively. Failures answer 400 ValidationProblemDetails (<c>errors</c> keyed by JSON path such
    /// as <c>$.ssn</c>) and write a <c>validation.rejected</c> audit event naming the fields.
    /// Options bind from <c>Compliance:Validation</c>.
    /// </summary>
    /// <param name="builder">The compliance builder.</param>
    /// <param name="configure">Adjusts the options.</param>
    /// <returns>The builder.</returns>
    public static ComplianceBuilder AddValidation(this ComplianceBuilder builder, Action<ValidationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<ValidationOptions>().BindConfiguration(ValidationOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(static o => o.MaxBodySize > 0 && o.MaxBodySize <= int.MaxValue - 1 && o.MaxDepth is > 0 and <= 256, "Compliance:Validation:MaxBodySize must be positive (below 2 GiB) and MaxDepth between 1 and 256.")
            .ValidateOnStart();
        return builder.AddMiddleware(CompliancePipelineStage.Validation, "Validation", static app => app.UseMiddleware<ValidationMiddleware>());
    }
}
