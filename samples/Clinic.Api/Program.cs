using Clinic.Api;
using Clinic.Api.Endpoints;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddControllers();
builder.Services.AddProblemDetails();
builder.Services.AddClinicServices();
builder.Services.AddClinicAuthentication();

// Every control of the compliance runtime; settings come from the "Compliance" configuration section.
builder.Services.AddCompliance(options => options.RequireControlsOnAllPhiEndpoints = true)
    .AddAuditing()
    .AddRateLimiting()
    .AddValidation()
    .AddSecurityHeaders();

var app = builder.Build();

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

app.Run();
