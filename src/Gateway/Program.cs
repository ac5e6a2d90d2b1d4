using Microsoft.Extensions.DependencyInjection.Extensions;
using PreSessions.Gateway.Apis;
using PreSessions.Gateway.Auth;
using PreSessions.Gateway.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddPreSessionsCluster();
builder.AddPreSessionsAuth();
builder.AddOperatorDashboard();
builder.Services.AddOpenApi();
builder.Services.TryAddSingleton(TimeProvider.System);

var app = builder.Build();
app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.MapOrganisationsApi();
app.MapWgSessionsApi();
app.MapApplicationsApi();
app.MapRsvpsApi();
app.MapStatesApi();
app.MapHealthApi();
app.MapOperatorDashboard();
app.MapOpenApi();
app.Run();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
