using Clinic.Api;
using Clinic.Api.Endpoints;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddControllers();
builder.Services.AddProblemDetails();
builder.Services.AddClinicServices(builder.Configuration);

// Every control of the compliance runtime; settings come from the "Compliance" configuration section.
builder.Services.AddCompliance(options => options.RequireControlsOnAllPhiEndpoints = true)
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

var app = builder.Build();
app.CreateClinicDatabase();

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

app.Run();
