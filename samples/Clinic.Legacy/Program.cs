using Clinic.Legacy;
using Clinic.Legacy.Endpoints;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddControllers();
builder.Services.AddClinicServices();
builder.Services.AddLegacyCookieAuthentication();
builder.Services.AddPatientRecords();
builder.Services.AddLegacySessions();

var app = builder.Build();

app.UseAuthentication();
app.UseAuthorization();

app.MapControllers();
app.MapAppointmentEndpoints();

app.Run();
