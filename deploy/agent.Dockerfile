# Agent: src/Provisioning.Agent, one per hypervisor. Drives the HOST's libvirtd and Open
# vSwitch through sockets mounted from the host (see docker-compose.yml), so the image only
# needs the client side: libvirt0 (the C library the agent P/Invokes) and ovs-vsctl.
# Build context: the repository root.

# --- project files only (restore cache; see control-plane.Dockerfile) ---------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS projects
WORKDIR /src
COPY src/ src/
RUN find src -type f ! -name '*.csproj' ! -name '*.props' ! -name '*.targets' -delete

# --- build ----------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY --from=projects /src/src/ src/
RUN dotnet restore src/Provisioning.Agent/Provisioning.Agent.csproj
COPY src/ src/
RUN dotnet publish src/Provisioning.Agent/Provisioning.Agent.csproj -c Release --no-restore -o /app

# --- runtime --------------------------------------------------------------------------------
# aspnet, not runtime: the shared hosting library references the ASP.NET Core framework.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# openvswitch-switch: ovs-vsctl (talks to the host's ovsdb-server over the mounted socket);
#   no daemon is started in the container.
# libvirt0: libvirt.so.0 for the agent's P/Invoke driver (the daemon is the host's).
# apt-utils, ca-certificates, procps, iproute2: the package step's apt/dpkg tooling and
#   basic diagnostics (ip, ps) for operators exec'ing into the container.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      openvswitch-switch libvirt0 apt-utils ca-certificates procps iproute2 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1
# Runs as root on purpose: it uses the host's libvirt and OVS sockets (root-owned) and
# /dev/kvm; the container is privileged anyway.
ENTRYPOINT ["dotnet", "Provisioning.Agent.dll"]
