#!/usr/bin/env bash
# Build the desktop image WITHOUT any image registry: the root file system is
# assembled here from Debian's statically linked /bin/busybox (package
# busybox-static) plus the agent, and loaded with `docker import`.  The result
# matches what ./Dockerfile builds on top of busybox:stable-musl.
#
# Usage: build-offline.sh [IMAGE]      (root or a member of the docker group)
#   IMAGE   defaults to $EMULATOR_DESKTOP_IMAGE, else workspaces-emulator/desktop:latest
# Env:
#   BUSYBOX=/path   static busybox binary to use (default /bin/busybox)
#   FORCE=1         rebuild even when the image already has the same content
#
# The image carries a label with a hash of its inputs (busybox binary, agent
# files, this script); when the tagged image already has that hash the build
# is skipped, so running this repeatedly is cheap and keeps the image id.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
image=${1:-${EMULATOR_DESKTOP_IMAGE:-workspaces-emulator/desktop:latest}}
busybox=${BUSYBOX:-/bin/busybox}
hash_label=workspaces-emulator.desktop.build-hash
# shellcheck source=../lib/build-common.sh
. "$here/../lib/build-common.sh"
die() { build_die "$@"; }

[ -x "$busybox" ] || die "$busybox not found; install Debian's busybox-static (apt-get install busybox-static)"
# A dynamically linked busybox (Debian package 'busybox') would not run in an
# image without libc.
# (Output is captured before grep: with pipefail, `cmd | grep -q` fails
# whenever grep exits early and cmd gets SIGPIPE.)
if command -v readelf >/dev/null 2>&1; then
  elf=$(readelf -l "$busybox" 2>/dev/null || true)
  case "$elf" in
    *'program interpreter'*) die "$busybox is dynamically linked; install busybox-static instead of busybox" ;;
  esac
elif command -v file >/dev/null 2>&1; then
  case "$(file -L "$busybox" 2>/dev/null || true)" in
    *'statically linked'*) ;;
    *) die "$busybox is not statically linked; install busybox-static" ;;
  esac
fi
nc_help=$("$busybox" nc --help 2>&1 || true)
case "$nc_help" in
  *'-e PROG'*) ;;
  *) die "$busybox has no 'nc -e'" ;;
esac
command -v docker >/dev/null 2>&1 || die "docker CLI not found"

agent_files=(init banner http)
# Debian's iptables (nf_tables backend), with the libraries and match modules it
# needs: the emulator enforces security group ingress on eth1 with it.
iptables_bin=${IPTABLES:-/usr/sbin/xtables-nft-multi}
[ -x "$iptables_bin" ] || die "$iptables_bin not found; install Debian's iptables (apt-get install iptables)"
xt_dir=/usr/lib/x86_64-linux-gnu/xtables
xt_modules=(libxt_conntrack.so libxt_standard.so libxt_tcp.so libxt_udp.so libipt_icmp.so)
iptables_libs=$(ldd "$iptables_bin" | awk '/=> \//{print $3} /^[ \t]*\/lib/{print $1}')
build_hash=$(recipe_hash "$(sha256sum "$busybox" | cut -d' ' -f1)" "$iptables_bin" "${xt_modules[@]/#/$xt_dir/}" \
  "${agent_files[@]/#/$here/agent/}" "${BASH_SOURCE[0]}")
exit_if_up_to_date "$image" "$hash_label" "$build_hash"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs

# Directory layout of the busybox image.
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,home,root,tmp,var/log,var/run,run,proc,sys,dev,agent}
chmod 1777 "$root/tmp"
chmod 0700 "$root/root"
cp "$busybox" "$root/bin/busybox"
chmod 0755 "$root/bin/busybox"
# Applet links, at the paths busybox itself reports (bin/sh, usr/bin/awk, ...).
"$busybox" --list-full | while read -r applet; do
  case "$applet" in bin/busybox|'') continue ;; esac
  mkdir -p "$root/$(dirname "$applet")"
  ln -sf /bin/busybox "$root/$applet"
done
[ -e "$root/bin/sh" ] || ln -s /bin/busybox "$root/bin/sh"

cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/home:/bin/false
EOF
cat >"$root/etc/group" <<'EOF'
root:x:0:
nogroup:x:65534:
EOF
: >"$root/etc/hostname"
: >"$root/etc/hosts"
: >"$root/etc/resolv.conf"

for f in "${agent_files[@]}"; do
  install -m 0755 "$here/agent/$f" "$root/agent/$f"
done

# iptables: the multi-call binary under its names, its shared libraries at the
# paths ldd reports, and the match modules the emulator's rules use.
install -D -m 0755 "$iptables_bin" "$root/usr/sbin/xtables-nft-multi"
for name in iptables iptables-restore iptables-save; do
  ln -sf xtables-nft-multi "$root/usr/sbin/$name"
done
for lib in $iptables_libs; do
  install -D -m 0755 "$(readlink -f "$lib")" "$root$lib"
done
for m in "${xt_modules[@]}"; do
  install -D -m 0644 "$xt_dir/$m" "$root$xt_dir/$m"
done

# Same configuration as the Dockerfile.
tar --numeric-owner --owner=0 --group=0 --sort=name --mtime=@0 -C "$root" -c . |
  docker import \
    --change 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'LABEL org.opencontainers.image.title="workspaces-emulator desktop"' \
    --change 'LABEL workspaces-emulator.desktop.stream=CONSOLE' \
    --change 'LABEL workspaces-emulator.desktop.agent=8080' \
    --change "LABEL $hash_label=$build_hash" \
    --change 'WORKDIR /' \
    --change 'EXPOSE 4172 4195 8080' \
    --change 'ENTRYPOINT ["/agent/init"]' \
    --message "workspaces-emulator desktop (offline build from Debian busybox-static)" \
    - "$image" >/dev/null

image_built "$image"
