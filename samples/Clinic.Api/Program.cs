using Clinic.Api;
using Clinic.Api.Endpoints;

var builder = WebApplication.CreateBuilder(args);

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
    .PersistEncryptionKeysToDbContext<ClinicDb>()
    .AddSecureSessions()
    .AddMfa()
    .PersistMfaToDbContext<ClinicDb>();

// Several instances (scale-out.sh, appsettings.ScaleOut.json): sessions, rate limits, the TOTP
// replay check and Data Protection keys are shared through Redis (docs/runtime/scale-out.md).
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
