#!/usr/bin/env bash
# Build the graphical desktop image WITHOUT any image registry: `debootstrap --variant=minbase` of Debian bookworm
# (from the Debian mirror in /etc/apt/sources.list*) with TigerVNC's Xvnc, the twm window manager, xterm and
# busybox-static (the agent's HTTP listener and port forwarder), trimmed, loaded with `docker import`.
# The result matches what ./Dockerfile builds on top of debian:bookworm-slim.
#
# Usage: build-offline.sh [IMAGE]      (root: debootstrap needs it)
#   IMAGE   defaults to $EMULATOR_DESKTOP_GUI_IMAGE, else workspaces-emulator/desktop-gui:latest
# Env:
#   DEBIAN_MIRROR=url   mirror to bootstrap from (default: the first Debian URI of /etc/apt/sources.list*)
#   FORCE=1             rebuild even when the image already has the same recipe
#   CACHE_DIR=/path     where the bootstrapped tree is kept, by package list (default /var/cache/workspaces-emulator-build),
#                       so a change to the agent files re-imports in seconds
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/build-common.sh
. "$here/../lib/build-common.sh"
image=${1:-${EMULATOR_DESKTOP_GUI_IMAGE:-workspaces-emulator/desktop-gui:latest}}
suite=bookworm
hash_label=workspaces-emulator.desktop.build-hash
# Recommends are not installed (minbase): Xvnc's built-in "fixed" font serves xterm and twm, no fonts package needed.
packages=(tigervnc-standalone-server twm xterm busybox-static iptables)
# The HTTP agent is the light image's own (same /health, /, /info.json contract).
agent=("$here/entrypoint" "$here/session" "$here/twmrc" "$here/../desktop/agent/http")

command -v docker >/dev/null 2>&1 || build_die "docker CLI not found"
build_hash=$(recipe_hash "$suite ${packages[*]}" "${BASH_SOURCE[0]}" "${agent[@]}")
exit_if_up_to_date "$image" "$hash_label" "$build_hash"

[ "$(id -u)" = 0 ] || build_die "debootstrap needs root"
command -v debootstrap >/dev/null 2>&1 || build_die "debootstrap not found (apt-get install debootstrap)"
mirror=$(debian_mirror)

# The bootstrapped, trimmed tree depends only on the suite, the packages and the trim below: cached by their hash.
cache=${CACHE_DIR:-/var/cache/workspaces-emulator-build}
tree=$cache/desktop-gui-$( { echo "$suite ${packages[*]}"; sed -n '/^# --- tree/,/^# --- end of tree/p' "${BASH_SOURCE[0]}"; } | sha256sum | cut -c1-16)
# --- tree
if [ ! -f "$tree/.complete" ]; then
  rm -rf "$tree"; mkdir -p "$tree"
  echo "build-offline: debootstrap $suite from $mirror (a few minutes; cached in $tree)"
  debootstrap --variant=minbase --include="$(IFS=,; echo "${packages[*]}")" "$suite" "$tree/rootfs" "$mirror" >"$tree/debootstrap.log" 2>&1 ||
    { tail -n 30 "$tree/debootstrap.log" >&2; build_die "debootstrap failed"; }
  # Trim what Xvnc, twm and xterm never load: Mesa's DRI drivers and LLVM (GLX has no hardware here), Perl's
  # modules (only TigerVNC's vncserver wrapper script needs them; Xvnc is started directly), documentation,
  # locales, apt's caches and lists, logs.
  lib=$tree/rootfs/usr/lib/x86_64-linux-gnu
  rm -rf "$lib"/dri "$lib"/libLLVM* "$lib"/libgallium* "$lib"/perl "$tree"/rootfs/usr/share/perl \
    "$tree"/rootfs/usr/share/{doc,man,info,locale,lintian,linda}/* "$tree"/rootfs/var/cache/apt/* "$tree"/rootfs/var/lib/apt/lists/* \
    "$tree"/rootfs/var/cache/debconf/*-old "$tree"/rootfs/var/log/* "$tree"/rootfs/tmp/*
  [ -x "$tree/rootfs/usr/bin/Xtigervnc" ] || build_die "Xtigervnc missing from the bootstrapped tree"
  touch "$tree/.complete"
fi
# --- end of tree
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
cp -a "$tree/rootfs" "$root"
# What only the removed DRI drivers and LLVM linked (ICU, Z3, libxml2, lm-sensors, the GPU drm libraries), glibc's
# gconv modules (UTF-8 and Latin-1 are built in) and libperl: none is in the closure of Xtigervnc, xterm, twm, xkbcomp
# (measured with ldd; 167 MB before this step).
lib=$root/usr/lib/x86_64-linux-gnu
rm -rf "$lib"/libz3.* "$lib"/libicu* "$lib"/libxml2.* "$lib"/libsensors.* "$lib"/libdrm_* "$lib"/gconv "$lib"/libperl.* "$root"/usr/bin/perl5*
for bin in Xtigervnc xterm twm xkbcomp; do
  missing=$(chroot "$root" ldd "/usr/bin/$bin" 2>&1 | grep 'not found' || true)
  [ -z "$missing" ] || build_die "$bin lost a library in the trim: $missing"
done

# busybox applets for the HTTP agent (nc -ll -e, ip, awk …) in /agent/bin; `ip` also on PATH for the runtime's
# route set-up (docker exec sh -c 'ip route …').
mkdir -p "$root/agent/bin"
for applet in $("$root/bin/busybox" --list); do ln -sf /bin/busybox "$root/agent/bin/$applet"; done
ln -sf /bin/busybox "$root/usr/local/bin/ip"
install -m 0755 "$here/entrypoint" "$root/agent/init"
install -m 0755 "$here/session" "$root/agent/session"
install -m 0755 "$here/../desktop/agent/http" "$root/agent/http"
install -m 0644 "$here/twmrc" "$root/etc/X11/twm/system.twmrc"
: >"$root/etc/hostname"
: >"$root/etc/hosts"
: >"$root/etc/resolv.conf"

# Same configuration as the Dockerfile. The stream label tells the emulator (and its web client) that the
# streaming ports speak RFB; the agent label that /health on 8080 says when the desktop is ready.
tar --numeric-owner --sort=name -C "$root" -c . |
  docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'LABEL org.opencontainers.image.title="workspaces-emulator desktop (graphical)"' \
    --change 'LABEL workspaces-emulator.desktop.stream=RFB' \
    --change 'LABEL workspaces-emulator.desktop.agent=8080' \
    --change "LABEL $hash_label=$build_hash" \
    --change 'WORKDIR /' \
    --change 'EXPOSE 4172 4195 8080' \
    --change 'ENTRYPOINT ["/agent/init"]' \
    --message "workspaces-emulator desktop-gui (offline build: debootstrap $suite + TigerVNC Xvnc, twm, xterm)" \
    - "$image" >/dev/null
image_built "$image"
