using System.Globalization;
using System.Text;

namespace Compliance.Analyzers.Overhead;

/// <summary>
/// Generates a clinic-style ASP.NET Core application: per module an entity and a DTO with [Phi]
/// members, an MVC controller, a minimal-API group and a service that logs, plus a top-level
/// Program.cs. The shapes are the ones the rules inspect, mostly written correctly, with a few
/// violations so reporting paths run too.
/// </summary>
internal static class AppGenerator
{
    public const int FilesPerModule = 5;

    public static IReadOnlyList<(string Path, string Text)> Generate(int modules)
    {
        var files = new List<(string, string)>(modules * FilesPerModule + 1);
        for (var i = 0; i < modules; i++)
        {
            files.Add(($"Models/Patient{i}.cs", Entity(i)));
            files.Add(($"Models/Patient{i}Dto.cs", Dto(i)));
            files.Add(($"Controllers/Patients{i}Controller.cs", Controller(i)));
            files.Add(($"Endpoints/Appointments{i}Endpoints.cs", Endpoints(i)));
            files.Add(($"Services/Patient{i}Service.cs", Service(i)));
        }

        files.Add(("Program.cs", Program(modules)));
        return files;
    }

    private static string Entity(int i) => $$"""
        using System;
        using System.Collections.Generic;
        using Compliance.Runtime;

        namespace Clinic.Models;

        public sealed class Patient{{i}}
        {
            public int Id { get; set; }

            [Phi(Category = "name")]
            public string FullName { get; set; } = "";

            [Phi(Category = "ssn")]
            [Encrypted]
            public string Ssn { get; set; } = "";

            [Phi(Category = "dob")]
            public DateOnly DateOfBirth { get; set; }

            public DateTimeOffset CreatedAt { get; set; }

            public List<Visit{{i}}> Visits { get; } = new();
        }

        public sealed record Visit{{i}}(int Id, DateTimeOffset At, [property: Phi] string Diagnosis);
        """;

    private static string Dto(int i) => $$"""
        using System.ComponentModel.DataAnnotations;
        using Compliance.Runtime;

        namespace Clinic.Models;

        public sealed class Patient{{i}}Dto
        {
            public int Id { get; set; }

            [Required, StringLength(200)]
            [Phi]
            public string FullName { get; set; } = "";

            [Required, RegularExpression(@"^\d{3}-\d{2}-\d{4}$")]
            [Phi]
            public string Ssn { get; set; } = "";

            public string? ReferralCode { get; set; }
        }
        """;

    private static string Controller(int i) => $$"""
        using System.Threading.Tasks;
        using Clinic.Models;
        using Clinic.Services;
        using Compliance.Runtime;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Logging;

        namespace Clinic.Controllers;

        [ApiController]
        [Authorize]
        [Route("api/patients{{i}}")]
        [Audited(ResourceType = "Patient")]
        [RateLimited(RateLimitTier.Standard)]
        public sealed class Patients{{i}}Controller(Patient{{i}}Service service, ILogger<Patients{{i}}Controller> logger) : ControllerBase
        {
            [HttpGet("{id:int}")]
            public async Task<ActionResult<Patient{{i}}Dto>> Get(int id)
            {
                var patient = await service.FindAsync(id);
                if (patient is null)
                {
                    logger.LogWarning("Patient {PatientId} not found", id);
                    return NotFound();
                }

                logger.LogInformation("Read patient {PatientId}", patient.Id);
                return new Patient{{i}}Dto { Id = patient.Id, FullName = patient.FullName, Ssn = patient.Ssn };
            }

            [HttpPost]
            [Validated]
            public async Task<IActionResult> Create(Patient{{i}}Dto request)
            {
                var created = await service.CreateAsync(request);
                Response.Cookies.Append("last-created", created.Id.ToString(), new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict });
                return CreatedAtAction(nameof(Get), new { id = created.Id }, null);
            }

            [HttpPut("{id:int}")]
            [Validated]
            public async Task<IActionResult> Update(int id, Patient{{i}}Dto request)
            {
                var options = new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax };
                if (Request.IsHttps)
                {
                    options.Secure = true;
                }

                Response.Cookies.Append("last-updated", id.ToString(), options);
                await service.UpdateAsync(id, request);
                return NoContent();
            }

            [HttpDelete("{id:int}")]
            public async Task<IActionResult> Delete(int id)
            {
                await service.DeleteAsync(id);
                return NoContent();
            }
        }
        """;

    private static string Endpoints(int i) => $$"""
        using System;
        using Clinic.Services;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Routing;

        namespace Clinic.Endpoints;

        public static class Appointments{{i}}Endpoints
        {
            public static RouteGroupBuilder MapAppointments{{i}}(this IEndpointRouteBuilder routes)
            {
                var group = routes.MapGroup("/api/appointments{{i}}").RequireAuthorization();
                group.MapGet("/{id:int}", async (int id, Patient{{i}}Service service) => await service.FindAsync(id) is { } p ? Results.Ok(p.Id) : Results.NotFound());
                group.MapPost("/", (BookRequest{{i}} request, HttpContext context) =>
                {
                    context.Response.Cookies.Append("booking", request.Slot.ToString("O"), new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict });
                    return Results.Accepted();
                });
                group.MapDelete("/{id:int}", (int id) => Results.NoContent());
                return group;
            }
        }

        public sealed record BookRequest{{i}}(int PatientId, DateTimeOffset Slot, string Reason);
        """;

    private static string Service(int i) => $$"""
        using System;
        using System.Collections.Concurrent;
        using System.Text;
        using System.Threading.Tasks;
        using Clinic.Models;
        using Microsoft.Extensions.Logging;

        namespace Clinic.Services;

        public sealed class Patient{{i}}Service(ILogger<Patient{{i}}Service> logger)
        {
            private readonly ConcurrentDictionary<int, Patient{{i}}> patients = new();
            private int nextId;

            public Task<Patient{{i}}?> FindAsync(int id) => Task.FromResult(patients.TryGetValue(id, out var p) ? p : null);

            public Task<Patient{{i}}> CreateAsync(Patient{{i}}Dto request)
            {
                var patient = new Patient{{i}} { Id = ++nextId, FullName = request.FullName.Trim(), Ssn = request.Ssn, CreatedAt = DateTimeOffset.UtcNow };
                patients[patient.Id] = patient;
                logger.LogInformation("Created patient {PatientId} at {CreatedAt}", patient.Id, patient.CreatedAt);
                return Task.FromResult(patient);
            }

            public Task UpdateAsync(int id, Patient{{i}}Dto request)
            {
                if (!patients.TryGetValue(id, out var patient))
                {
                    throw new InvalidOperationException($"Patient {id} does not exist");
                }

                var summary = new StringBuilder();
                summary.Append("Updated patient ").Append(id);
                patient.FullName = request.FullName;
                logger.LogDebug("{Summary}", summary.ToString());
                return Task.CompletedTask;
            }

            public Task DeleteAsync(int id)
            {
                patients.TryRemove(id, out _);
                logger.LogInformation("Deleted patient {PatientId}", id);
                return Task.CompletedTask;
            }
        }
        """;

    private static string Program(int modules)
    {
        var builder = new StringBuilder("""
            using Clinic.Endpoints;
            using Clinic.Services;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddControllers();
            builder.Services.AddAuthentication().AddCookie(o =>
            {
                o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                o.Cookie.SameSite = SameSiteMode.Lax;
            });
            builder.Services.AddAuthorization();

            """);
        for (var i = 0; i < modules; i++)
        {
            builder.Append(CultureInfo.InvariantCulture, $"builder.Services.AddSingleton<Patient{i}Service>();\n");
        }

        builder.Append("""

            var app = builder.Build();
            if (!app.Environment.IsDevelopment())
            {
                app.UseHsts();
            }

            app.UseHttpsRedirection();
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapControllers();

            """);
        for (var i = 0; i < modules; i++)
        {
            builder.Append(CultureInfo.InvariantCulture, $"app.MapAppointments{i}();\n");
        }

        builder.Append("app.Run();\n");
        return builder.ToString();
    }
}
