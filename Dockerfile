# The emulator as a container: docker build -t workspaces-emulator . && docker run -p 4566:4566 workspaces-emulator
# (Mount /var/run/docker.sock to get container-backed desktops; without it desktops are simulated.)
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish emulator/src/WorkSpacesEmulator -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# OpenLDAP's client library: System.DirectoryServices.Protocols (LDAP to the directories' DCs) loads it at run time.
RUN apt-get update && (apt-get install -y --no-install-recommends libldap-2.5-0 || apt-get install -y --no-install-recommends libldap2) \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
ENV EMULATOR_DATA_DIR=/data EMULATOR_PORT=4566
VOLUME /data
EXPOSE 4566
ENTRYPOINT ["dotnet", "WorkSpacesEmulator.dll"]
