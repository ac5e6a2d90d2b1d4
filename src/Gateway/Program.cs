using Microsoft.Extensions.DependencyInjection.Extensions;
using PreSessions.Gateway.Apis;
using PreSessions.Gateway.Auth;
using PreSessions.Gateway.Hosting;
using PreSessions.Gateway.Live;
using PreSessions.Gateway.Pages;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ServiceDefaults.ContentRoot() });
builder.AddServiceDefaults();
builder.AddProxyHeaders();
builder.AddRequestLimits();
builder.AddSecurityHeaders();
builder.AddPreSessionsCluster();
builder.AddPreSessionsAuth();
builder.AddCookieSignIn();
builder.AddOperatorDashboard();
builder.AddLiveFeeds();
builder.AddPreSessionsLocalization();
builder.AddPeoplesPages();
builder.AddApiReference();
builder.AddRoomPages();
builder.Services.TryAddSingleton(TimeProvider.System);

var app = builder.Build();
// First: everything after it (HTTPS redirection, the rate limits, the logs) sees the client a known proxy forwarded.
app.UseForwardedHeaders();
app.UseServiceDefaults();
app.UseSecurityHeaders();
app.UsePeoplesPages();
app.UsePreSessionsLocalization();
app.UseRequestLimits();
app.UseAuthentication();
app.UseCookieSignIn();
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
app.MapReleasesApi();
app.MapRecommendationsApi();
app.MapAttendanceApi();
app.MapExportsApi();
app.MapStatisticsApi();
app.MapHealthApi();
app.MapSelectionApi();
app.MapThemesApi();
app.MapOperatorDashboard();
app.MapApiReference();
app.Run();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
