using System.Globalization;
using System.Text;

namespace Compliance.DataFlow.Benchmark;

/// <summary>
/// Generates a clinic code base shaped like real ones: per module a DTO with classified and plain
/// members, an entity, a repository, a service that logs (mostly clean, some leaks, some through a
/// wrapper), a controller, and plain utility code that never touches classified data.
/// </summary>
internal static class SyntheticClinic
{
    public static List<(string Path, string Text)> Generate(int modules)
    {
        var files = new List<(string, string)>
        {
            ("Shared/AuditLog.cs", """
                using Microsoft.Extensions.Logging;

                namespace Clinic.Shared;

                public static class AuditLog
                {
                    public static void Record(ILogger logger, string action, string detail) => Write(logger, action, detail);

                    private static void Write(ILogger logger, string action, string detail)
                        => logger.LogInformation("audit {Action}: {Detail}", action, detail);
                }
                """),
            ("Program.cs", "System.Console.WriteLine(\"clinic\");\n"),
        };

        for (var i = 0; i < modules; i++)
        {
            files.Add(($"Module{i}/Module{i}.cs", Module(i)));
            files.Add(($"Module{i}/Utilities{i}.cs", Utilities(i)));
        }

        return files;
    }

    private static string Module(int i)
    {
        var n = i.ToString(CultureInfo.InvariantCulture);
        var leak = i % 10 == 0;
        var wrapperLeak = i % 25 == 0;
        var builder = new StringBuilder();
        builder.Append($$"""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;
            using Clinic.Shared;
            using Compliance.Runtime;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.Logging;

            namespace Clinic.Module{{n}};

            public sealed class Record{{n}}Dto
            {
                public int Id { get; set; }
                [Phi] public string Name { get; set; } = "";
                [Phi] public string Ssn { get; set; } = "";
                [Pii] public string Email { get; set; } = "";
                public string Ward { get; set; } = "";
                public DateTimeOffset UpdatedAt { get; set; }
                public List<Note{{n}}> Notes { get; } = new();
            }

            public sealed record Note{{n}}(int Id, [Phi] string Text, DateTimeOffset At);

            public sealed class Record{{n}}Repository
            {
                private readonly Dictionary<int, Record{{n}}Dto> records = new();

                public Record{{n}}Dto? Find(int id) => records.TryGetValue(id, out var record) ? record : null;

                public IEnumerable<Record{{n}}Dto> InWard(string ward) => records.Values.Where(r => r.Ward == ward);

                public void Save(Record{{n}}Dto record) => records[record.Id] = record;
            }

            public sealed class Record{{n}}Service
            {
                private readonly ILogger<Record{{n}}Service> logger;
                private readonly Record{{n}}Repository repository;

                public Record{{n}}Service(ILogger<Record{{n}}Service> logger, Record{{n}}Repository repository)
                {
                    this.logger = logger;
                    this.repository = repository;
                }

                public async Task<Record{{n}}Dto?> LoadAsync(int id)
                {
                    await Task.Yield();
                    var record = repository.Find(id);
                    if (record is null)
                    {
                        logger.LogWarning("Record {Id} not found", id);
                        return null;
                    }

                    var summary = $"Record {record.Id} in ward {record.Ward} with {record.Notes.Count} notes";
                    logger.LogInformation(summary);
                    foreach (var note in record.Notes.Where(n => n.At > DateTimeOffset.UtcNow.AddDays(-7)))
                    {
                        logger.LogDebug("Recent note {NoteId} at {At}", note.Id, note.At);
                    }

                    return record;
                }

                public void Update(Record{{n}}Dto record, string ward)
                {
                    var previous = record.Ward;
                    record.Ward = ward.Trim();
                    record.UpdatedAt = DateTimeOffset.UtcNow;
                    repository.Save(record);
                    logger.LogInformation("Moved record {Id} from {From} to {To}", record.Id, previous, record.Ward);
            """);
        if (leak)
        {
            builder.Append("""

                        logger.LogInformation("Moved {Name}", record.Name);
                """);
        }

        if (wrapperLeak)
        {
            builder.Append("""

                        AuditLog.Record(logger, "move", record.Ssn);
                """);
        }

        builder.Append($$"""

                }

                public int CountInWard(string ward)
                {
                    var count = 0;
                    foreach (var record in repository.InWard(ward))
                    {
                        if (record.UpdatedAt > DateTimeOffset.UtcNow.AddHours(-1))
                        {
                            count++;
                        }
                    }

                    logger.LogInformation("{Count} recent records in {Ward}", count, ward);
                    return count;
                }
            }

            [ApiController]
            [Route("api/records{{n}}")]
            public sealed class Record{{n}}Controller : ControllerBase
            {
                private readonly Record{{n}}Service service;

                public Record{{n}}Controller(Record{{n}}Service service) => this.service = service;

                [HttpGet("{id:int}")]
                public async Task<ActionResult<Record{{n}}Dto>> Get(int id)
                    => await service.LoadAsync(id) is { } record ? record : NotFound();

                [HttpPut("{id:int}/ward")]
                public IActionResult Move(int id, [FromBody] string ward)
                {
                    if (string.IsNullOrWhiteSpace(ward))
                    {
                        return Problem(detail: "A ward is required", statusCode: 400);
                    }

                    return NoContent();
                }
            }

            """);
        return builder.ToString();
    }

    /// <summary>Ordinary code with no classified data: what most of a code base is, and what the pre-check must skip cheaply.</summary>
    private static string Utilities(int i)
    {
        var n = i.ToString(CultureInfo.InvariantCulture);
        return $$"""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Text;
            using Microsoft.Extensions.Logging;

            namespace Clinic.Module{{n}};

            public static class Utilities{{n}}
            {
                public static string Slug(string text)
                {
                    var builder = new StringBuilder();
                    foreach (var c in text.ToLowerInvariant())
                    {
                        builder.Append(char.IsLetterOrDigit(c) ? c : '-');
                    }

                    return builder.ToString().Trim('-');
                }

                public static IReadOnlyList<int> Page(IEnumerable<int> ids, int page, int size)
                    => ids.OrderBy(static id => id).Skip(page * size).Take(size).ToList();

                public static void Report(ILogger logger, IReadOnlyList<int> ids)
                {
                    var total = 0;
                    for (var k = 0; k < ids.Count; k++)
                    {
                        total += ids[k] switch { < 0 => 0, > 1000 => 1000, var v => v };
                    }

                    logger.LogInformation("Processed {Count} ids totalling {Total}", ids.Count, total);
                }
            }

            """;
    }
}
