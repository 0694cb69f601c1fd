using Clinic.Legacy;
using Clinic.Legacy.Endpoints;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddControllers();
builder.Services.AddClinicServices();
builder.Services.AddLegacyCookieAuthentication();
builder.Services.AddPatientRecords();
builder.Services.AddLegacySessions();

// CMP5001 and CMP5003: no HTTPS redirection, no HSTS and no security headers in the pipeline.
// CMP3007: [Audited] and [RateLimited] are on endpoints, but AddCompliance() and UseCompliance()
// are never called, so they audit and limit nothing.
var app = builder.Build();

// CMP5006: the developer exception page shows stack traces and request data in production too.
app.UseDeveloperExceptionPage();

app.UseAuthentication();
app.UseAuthorization();

app.MapControllers();
app.MapAppointmentEndpoints();
app.MapClinicPortal();

app.Run();
