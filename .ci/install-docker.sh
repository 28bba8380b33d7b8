#!/usr/bin/env bash
# Make a Docker engine available on this machine (Debian 12, run as root) and
# build the stand-in desktop image without any image registry.  Idempotent:
# every step is skipped when already done.
#   1. apt packages busybox-static, iproute2, … (apt-get update only when
#      something is missing) and the engine: docker.io 26 from Debian 13
#      (trixie), pinned so nothing else comes from there; Debian 12's 20.10
#      when trixie cannot be reached
#   2. dockerd started in the background when `docker info` does not answer
#      (no systemd here: started directly, log in /tmp/dockerd.log)
#   3. docker/desktop/build-offline.sh  (image $EMULATOR_DESKTOP_IMAGE or
#      workspaces-emulator/desktop:latest)
#   4. docker/directory/build-offline.sh (Samba AD DC image $EMULATOR_DIRECTORY_IMAGE or
#      workspaces-emulator/directory:latest; skipped when its recipe is unchanged)
#   5. docker/desktop-gui/build-offline.sh (graphical desktop $EMULATOR_DESKTOP_GUI_IMAGE or
#      workspaces-emulator/desktop-gui:latest; skipped when its recipe is unchanged)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export DEBIAN_FRONTEND=noninteractive
log() { echo "install-docker: $*"; }

if [ "$(id -u)" != 0 ]; then
  echo "install-docker: must run as root" >&2
  exit 1
fi

# apt-get install of the named packages. Keeps the packages' init scripts from
# starting dockerd during the install (without systemd, invoke-rc.d would run
# /etc/init.d/docker with default flags); we start it ourselves below.
apt_install() {
  local created_policy= rc=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 0755 /usr/sbin/policy-rc.d
    created_policy=1
  fi
  apt-get install -y -qq --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@" || rc=$?
  [ -n "$created_policy" ] && rm -f /usr/sbin/policy-rc.d
  [ "$rc" = 0 ] || { echo "install-docker: apt-get failed to install $* ($rc)" >&2; exit "$rc"; }
}

# --- 1. packages -------------------------------------------------------------
packages=(busybox-static iproute2 iptables debootstrap libldap-2.5-0 ldap-utils)
missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  if [ "$status" != 'install ok installed' ]; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  apt-get update -qq || { echo "install-docker: apt-get update failed" >&2; exit 1; }
  apt_install "${missing[@]}"
else
  log "packages already installed"
fi

# --- 1b. the engine -----------------------------------------------------------
# Debian 12's docker.io is 20.10 (API 1.41): no HEALTHCHECK --start-interval (API 1.44, Docker 25+), so the emulator
# image could report "healthy" only a whole check interval after its start (README "Cold start"), and 20.10 is long
# out of support. Debian 13's docker.io 26 installs on Debian 12 as it is: it and its containerd need libc6 >= 2.34
# (12 has 2.36); runc and tini stay Debian 12's. Trixie is pinned at priority 100, so only the three packages named
# here come from it. EMULATOR_DOCKER_FROM_DEBIAN12=1 keeps Debian 12's engine; DEBIAN_MIRROR names another
# mirror for trixie (default http://deb.debian.org/debian).
engine_version() { dpkg-query -W -f='${Version}' docker.io 2>/dev/null || true; }
if [ -z "$(engine_version)" ] || { [ "${EMULATOR_DOCKER_FROM_DEBIAN12:-0}" != 1 ] && dpkg --compare-versions "$(engine_version)" lt 25; }; then
  engine=(docker.io)
  if [ "${EMULATOR_DOCKER_FROM_DEBIAN12:-0}" != 1 ]; then
    cat >/etc/apt/sources.list.d/debian-trixie-docker.sources <<SOURCES
Types: deb
URIs: ${DEBIAN_MIRROR:-http://deb.debian.org/debian}
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
    printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' >/etc/apt/preferences.d/debian-trixie-docker
    if apt-get update -qq && [[ "$(apt-cache madison docker.io)" == *trixie* ]]; then
      engine=(docker.io/trixie docker-cli/trixie containerd/trixie)
    else
      log "Debian 13 (trixie) not reachable: installing Debian 12's docker.io 20.10"
      rm -f /etc/apt/sources.list.d/debian-trixie-docker.sources /etc/apt/preferences.d/debian-trixie-docker
      apt-get update -qq
    fi
  else
    apt-get update -qq
  fi
  # An older dockerd still running would keep answering: stop it, step 2 starts the new one.
  if [ -s /var/run/docker.pid ] && kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
    log "stopping the running dockerd $(engine_version) to replace it"
    kill "$(cat /var/run/docker.pid)"
    for _ in $(seq 1 30); do kill -0 "$(cat /var/run/docker.pid 2>/dev/null)" 2>/dev/null || break; sleep 1; done
    pkill -x containerd 2>/dev/null || true
  fi
  log "installing ${engine[*]}"
  apt_install "${engine[@]}"
fi
log "engine package docker.io $(engine_version)"

# --- 2. dockerd --------------------------------------------------------------
# dockerd runs with its defaults; no special flag was needed here (Debian 12,
# Docker 20.10 and later 26.1, kernel 6.18, cgroup v1, / on ext4):
#   - storage driver: overlay2, picked automatically (/var/lib/docker on ext4).
#     Not forced, so a machine without overlayfs falls back to vfs and still works
#     (the desktop image is 2 MB).
#   - cgroups: cgroupfs driver (the default when systemd is not running).
#   - iptables: left ON (the default); it works with Debian's iptables-nft
#     backend. Published ports (-p 127.0.0.1::8080) need Docker's DNAT rules,
#     and the userland proxy (docker-proxy, also on by default) makes
#     127.0.0.1:<port> reach the container from the host. --iptables=false
#     was not needed; it would drop Docker's NAT rules (no outbound
#     masquerading, no DNAT on the host's other addresses).
# Add flags through DOCKERD_FLAGS if a machine needs them.
if docker info >/dev/null 2>&1; then
  log "dockerd already answers"
else
  if [ -s /var/run/docker.pid ] && kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
    log "dockerd process exists but does not answer yet; waiting"
  else
    log "starting dockerd (log: /tmp/dockerd.log)"
    # shellcheck disable=SC2086  # DOCKERD_FLAGS is a word list on purpose
    nohup setsid dockerd ${DOCKERD_FLAGS:-} >>/tmp/dockerd.log 2>&1 </dev/null &
  fi
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  if ! docker info >/dev/null 2>&1; then
    echo "install-docker: dockerd did not come up within 60 s; last log lines:" >&2
    tail -n 40 /tmp/dockerd.log >&2 || true
    exit 1
  fi
  log "dockerd is up"
fi

# --- 3. desktop image --------------------------------------------------------
bash "$repo/docker/desktop/build-offline.sh" "${EMULATOR_DESKTOP_IMAGE:-workspaces-emulator/desktop:latest}"

# --- 4. domain-controller image ------------------------------------------------
bash "$repo/docker/directory/build-offline.sh" "${EMULATOR_DIRECTORY_IMAGE:-workspaces-emulator/directory:latest}"

# --- 5. graphical desktop image -------------------------------------------------
bash "$repo/docker/desktop-gui/build-offline.sh" "${EMULATOR_DESKTOP_GUI_IMAGE:-workspaces-emulator/desktop-gui:latest}"
