using Clinic.Api;
using Clinic.Api.Endpoints;

var builder = WebApplication.CreateBuilder(args);
if (args is [ScaleOut.MigrateCommand, ..])
{
    await ScaleOut.MigrateComplianceSchemaAsync(builder.Configuration);
    return;
}

builder.Services.AddControllers();
builder.Services.AddProblemDetails();
builder.Services.AddClinicServices(builder.Configuration);

// Every control of the compliance runtime; settings come from the "Compliance" configuration section.
var compliance = builder.Services.AddCompliance(options => options.RequireControlsOnAllPhiEndpoints = true)
    .AddAuditing()
    .AddRateLimiting()
    .AddValidation()
    .AddSecurityHeaders()
    .AddRedaction()
    .AddFieldEncryption()
    .AddSecureSessions()
    .AddMfa();

// Several instances (scale-out.sh, appsettings.ScaleOut.json, docs/runtime/scale-out.md): the audit
// trail, key ring and MFA enrolments in PostgreSQL; sessions, rate limits, the TOTP replay check and
// Data Protection keys in Redis. One instance keeps them in local files and the SQLite database.
if (ScaleOut.ComplianceConnection(builder.Configuration) is { } shared)
{
    compliance.UsePostgreSql(shared);
}
else
{
    compliance.PersistEncryptionKeysToDbContext<ClinicDb>().PersistMfaToDbContext<ClinicDb>();
}

if (builder.Configuration.GetSection("Compliance:Redis").Exists())
{
    compliance.UseRedis();
}

var app = builder.Build();
app.CreateClinicDatabase();

// The demo password exists as soon as the API is up (in Development, .local/demo-password.txt),
// not only after the first sign-in attempt, so the README's first command can read it.
app.Services.GetRequiredService<DemoCredentials>();

if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

app.UseHttpsRedirection();
app.UseRouting();
app.UseAuthentication();
app.UseCompliance();
app.UseAuthorization();
app.VerifyComplianceControls();

app.MapControllers();
app.MapAppointmentEndpoints();
app.MapCsrfToken();

// The endpoint × control table of the running application, compared with the build's report.
app.MapComplianceInventory(ClinicServices.ComplianceAuditorPolicy);

app.Run();
