#!/usr/bin/env bash
# Build the emulator image WITHOUT any image registry: the same image as the root Dockerfile (which users with a
# registry build), assembled here from
#   1. a self-contained `dotnet publish` for linux-x64 (no .NET install needed in the image; the project's publish
#      properties make it a trimmed ReadyToRun composite), and
#   2. a minimal root file system: `debootstrap --variant=minbase` of Debian bookworm from apt's own mirror, from
#      which only the packages .NET needs are kept (libc, libstdc++, libgcc, OpenSSL 3, zlib, CA certificates,
#      libldap for System.DirectoryServices.Protocols) plus busybox-static (a shell and the `wget` of HEALTHCHECK).
#      Globalization is invariant (Directory.Build.props), so no ICU.
# then loaded with `docker import` (HEALTHCHECK, ENV, EXPOSE, VOLUME, ENTRYPOINT set with --change).
#
# Usage: build-offline.sh [IMAGE]          (root: debootstrap needs it)
#   IMAGE   default workspaces-emulator:latest
# Env:
#   CACHE_DIR=/path   where the debootstrap tree and the slim rootfs are kept (default /var/cache/workspaces-emulator-build)
#   MIRROR=url        Debian mirror (default: the first one in /etc/apt/sources.list*)
#   FORCE=1           rebuild even when the image already has the same content hash
#
# Cached by content hash: the rootfs by the package list and this script, the image by rootfs + published files.
# When the tagged image already carries the hash the build is skipped (the publish still runs: it is incremental).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
image=${1:-workspaces-emulator:latest}
cache=${CACHE_DIR:-/var/cache/workspaces-emulator-build}
hash_label=workspaces-emulator.build-hash
suite=bookworm
# Runtime libraries of .NET on Linux (https://learn.microsoft.com/dotnet/core/install/linux-debian#dependencies),
# libldap for LDAP, busybox-static for the health check. Their library dependencies are added below.
packages=(libc6 libgcc-s1 libstdc++6 libssl3 zlib1g ca-certificates libldap-2.5-0 busybox-static)
# Dependencies that are only there for package maintainer scripts, never loaded by .NET.
skip_deps='^(debconf|debconf-2.0|perl-base|openssl|dpkg|install-info|base-files|tar)$'

log() { echo "build-offline: $*"; }
die() { echo "build-offline: $*" >&2; exit 1; }

command -v docker >/dev/null || die "docker CLI not found"
command -v dotnet >/dev/null || die "the .NET 10 SDK (dotnet) is needed to publish the emulator"
[ "$(id -u)" = 0 ] || die "must run as root (debootstrap)"

mirror=${MIRROR:-}
if [ -z "$mirror" ]; then
  mirror=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -n1 || true)
  [ -n "$mirror" ] || mirror=$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | grep -v security | head -n1 || true)
fi
[ -n "$mirror" ] || die "no Debian mirror found in /etc/apt/sources.list*; set MIRROR"

# --- 1. the slim root file system (cached) ----------------------------------------------------------------------
rootfs_hash=$( { echo "$suite ${packages[*]} $skip_deps"; sed -n '/^# --- 1\./,/^# --- 2\./p' "${BASH_SOURCE[0]}"; } | sha256sum | cut -c1-16)
slim=$cache/rootfs-$rootfs_hash
if [ ! -f "$slim/.complete" ]; then
  command -v debootstrap >/dev/null || { log "installing debootstrap"; apt-get update -qq && apt-get install -y -qq --no-install-recommends debootstrap; }
  full=$cache/debootstrap-$(echo "$suite ${packages[*]}" | sha256sum | cut -c1-16)
  if [ ! -f "$full/.complete" ]; then
    rm -rf "$full"; mkdir -p "$full"
    log "debootstrap --variant=minbase $suite from $mirror (once; cached in $full)"
    include=$(IFS=,; echo "${packages[*]}")
    debootstrap --variant=minbase --include="$include" "$suite" "$full" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
      { tail -n 30 "$cache/debootstrap.log" >&2; die "debootstrap failed (log: $cache/debootstrap.log)"; }
    touch "$full/.complete"
  fi
  # The dependency closure of the packages, read from the bootstrapped dpkg database.
  declare -A keep=()
  queue=("${packages[@]}")
  while [ ${#queue[@]} -gt 0 ]; do
    p=${queue[0]}; queue=("${queue[@]:1}")
    p=${p%%:*}
    [ -n "${keep[$p]:-}" ] && continue
    [[ $p =~ $skip_deps ]] && continue
    deps=$(dpkg-query --admindir="$full/var/lib/dpkg" -W -f='${Pre-Depends}, ${Depends}' "$p" 2>/dev/null) ||
      die "package $p is not in the bootstrapped tree"
    keep[$p]=1
    # "a (>= 1) | b, c" → the first alternative of each dependency.
    for d in $(echo "$deps" | tr ',' '\n' | sed -E 's/\|.*//; s/\(.*\)//; s/[[:space:]]//g' | grep -v '^$'); do
      queue+=("$d")
    done
  done
  rm -rf "$slim.tmp"; mkdir -p "$slim.tmp"
  # usrmerge: /bin, /lib, /lib64 and /sbin are links into /usr in bookworm (packages still list /bin/... paths).
  for l in bin lib lib64 sbin; do
    if [ -L "$full/$l" ]; then mkdir -p "$slim.tmp/usr/$l"; cp -a "$full/$l" "$slim.tmp/$l"; fi
  done
  for p in "${!keep[@]}"; do
    dpkg-query --admindir="$full/var/lib/dpkg" -L "$p"
  done | sort -u | grep -vE '^/usr/share/(doc|man|info|lintian|locale|bug)(/|$)|/gconv(/|$)' | while read -r f; do
    # Directories are created as needed; files and symbolic links are copied as they are.
    if [ -L "$full$f" ] || [ -f "$full$f" ]; then
      mkdir -p "$slim.tmp$(dirname "$f")"
      cp -a "$full$f" "$slim.tmp$f"
    fi
  done
  # The CA bundle is generated by ca-certificates' maintainer script, not shipped in the package.
  mkdir -p "$slim.tmp/etc/ssl/certs"
  cp -a "$full/etc/ssl/certs/." "$slim.tmp/etc/ssl/certs/"
  # (gconv, glibc's iconv modules, is left out: .NET never calls iconv.)
  # busybox provides the shell and the health check's wget (its applets are links to the binary).
  for a in sh wget; do ln -sf /usr/bin/busybox "$slim.tmp/usr/bin/$a"; done
  mkdir -p "$slim.tmp"/{tmp,data,app,root,proc,sys,dev,etc,run,var/tmp}
  chmod 1777 "$slim.tmp/tmp" "$slim.tmp/var/tmp"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' >"$slim.tmp/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$slim.tmp/etc/group"
  printf 'hosts: files dns\n' >"$slim.tmp/etc/nsswitch.conf"
  cp "$full/etc/os-release" "$slim.tmp/etc/os-release" 2>/dev/null || cp "$full/usr/lib/os-release" "$slim.tmp/etc/os-release"
  : >"$slim.tmp/etc/hosts"; : >"$slim.tmp/etc/resolv.conf"; : >"$slim.tmp/etc/hostname"
  printf '%s\n' "${!keep[@]}" | sort >"$slim.tmp/.packages"
  rm -rf "$slim"; mv "$slim.tmp" "$slim"
  touch "$slim/.complete"
  log "rootfs $rootfs_hash: $(wc -l <"$slim/.packages") packages, $(du -sh "$slim" | cut -f1)"
fi

# --- 2. the self-contained publish ------------------------------------------------------------------------------
publish=$cache/publish
log "dotnet publish (linux-x64, self-contained, trimmed ReadyToRun composite)"
# A fresh output folder: publishing over an earlier one keeps files the new publish no longer produces (e.g. the
# assemblies a trimmed composite build folds away), and they would end up in the image.
rm -rf "$publish"
dotnet publish "$repo/emulator/src/WorkSpacesEmulator" -c Release -r linux-x64 --self-contained \
  -o "$publish" --nologo -v quiet >"$cache/publish.log" 2>&1 ||
  { tail -n 30 "$cache/publish.log" >&2; die "dotnet publish failed (log: $cache/publish.log)"; }

# --- 3. the image ------------------------------------------------------------------------------------------------
build_hash=$( { echo "$rootfs_hash"; sed -n '/^# --- 3\./,$p' "${BASH_SOURCE[0]}"; (cd "$publish" && find . -type f -print0 | sort -z | xargs -0 sha256sum); } | sha256sum | cut -c1-16)
old_id=$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)
if [ -n "$old_id" ] && [ "${FORCE:-0}" != 1 ] &&
   [ "$(docker image inspect -f "{{index .Config.Labels \"$hash_label\"}}" "$image" 2>/dev/null || true)" = "$build_hash" ]; then
  log "$image is up to date ($old_id)"
  exit 0
fi

# The rootfs with the publish output at /app (hard links: no copy of the rootfs), imported as one layer.
# Same configuration as the root Dockerfile.
stage=$cache/stage
rm -rf "$stage"
cp -al "$slim" "$stage"
rm -f "$stage/.complete" "$stage/.packages"
rm -rf "$stage/app"; cp -a "$publish" "$stage/app"
# Health check timing. Every check is a `docker exec` (measured here: ~85 ms of dockerd/containerd CPU each), and
# Docker runs the first one only after one interval. Engines with --start-interval (API 1.44, Docker 25+) probe every
# 100 ms until the first success and then every 30 s: healthy ~0.1 s after the emulator answers, cheap when idle.
# Older engines (Docker 20.10 here) get one check per second: healthy after ~1-1.5 s, ~8 % of a core for the checks.
api=$(docker version --format '{{.Server.APIVersion}}' 2>/dev/null || echo 0)
if [ "$(printf '%s\n%s\n' 1.44 "$api" | sort -V | head -n1)" = 1.44 ]; then
  health_timing='--interval=30s --timeout=3s --start-period=60s --start-interval=100ms --retries=3'
else
  health_timing='--interval=1s --timeout=3s --start-period=1s --retries=3'
fi
echo "build-offline: engine API $api: HEALTHCHECK $health_timing"

tar --numeric-owner --owner=0 --group=0 --sort=name --mtime=@0 -C "$stage" -cf - . |
  docker import \
    --change 'ENV PATH=/app:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV EMULATOR_DATA_DIR=/data EMULATOR_PORT=4566 EMULATOR_BIND_ADDRESS=0.0.0.0 DOTNET_RUNNING_IN_CONTAINER=true' \
    --change 'LABEL org.opencontainers.image.title="workspaces-emulator"' \
    --change "LABEL $hash_label=$build_hash" \
    --change 'WORKDIR /app' \
    --change 'VOLUME /data' \
    --change 'EXPOSE 4566' \
    --change "HEALTHCHECK $health_timing CMD wget -q -O /dev/null \"http://127.0.0.1:\${EMULATOR_PORT:-4566}/_emulator/health\" || exit 1" \
    --change 'ENTRYPOINT ["/app/WorkSpacesEmulator"]' \
    --message "workspaces-emulator (offline build: dotnet publish linux-x64 + Debian $suite minbase libraries)" \
    - "$image" >/dev/null
rm -rf "$stage"

new_id=$(docker image inspect -f '{{.Id}}' "$image")
if [ -n "$old_id" ] && [ "$old_id" != "$new_id" ]; then
  docker image rm "$old_id" >/dev/null 2>&1 || true
fi
log "built $image ($new_id, $(( $(docker image inspect -f '{{.Size}}' "$image") / 1000000 )) MB)"
