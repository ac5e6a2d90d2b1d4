#!/usr/bin/env bash
# The operators' trace viewer: the Aspire dashboard, from the NuGet package Aspire.Dashboard.Sdk.linux-x64 (restored
# into the NuGet cache on first use), listening on this machine only, with no login: LOCAL USE ONLY.
#
#   scripts/trace-viewer.sh                       UI on http://127.0.0.1:18888, OTLP/gRPC in on 127.0.0.1:18889
#   OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:18889 dotnet run --project src/Gateway     sends it the telemetry
#
# TRACE_VIEWER_UI_PORT and TRACE_VIEWER_OTLP_PORT move it (the defaults are the ports of the dashboard service in
# docker-compose.yml). It keeps what it receives in memory only; Ctrl+C stops it.
set -euo pipefail

version=13.6.5
packages=${NUGET_PACKAGES:-$HOME/.nuget/packages}
dashboard=$packages/aspire.dashboard.sdk.linux-x64/$version/tools/Aspire.Dashboard

if [ ! -f "$dashboard" ]; then
  # The package is a program, not a library: a throwaway project downloads it into the cache, and is deleted.
  project=$(mktemp -d)
  cat > "$project/trace-viewer.csproj" <<PROJECT
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Aspire.Dashboard.Sdk.linux-x64" Version="[$version]" /></ItemGroup>
</Project>
PROJECT
  dotnet restore "$project/trace-viewer.csproj" >&2 || { rm -rf "$project"; exit 1; }
  rm -rf "$project"
fi
chmod u+x "$dashboard"

export ASPNETCORE_URLS=http://127.0.0.1:${TRACE_VIEWER_UI_PORT:-18888}
export ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://127.0.0.1:${TRACE_VIEWER_OTLP_PORT:-18889}
# No login on the UI, no API key on OTLP or on the telemetry API: bound to 127.0.0.1 above for that reason.
export ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true
export ASPNETCORE_ENVIRONMENT=Production
exec "$dashboard"
