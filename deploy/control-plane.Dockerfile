# Control plane: src/Provisioning.Api (REST API + portal + the engine it hosts).
# Build context: the repository root (see docker-compose.yml).

# --- project files only, so that `dotnet restore` below is cached until a project file or
# the central package versions change (this stage re-runs on any source change, but its
# output, and therefore the next stage's COPY cache key, does not). ---------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS projects
WORKDIR /src
COPY src/ src/
RUN find src -type f ! -name '*.csproj' ! -name '*.props' ! -name '*.targets' -delete

# --- build ----------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# global.json pins the SDK; Directory.*.props and .editorconfig drive the analyzers that the
# build treats as errors: the image must build exactly like CI does.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY --from=projects /src/src/ src/
RUN dotnet restore src/Provisioning.Api/Provisioning.Api.csproj
COPY src/ src/
# Provisioning.Engine.csproj links ../../workflows/*.json into the output (/app/workflows).
COPY workflows/ workflows/
RUN dotnet publish src/Provisioning.Api/Provisioning.Api.csproj -c Release --no-restore -o /app

# --- runtime --------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 8080
# The control plane needs no privileges: run as the image's unprivileged "app" user.
USER $APP_UID
ENTRYPOINT ["dotnet", "Provisioning.Api.dll"]
