using Microsoft.Extensions.DependencyInjection.Extensions;
using PreSessions.Gateway.Apis;
using PreSessions.Gateway.Auth;
using PreSessions.Gateway.Hosting;
using PreSessions.Gateway.Live;
using PreSessions.Gateway.Pages;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRequestLimits();
builder.AddSecurityHeaders();
builder.AddPreSessionsCluster();
builder.AddPreSessionsAuth();
builder.AddOperatorDashboard();
builder.AddLiveFeeds();
builder.AddPreSessionsLocalization();
builder.AddPeoplesPages();
builder.AddRoomPages();
builder.Services.AddOpenApi();
builder.Services.TryAddSingleton(TimeProvider.System);

var app = builder.Build();
app.UseServiceDefaults();
app.UseSecurityHeaders();
app.UsePeoplesPages();
app.UsePreSessionsLocalization();
app.UseRequestLimits();
app.UseAuthentication();
app.UseAuthorization();
app.UseAuditActor();
app.MapOrganisationsApi();
app.MapWgSessionsApi();
app.MapApplicationsApi();
app.MapRsvpsApi();
app.MapStatesApi();
app.MapTimersApi();
app.MapRoomsApi();
app.MapRoomPages();
app.MapPeoplesPages();
app.MapAuditApi();
app.MapHealthApi();
app.MapOperatorDashboard();
app.MapOpenApi("/openapi/v1.json");
app.Run();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
