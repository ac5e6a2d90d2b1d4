# The two images of PreSessions, from one build (from the repository root):
#   docker build --target silo -t presessions-silo .         one silo of the cluster; with the argument `migrate` it
#                                                             creates or upgrades the PostgreSQL schema and exits
#   docker build --target gateway -t presessions-gateway .   the HTTP gateway: with ConnectionStrings__PreSessions a
#                                                             pure client of the silos; without, the embedded default
#                                                             (a silo in its own process, SQLite under /app/data)
# docker-compose.yml builds both targets; the build stage is shared, so its layers are built once for both.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
# Restore from the project files alone first (the gateway references the silo, which references the grains and the
# contracts): this layer, with every package in it, is reused until a csproj or a central package version changes.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/Contracts/PreSessions.Contracts.csproj src/Contracts/
COPY src/Grains/PreSessions.Grains.csproj src/Grains/
COPY src/Silo/PreSessions.Silo.csproj src/Silo/
COPY src/Gateway/PreSessions.Gateway.csproj src/Gateway/
RUN dotnet restore src/Gateway/PreSessions.Gateway.csproj
COPY src/ src/
# bin/ and obj/ copied from a developer's work tree carry that machine's paths, and an embedded store in a data/
# folder is nobody's business here: drop them (.dockerignore leaves them out already; this holds without it).
# Publish then restores again, from the packages already in this stage, without downloading anything.
RUN find src -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} + && rm -rf src/*/data \
 && dotnet publish src/Silo/PreSessions.Silo.csproj -c Release -o /app/silo -p:UseAppHost=false \
 && dotnet publish src/Gateway/PreSessions.Gateway.csproj -c Release -o /app/gateway -p:UseAppHost=false

# aspnet for both, though the silo needs only the runtime: the two images share their base layers, pulled once.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# The embedded default keeps its store (and the gateway its generated operator token) in ./data: writable for the
# non-root user. In cluster mode every state lives in PostgreSQL.
RUN mkdir -p /app/data && chown "$APP_UID" /app/data

FROM runtime AS silo
COPY --from=build /app/silo ./
# Non-root: APP_UID is the unprivileged `app` user that the .NET base images provide.
USER $APP_UID
# Orleans silo-to-silo port and the port clients (the gateway) connect to; Orleans__SiloPort/GatewayPort change them.
EXPOSE 11111 30000
ENTRYPOINT ["dotnet", "PreSessions.Silo.dll"]

FROM runtime AS gateway
COPY --from=build /app/gateway ./
USER $APP_UID
# The gateway listens on localhost:5080 unless told otherwise, which is unreachable from outside a container: listen
# on every interface, on the unprivileged port the base image documents. ASPNETCORE_URLS overrides it at run time.
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "PreSessions.Gateway.dll"]
