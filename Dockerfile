# The emulator as a container, for machines with an image registry:
#   docker build -t workspaces-emulator . && docker run --rm -p 4566:4566 workspaces-emulator
# Without a registry, docker/emulator/build-offline.sh builds the same image (same publish, same Debian bookworm
# libraries, same configuration) with debootstrap + `docker import`. Keep the two in step.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
# Self-contained (no .NET in the image); the project's publish properties make it a trimmed ReadyToRun composite
# (precompiled: cold start without JIT; see the README's "Cold start").
RUN dotnet publish emulator/src/WorkSpacesEmulator -c Release -r linux-x64 --self-contained -o /app

FROM debian:bookworm-slim
# The libraries .NET needs (globalization is invariant: no ICU), libldap for LDAP, busybox for the health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libc6 libgcc-s1 libstdc++6 libssl3 zlib1g ca-certificates \
      libldap-2.5-0 busybox-static \
 && ln -sf /usr/bin/busybox /usr/bin/wget \
 && rm -rf /var/lib/apt/lists/* /usr/share/doc /usr/share/man
COPY --from=build /app /app
WORKDIR /app
ENV PATH=/app:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    EMULATOR_DATA_DIR=/data EMULATOR_PORT=4566 EMULATOR_BIND_ADDRESS=0.0.0.0 DOTNET_RUNNING_IN_CONTAINER=true
VOLUME /data
EXPOSE 4566
# --start-interval needs Docker 25+ (API 1.44): checks every 100 ms until the first success, then every 30 s (each
# check is a `docker exec`, ~85 ms of engine CPU). docker/emulator/build-offline.sh picks 1 s checks on older engines.
HEALTHCHECK --interval=30s --timeout=3s --start-period=60s --start-interval=100ms --retries=3 \
  CMD wget -q -O /dev/null "http://127.0.0.1:${EMULATOR_PORT:-4566}/_emulator/health" || exit 1
ENTRYPOINT ["/app/WorkSpacesEmulator"]
