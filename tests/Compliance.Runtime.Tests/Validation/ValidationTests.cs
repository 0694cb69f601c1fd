using System.Net;
using System.Net.Http.Json;
using System.Text;
using Compliance.Runtime.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Compliance.Runtime.Tests.Validation;

public sealed class ValidationTests : IAsyncLifetime
{
    private const string ValidBody = """{"fullName":"Ada Example","ssn":"123-45-6789","age":40,"address":{"zip":"02139"},"contacts":[{"phone":"+1 617 555 0100"}]}""";
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(
            builder =>
            {
                builder.Services.AddControllersOf(typeof(ValidationTestController));
                builder.Services.AddProblemDetails();
                builder.Services.AddCompliance().AddValidation(o => o.MaxBodySize = 2048);
            },
            app =>
            {
                app.UseRouting();
                app.UseCompliance();
                app.MapControllers();
                app.MapPost("/minimal/patients", (PatientInput input) => input.FullName).Validated();
                app.MapPost("/minimal/required", (RequiredMembersInput input) => input.Name).Validated();
                app.MapPost("/minimal/positional", (PositionalInput input) => input.Code).Validated();
                app.MapPost("/lenient/patients", (PatientInput input) => input.FullName);
            });
        _client = _app.Client();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/minimal/patients")]
    [InlineData("/mvc/patients")]
    public async Task ValidBody_ReachesTheHandler(string path)
    {
        var response = await PostAsync(path, ValidBody);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Ada Example", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/minimal/patients")]
    [InlineData("/mvc/patients")]
    public async Task UnknownMember_IsRejectedWithAGenericPath_NeverItsName(string path)
    {
        var (errors, body) = await RejectedWithBodyAsync(path, """{"fullName":"Ada","ssn":"123-45-6789","mrn":"MRN-5551234","address":{"zip":"02139","123-45-6789":1}}""");
        Assert.Equal(["The field is not part of the request contract."], errors["$.<unknown member>"]);
        Assert.DoesNotContain("mrn", body, StringComparison.Ordinal);

        (errors, body) = await RejectedWithBodyAsync(path, """{"fullName":"Ada","ssn":"123-45-6789","address":{"zip":"02139","987-65-4321":1}}""");
        Assert.Equal(["The field is not part of the request contract."], errors["$.address.<unknown member>"]);
        Assert.DoesNotContain("987-65-4321", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/minimal/patients", """{"fullName":"Ada","ssn":"123-45-6789","fullName":"Eve"}""", "$.fullName")]
    [InlineData("/mvc/patients", """{"fullName":"Ada","ssn":"123-45-6789","FULLNAME":"Eve"}""", "$.fullName")]
    [InlineData("/minimal/patients", """{"fullName":"Ada","ssn":"123-45-6789","address":{"zip":"1","zip":"2"}}""", "$.address.zip")]
    public async Task DuplicateMembers_AreRejected(string path, string json, string field)
    {
        var (errors, body) = await RejectedWithBodyAsync(path, json);
        Assert.Equal(["The member appears more than once."], errors[field]);
        Assert.DoesNotContain("Eve", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/minimal/patients")]
    [InlineData("/mvc/patients")]
    public async Task WrongType_NamesTheFieldWithoutEchoingTheValue(string path)
    {
        var (errors, body) = await RejectedWithBodyAsync(path, """{"fullName":"Ada","ssn":"123-45-6789","age":"seventy-secret"}""");
        Assert.Equal(["The value has the wrong type; expected a number."], errors["$.age"]);
        Assert.DoesNotContain("seventy-secret", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/minimal/patients")]
    [InlineData("/mvc/patients")]
    public async Task MissingRequired_NamesTheField(string path)
    {
        var errors = await RejectedAsync(path, """{"ssn":"123-45-6789"}""");
        Assert.Contains("$.fullName", errors.Keys);
    }

    [Theory]
    [InlineData("/minimal/required")]
    [InlineData("/mvc/required")]
    public async Task MissingRequiredMember_NamesTheField(string path)
    {
        var errors = await RejectedAsync(path, """{"count":1}""");
        Assert.Equal(["$.name"], errors.Keys);
    }

    [Theory]
    [InlineData("/minimal/patients")]
    [InlineData("/mvc/patients")]
    public async Task MalformedJson_IsA400NamingThePosition(string path)
    {
        var (errors, body) = await RejectedWithBodyAsync(path, """{"fullName":"Ada","ssn": 123-45-6789 }""");
        Assert.Contains("$.ssn", errors.Keys);
        Assert.Equal(["The request body is not well-formed JSON."], errors["$.ssn"]);
        Assert.DoesNotContain("6789", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/minimal/patients")]
    [InlineData("/mvc/patients")]
    public async Task OversizeBody_IsA413(string path)
    {
        var response = await PostAsync(path, "{\"fullName\":\"" + new string('a', 4000) + "\"}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal("The request body is larger than 2048 bytes.", problem!.Detail);
    }

    [Theory]
    [InlineData("/minimal/patients")]
    [InlineData("/mvc/patients")]
    public async Task NestedObjectsAndCollections_AreValidated(string path)
    {
        var errors = await RejectedAsync(path, """{"fullName":"Ada","ssn":"123-45-6789","address":{},"contacts":[{"phone":"+1 617 555 0100"},{}]}""");
        Assert.Equal(["$.address.zip", "$.contacts[1].phone"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/minimal/patients")]
    [InlineData("/mvc/patients")]
    public async Task ValidatableObject_RunsAndAttributesDoNotEchoValues(string path)
    {
        var errors = await RejectedAsync(path, """{"fullName":"Nobody","ssn":"123-45-6789"}""");
        Assert.Equal(["A real name is required."], errors["$.fullName"]);

        var (ssnErrors, body) = await RejectedWithBodyAsync(path, """{"fullName":"Ada","ssn":"999-99-99999"}""");
        Assert.Contains("$.ssn", ssnErrors.Keys);
        Assert.DoesNotContain("999-99-99999", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PositionalRecords_AreValidatedByTheirConstructorAttributes()
    {
        var errors = await RejectedAsync("/minimal/positional", """{"code":"TOO-LONG","level":11}""");
        Assert.Equal(["$.code", "$.level"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/minimal/positional", """{"code":"A1","level":3}""")).StatusCode);
    }

    [Fact]
    public async Task EndpointsWithoutValidated_KeepTheApplicationsLenientJson()
    {
        var response = await PostAsync("/lenient/patients", """{"fullName":"Ada","ssn":"123-45-6789","mrn":"x"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(string path, string json) =>
        _client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<IDictionary<string, string[]>> RejectedAsync(string path, string json) => (await RejectedWithBodyAsync(path, json)).Errors;

    private async Task<(IDictionary<string, string[]> Errors, string Body)> RejectedWithBodyAsync(string path, string json)
    {
        var response = await PostAsync(path, json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = System.Text.Json.JsonSerializer.Deserialize<ValidationProblemDetails>(body, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;
        Assert.Equal(400, problem.Status);
        return (problem.Errors, body);
    }
}
