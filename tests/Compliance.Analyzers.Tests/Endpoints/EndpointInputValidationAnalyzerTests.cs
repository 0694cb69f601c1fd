using Compliance.Analyzers.Tests.Verifiers;
using VerifyCS = Compliance.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Compliance.Analyzers.Endpoints.EndpointInputValidationAnalyzer>;

namespace Compliance.Analyzers.Tests.Endpoints;

public sealed class EndpointInputValidationAnalyzerTests
{
    [Fact]
    public async Task ApiControllerBody_WithoutValidation_IsReported()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;

            public class CreatePatient { public string Name { get; set; } = ""; }

            [ApiController]
            [Route("api/patients")]
            public class PatientsController : ControllerBase
            {
                [HttpPost]
                public IActionResult {|#0:Create|}(CreatePatient request) => Ok();

                [HttpGet("{id}")]
                public IActionResult Get(int id, string? search) => Ok();
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source, VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST api/patients' (PatientsController.Create)", "the request body 'CreatePatient request'"));
    }

    [Fact]
    public async Task ParsedValuesAndSingleFormFields_AreScalars_ButFormModelsAreNot()
    {
        // A FHIR-style PartialDateTime (static Parse(string), bound by a model binder of the
        // application), a type with a [TypeConverter], and a single [FromForm] string are values
        // like query scalars; a model bound from the form is still input to validate.
        var source = """
            using System.ComponentModel;
            using Microsoft.AspNetCore.Mvc;

            public class PartialDateTime
            {
                public PartialDateTime(System.DateTimeOffset value) => Value = value;
                public System.DateTimeOffset Value { get; }
                public static PartialDateTime Parse(string text) => new(System.DateTimeOffset.Parse(text));
            }

            [TypeConverter(typeof(StringConverter))]
            public class ResourceKey { public string Id { get; set; } = ""; }

            public class TokenRequest { public string GrantType { get; set; } = ""; }

            [ApiController, Route("api")]
            public class ExportController : ControllerBase
            {
                [HttpGet("export")]
                public IActionResult Export([FromQuery] PartialDateTime since, [FromQuery] ResourceKey key) => Ok();

                [HttpPost("token")]
                public IActionResult Token([FromForm(Name = "grant_type")] string grantType) => Ok();

                [HttpPost("token2")]
                public IActionResult {|#0:Token2|}([FromForm] TokenRequest request) => Ok();
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source, VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST api/token2' (ExportController.Token2)", "form data 'TokenRequest request'"));
    }

    [Fact]
    public async Task ModelStateFilterAttributeOnTheController_EnforcesTheRules()
    {
        // A FHIR-style controller: not [ApiController], but a [ValidateModelState] filter on the
        // class refuses invalid models. A type with rules is then validated; a type without any is
        // not; a type the compiler cannot resolve may have rules and is not claimed unvalidated.
        var source = """
            using System.ComponentModel.DataAnnotations;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.Filters;

            public sealed class ValidateModelStateAttribute : ActionFilterAttribute
            {
                public override void OnActionExecuting(ActionExecutingContext context)
                {
                    if (!context.ModelState.IsValid)
                    {
                        context.Result = new BadRequestResult();
                    }
                }
            }

            public class Patient { [Required] public string Name { get; set; } = ""; }

            public class Note { public string Text { get; set; } = ""; }

            [ValidateModelState]
            public class ResourcesController : Controller
            {
                [HttpPut("patients")]
                public IActionResult Update([FromBody] Patient patient) => Ok();

                [HttpPut("notes")]
                public IActionResult {|#0:Note|}([FromBody] Note note) => Ok();

                [HttpPut("resources")]
                public IActionResult Resource([FromBody] Hl7Resource resource) => Ok();
            }

            public class UnfilteredController : Controller
            {
                [HttpPut("other")]
                public IActionResult {|#1:Other|}([FromBody] Patient patient) => Ok();
            }
            """;

        await new VerifyCS.Test
        {
            TestCode = source,
            CompilerDiagnostics = CompilerDiagnostics.None,
            ExpectedDiagnostics =
            {
                VerifyCS.Diagnostic().WithLocation(0).WithArguments("'PUT notes' (ResourcesController.Note)", "the request body 'Note note'"),
                VerifyCS.Diagnostic().WithLocation(1).WithArguments("'PUT other' (UnfilteredController.Other)", "the request body 'Patient patient'"),
            },
        }.RunAsync();
    }

    [Fact]
    public async Task ModelStateFilterAppliedByServiceOrTypeFilter_EnforcesTheRules()
    {
        // [ServiceFilter(typeof(T))] / [TypeFilter(typeof(T))] apply T from services; a filter that
        // checks only headers or the argument's type enforces no rule.
        var source = """
            using System.ComponentModel.DataAnnotations;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.Filters;

            public sealed class ModelStateFilter : IActionFilter
            {
                public void OnActionExecuting(ActionExecutingContext context)
                {
                    if (!context.ModelState.IsValid)
                    {
                        context.Result = new BadRequestResult();
                    }
                }

                public void OnActionExecuted(ActionExecutedContext context) { }
            }

            public sealed class ValidateHeadersFilter : ActionFilterAttribute
            {
                public override void OnActionExecuting(ActionExecutingContext context)
                {
                    if (!context.HttpContext.Request.Headers.ContainsKey("Prefer"))
                    {
                        context.Result = new BadRequestResult();
                    }
                }
            }

            public class Patient { [Required] public string Name { get; set; } = ""; }

            [ServiceFilter(typeof(ModelStateFilter))]
            public class PatientsController : Controller
            {
                [HttpPut("patients")]
                public IActionResult Update([FromBody] Patient patient) => Ok();
            }

            public class ImportController : Controller
            {
                [HttpPost("import")]
                [TypeFilter(typeof(ModelStateFilter))]
                public IActionResult Import([FromBody] Patient patient) => Ok();

                [HttpPost("import2")]
                [ServiceFilter(typeof(ValidateHeadersFilter))]
                public IActionResult {|#0:Import2|}([FromBody] Patient patient) => Ok();
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source, VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST import2' (ImportController.Import2)", "the request body 'Patient patient'"));
    }

    [Fact]
    public async Task UnresolvedTypes_AreNotClaimedUnvalidated_WhereValidationIsEnforced()
    {
        // Half-typed code, or a type from a reference that did not load: a [FromQuery] value of an
        // unresolved type is most often an enum or a list of them, and under [ApiController] an
        // unresolved body type may declare rules. A resolved body without rules is still reported.
        var source = """
            using Microsoft.AspNetCore.Mvc;

            public enum SortOrder { Ascending, Descending }

            public class CreatePatient { public string Name { get; set; } = ""; }

            [ApiController, Route("api/items")]
            public class ItemsController : ControllerBase
            {
                [HttpGet]
                public IActionResult List([FromQuery] ItemFields[] fields, [FromQuery] ImageFormat? format, [FromQuery] SortOrder[] order) => Ok();

                [HttpPost]
                public IActionResult Create([FromBody] UpdateItemDto item) => Ok();

                [HttpPut]
                public IActionResult {|#0:Replace|}([FromBody] CreatePatient patient, [FromQuery] ItemFields[] fields) => Ok();
            }
            """;

        await new VerifyCS.Test
        {
            TestCode = source,
            CompilerDiagnostics = CompilerDiagnostics.None,
            ExpectedDiagnostics =
            {
                VerifyCS.Diagnostic().WithLocation(0).WithArguments("'PUT api/items' (ItemsController.Replace)", "the request body 'CreatePatient patient'"),
            },
        }.RunAsync();
    }

    [Fact]
    public async Task ValidatedOnMethodClassOrBase_Counts()
    {
        var source = """
            using Compliance.Runtime;
            using Microsoft.AspNetCore.Mvc;

            public class Dto { public string Name { get; set; } = ""; }

            [Validated]
            public abstract class ValidatedController : ControllerBase { }

            [ApiController, Route("a")]
            public class AController : ValidatedController
            {
                [HttpPost] public IActionResult Create(Dto dto) => Ok();
            }

            [ApiController, Route("b")]
            public class BController : ControllerBase
            {
                [HttpPost, Validated] public IActionResult Create(Dto dto) => Ok();
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task ApiControllerAutomaticValidation_CountsWhenTheModelDeclaresRules()
    {
        var source = """
            using System.ComponentModel.DataAnnotations;
            using Microsoft.AspNetCore.Mvc;

            public record CreatePatient([property: Required] string Name);

            public class Note { [StringLength(500)] public string Text { get; set; } = ""; }

            [ApiController, Route("api/patients")]
            public class PatientsController : ControllerBase
            {
                [HttpPost] public IActionResult Create(CreatePatient request) => Ok();

                [HttpPost("notes")] public IActionResult Note(Note note) => Ok();
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task MvcModelBinding_WithoutApiController_IsReported_UnlessModelStateIsChecked()
    {
        var source = """
            using System.ComponentModel.DataAnnotations;
            using Microsoft.AspNetCore.Mvc;

            public class EditPatient { [Required] public string Name { get; set; } = ""; }

            public class PatientsController : Controller
            {
                [HttpPost]
                public IActionResult {|#0:Edit|}(EditPatient model) => View(model);

                [HttpPost]
                public IActionResult Save(EditPatient model)
                {
                    if (!ModelState.IsValid)
                    {
                        return View(model);
                    }

                    return RedirectToAction("Index");
                }
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source, VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST Patients/Edit' (PatientsController.Edit)", "the model 'EditPatient model' from form and query values"));
    }

    [Fact]
    public async Task MinimalApiBody_AndAsParameters_AreReported_ServicesAreNot()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.DependencyInjection;

            public record Booking(int PatientId, string Reason);
            public class Search { public string? Name { get; set; } public int Page { get; set; } }
            public class PatientStore { public void Add(Booking booking) { } }
            public class AuditTrail { public void Write() { } }

            public static class Endpoints
            {
                public static void Map(WebApplicationBuilder builder)
                {
                    builder.Services.AddSingleton<AuditTrail>();
                    var app = builder.Build();
                    app.{|#0:MapPost|}("/bookings", (Booking booking, PatientStore store, AuditTrail audit) => store.Add(booking));
                    app.{|#1:MapGet|}("/search", ([AsParameters] Search search) => search.Name);
                    app.MapGet("/patients/{id}", (int id, HttpContext context) => id);
                }
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST /bookings'", "the request body 'Booking booking'"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("'GET /search'", "the query object 'Search search'"));
    }

    [Fact]
    public async Task MinimalApi_ValidatedOnGroup_AndAddValidation_Count()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            public record Booking(int PatientId, string Reason);

            public static class Endpoints
            {
                public static void Map(WebApplicationBuilder builder)
                {
                    builder.Services.AddValidation();
                    var app = builder.Build();
                    app.MapPost("/a", (Booking booking) => booking.Reason);
                    app.{|#0:MapPost|}("/b", (Booking booking) => booking.Reason).DisableValidation();
                }
            }

            public static class Grouped
            {
                public static void Map(WebApplication app)
                {
                    var group = app.MapGroup("/g").Validated();
                    group.MapPut("/c", (Booking booking) => booking.Reason);
                }
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source, VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST /b'", "the request body 'Booking booking'"));
    }

    [Fact]
    public async Task FormBinding_IsReported()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                    => app.{|#0:MapPost|}("/upload", (IFormFile file) => file.Length);
            }

            [ApiController, Route("docs")]
            public class DocumentsController : ControllerBase
            {
                [HttpPost] public IActionResult {|#1:Upload|}([FromForm] string title, IFormFile file) => Ok();
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(
            source,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST /upload'", "form data 'IFormFile file'"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("'POST docs' (DocumentsController.Upload)", "form data 'IFormFile file'"));
    }

    [Fact]
    public async Task RazorPageBindProperty_IsReported_OnPostOnly()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;

            namespace Clinic.Pages.Patients
            {
                public class PatientInput { public string Name { get; set; } = ""; }

                public class CreateModel : PageModel
                {
                    [BindProperty]
                    public PatientInput Input { get; set; } = new();

                    public void OnGet() { }

                    public IActionResult {|#0:OnPost|}() => Page();
                }
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source, VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST /Patients/Create' (CreateModel.OnPost)", "the model 'PatientInput Input' from form and query values"));
    }

    [Fact]
    public async Task RazorPage_ValidatedOnThePageModel_Counts()
    {
        var source = """
            using Compliance.Runtime;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;

            namespace Clinic.Pages
            {
                public class PatientInput { public string Name { get; set; } = ""; }

                [Validated]
                public class CreateModel : PageModel
                {
                    public IActionResult OnPost(PatientInput input) => Page();
                }
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task GlobalValidationFilter_ConfiguredAsEquivalent_Counts()
    {
        var source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.Filters;
            using Microsoft.Extensions.DependencyInjection;

            public sealed class StrictValidationFilter : IActionFilter
            {
                public void OnActionExecuting(ActionExecutingContext context) { }
                public void OnActionExecuted(ActionExecutedContext context) { }
            }

            public class Dto { public string Name { get; set; } = ""; }

            public static class Startup
            {
                public static void Configure(WebApplicationBuilder builder)
                    => builder.Services.AddControllers(o => o.Filters.Add<StrictValidationFilter>());
            }

            [ApiController, Route("x")]
            public class XController : ControllerBase
            {
                [HttpPost] public IActionResult Create(Dto dto) => Ok();
            }
            """;

        await new VerifyCS.Test
        {
            TestCode = source,
            EditorConfig = "compliance.endpoints.validation_equivalents = StrictValidationFilter",
        }.RunAsync();
    }

    /// <summary>A controller without [ApiController]: MVC records rule failures but runs the action unless something checks ModelState.</summary>
    private const string EditController = """
        using System.ComponentModel.DataAnnotations;
        using Microsoft.AspNetCore.Mvc;

        public class EditPatient { [Required] public string Name { get; set; } = ""; }

        public class PatientsController : Controller
        {
            [HttpPost]
            public IActionResult {|#0:Edit|}(EditPatient model) => View(model);
        }
        """;

    [Theory]
    [InlineData("builder.Services.AddControllersWithViews(o => o.Filters.Add<ValidateModelFilter>())")]
    [InlineData("builder.Services.AddControllersWithViews(o => o.Filters.Add(new ValidateModelFilter()))")]
    [InlineData("builder.Services.AddControllersWithViews(o => o.Filters.Add(typeof(ValidateModelFilter)))")]
    [InlineData("builder.Services.Configure<MvcOptions>(o => o.Filters.Add<ValidateModelFilter>())")]
    public async Task GlobalFilterCheckingModelState_EnforcesTheModelsRules(string registration)
    {
        var startup = $$"""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.Filters;
            using Microsoft.Extensions.DependencyInjection;

            public sealed class ValidateModelFilter : IActionFilter
            {
                public void OnActionExecuting(ActionExecutingContext context)
                {
                    if (!context.ModelState.IsValid)
                    {
                        context.Result = new BadRequestObjectResult(context.ModelState);
                    }
                }

                public void OnActionExecuted(ActionExecutedContext context) { }
            }

            public static class Startup
            {
                public static void Configure(WebApplicationBuilder builder) => {{registration}};
            }
            """;

        await new VerifyCS.Test { TestState = { Sources = { EditController, startup } } }.RunAsync();
    }

    [Fact]
    public async Task GlobalFilterThatIgnoresModelState_EnforcesNothing()
    {
        var startup = """
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc.Filters;
            using Microsoft.Extensions.DependencyInjection;

            public sealed class TimingFilter : IAsyncActionFilter
            {
                public Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next) => next();
            }

            public static class Startup
            {
                public static void Configure(WebApplicationBuilder builder)
                    => builder.Services.AddControllersWithViews(o => o.Filters.Add<TimingFilter>());
            }
            """;

        await new VerifyCS.Test
        {
            TestState =
            {
                Sources = { EditController, startup },
                ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST Patients/Edit' (PatientsController.Edit)", "the model 'EditPatient model' from form and query values") },
            },
        }.RunAsync();
    }

    [Fact]
    public async Task BindNever_ParametersAndProperties_AreNotInput()
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.ModelBinding;
            using Microsoft.AspNetCore.Mvc.RazorPages;

            public class AuditContext { public string Actor { get; set; } = ""; }

            [BindNever]
            public class ServerState { public string Value { get; set; } = ""; }

            public class PatientsController : Controller
            {
                [HttpPost]
                public IActionResult Archive([BindNever] AuditContext audit, ServerState state) => View();
            }

            public class EditModel : PageModel
            {
                [BindNever]
                public AuditContext Audit { get; set; } = new();

                public IActionResult OnPost() => Page();
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task ValidationAttributeOnTheParameter_CountsWhereTheFrameworkEnforcesIt()
    {
        var source = """
            using System.ComponentModel.DataAnnotations;
            using Microsoft.AspNetCore.Mvc;

            public class Note { public string Text { get; set; } = ""; }

            [ApiController, Route("api/notes")]
            public class NotesController : ControllerBase
            {
                [HttpPost]
                public IActionResult Create([FromBody, Required] Note note) => Ok();

                [HttpPut("{id}")]
                public IActionResult Replace(int id, [CustomValidation(typeof(NoteRules), nameof(NoteRules.Check))] Note note) => Ok();
            }

            public static class NoteRules
            {
                public static ValidationResult? Check(Note note) => ValidationResult.Success;
            }

            public class LegacyNotesController : Controller
            {
                [HttpPost]
                public IActionResult {|#0:Save|}([Required] Note note) => View();
            }
            """;

        await VerifyCS.VerifyAnalyzerAsync(source, VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST LegacyNotes/Save' (LegacyNotesController.Save)", "the model 'Note note' from form and query values"));
    }

    /// <summary>The shape of FluentValidation's public surface, declared here so tests need no package.</summary>
    private const string FluentValidationShape = """
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;

        namespace FluentValidation
        {
            public interface IValidator<T> { }

            public abstract class AbstractValidator<T> : IValidator<T>
            {
                public Task<bool> ValidateAsync(T instance) => Task.FromResult(true);
            }
        }

        namespace Microsoft.Extensions.DependencyInjection
        {
            public static class FluentValidationRegistrations
            {
                public static IServiceCollection AddValidatorsFromAssemblyContaining<T>(this IServiceCollection services) => services;
                public static IServiceCollection AddFluentValidationAutoValidation(this IServiceCollection services) => services;
            }
        }
        """;

    private const string ValidatedPatientsApi = """
        using FluentValidation;
        using Microsoft.AspNetCore.Mvc;

        public class CreatePatient { public string Name { get; set; } = ""; }

        public abstract class ApplicationValidator<T> : AbstractValidator<T> { }

        public sealed class CreatePatientValidator : ApplicationValidator<CreatePatient> { }

        [ApiController, Route("api/patients")]
        public class PatientsController : ControllerBase
        {
            [HttpPost]
            public IActionResult {|#0:Create|}(CreatePatient request) => Ok();
        }
        """;

    [Theory]
    [InlineData("services.AddValidatorsFromAssemblyContaining<CreatePatientValidator>()")]
    [InlineData("services.AddFluentValidationAutoValidation()")]
    [InlineData("services.AddScoped<IValidator<CreatePatient>, CreatePatientValidator>()")]
    public async Task RegisteredValidatorForTheBoundType_Counts(string registration)
    {
        var startup = $$"""
            using FluentValidation;
            using Microsoft.Extensions.DependencyInjection;

            public static class Startup
            {
                public static void Configure(IServiceCollection services) => {{registration}};
            }
            """;

        await new VerifyCS.Test { TestState = { Sources = { ValidatedPatientsApi, FluentValidationShape, startup } } }.RunAsync();
    }

    [Fact]
    public async Task ValidatorThatIsNeverRegisteredOrCalled_ValidatesNothing()
    {
        await new VerifyCS.Test
        {
            TestState =
            {
                Sources = { ValidatedPatientsApi, FluentValidationShape },
                ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("'POST api/patients' (PatientsController.Create)", "the request body 'CreatePatient request'") },
            },
        }.RunAsync();
    }

    [Fact]
    public async Task ValidatorCalledInTheAction_Counts()
    {
        var source = """
            using System.Threading.Tasks;
            using FluentValidation;
            using Microsoft.AspNetCore.Mvc;

            public class UpdateAddress { public string Street { get; set; } = ""; }

            public sealed class UpdateAddressValidator : AbstractValidator<UpdateAddress> { }

            [ApiController, Route("api/addresses")]
            public class AddressesController : ControllerBase
            {
                private readonly IValidator<UpdateAddress> unused = new UpdateAddressValidator();

                [HttpPut("{id}")]
                public async Task<IActionResult> Update(int id, UpdateAddress address)
                {
                    var validator = new UpdateAddressValidator();
                    if (!await validator.ValidateAsync(address))
                    {
                        return BadRequest();
                    }

                    return Ok();
                }
            }
            """;

        await new VerifyCS.Test { TestState = { Sources = { source, FluentValidationShape } } }.RunAsync();
    }
}
