#!/usr/bin/env bash
# Build the domain-controller image WITHOUT any image registry: a minimal Debian bookworm root file system made by
# debootstrap (from the Debian mirror in /etc/apt/sources.list*) with Samba's AD DC packages, trimmed, loaded with
# `docker import`.  The result matches what ./Dockerfile builds on top of debian:bookworm-slim.
#
# Usage: build-offline.sh [IMAGE]      (root: debootstrap needs it)
#   IMAGE   defaults to $EMULATOR_DIRECTORY_IMAGE, else workspaces-emulator/directory:latest
# Env:
#   DEBIAN_MIRROR=url   mirror to bootstrap from (default: the first Debian URI of /etc/apt/sources.list*,
#                       else http://deb.debian.org/debian)
#   FORCE=1             rebuild even when the image already has the same recipe
#
# The image carries a label with a hash of its recipe (this script, the entrypoint, the package list, the suite);
# when the tagged image already has that hash the build is skipped, so CI rebuilds only when the recipe changes.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
image=${1:-${EMULATOR_DIRECTORY_IMAGE:-workspaces-emulator/directory:latest}}
suite=bookworm
hash_label=workspaces-emulator.directory.build-hash
# The DC and the tools an administrator uses on premises (samba-tool, ldapsearch/ldapadd, kinit, dig).
packages=(samba samba-ad-dc samba-ad-provision samba-dsdb-modules winbind krb5-user ldb-tools ldap-utils dnsutils iproute2 procps gnutls-bin dnsmasq-base)

# shellcheck source=../lib/build-common.sh
. "$here/../lib/build-common.sh"
die() { build_die "$@"; }
command -v docker >/dev/null 2>&1 || die "docker CLI not found"

build_hash=$(recipe_hash "$suite ${packages[*]}" "${BASH_SOURCE[0]}" "$here/entrypoint")
exit_if_up_to_date "$image" "$hash_label" "$build_hash"

[ "$(id -u)" = 0 ] || die "debootstrap needs root"
command -v debootstrap >/dev/null 2>&1 || die "debootstrap not found (apt-get install debootstrap)"

mirror=$(debian_mirror)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
echo "build-offline: debootstrap $suite from $mirror (a few minutes)"
debootstrap --variant=minbase --include="$(IFS=,; echo "${packages[*]}")" "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 ||
  { tail -n 30 "$work/debootstrap.log" >&2; die "debootstrap failed"; }

# Trim: documentation, locales, apt's caches and lists, logs (measured: ~270 MB left).
rm -rf "$root"/usr/share/{doc,man,info,locale,lintian,linda}/* "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* \
  "$root"/var/cache/debconf/*-old "$root"/var/log/* "$root"/tmp/*
# Provisioning writes its own smb.conf; the package's would make it refuse.
rm -f "$root/etc/samba/smb.conf"
: >"$root/etc/hostname"
: >"$root/etc/hosts"
: >"$root/etc/resolv.conf"
install -m 0755 "$here/entrypoint" "$root/usr/local/sbin/dc-entrypoint"

# Same configuration as the Dockerfile.
tar --numeric-owner --sort=name -C "$root" -c . |
  docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'LABEL org.opencontainers.image.title="workspaces-emulator directory (Samba AD DC)"' \
    --change "LABEL $hash_label=$build_hash" \
    --change 'WORKDIR /' \
    --change 'EXPOSE 53/tcp 53/udp 88/tcp 88/udp 389/tcp 636/tcp 445/tcp' \
    --change 'ENTRYPOINT ["/usr/local/sbin/dc-entrypoint"]' \
    --message "workspaces-emulator directory (offline build: debootstrap $suite + Samba AD DC)" \
    - "$image" >/dev/null

image_built "$image"
