# Shared by the offline image builds (docker/desktop, docker/desktop-gui, docker/directory): sourced, not run.
# Each build labels its image with a hash of its recipe; when the tagged image already carries that hash the build is
# skipped, so CI (and a second run) pays nothing unless the recipe changed.

build_die() { echo "build-offline: $*" >&2; exit 1; }

# recipe_hash TEXT FILE... : 16 hex digits over TEXT, the files' contents and this library.
recipe_hash() {
  local text=$1; shift
  { echo "$text"; sha256sum "$@" "${BASH_SOURCE[0]}" | cut -d' ' -f1; } | sha256sum | cut -c1-16
}

# image_up_to_date IMAGE LABEL HASH : sets old_image_id (empty when IMAGE is absent); succeeds when IMAGE carries
# HASH under LABEL (and FORCE is not 1).
image_up_to_date() {
  old_image_id=$(docker image inspect -f '{{.Id}}' "$1" 2>/dev/null || true)
  [ -n "$old_image_id" ] && [ "${FORCE:-0}" != 1 ] || return 1
  [ "$(docker image inspect -f "{{index .Config.Labels \"$2\"}}" "$1" 2>/dev/null || true)" = "$3" ]
}

# exit_if_up_to_date IMAGE LABEL HASH : ends the build (status 0) when IMAGE already carries HASH.
exit_if_up_to_date() {
  if image_up_to_date "$@"; then
    echo "build-offline: $1 is up to date ($old_image_id)"
    exit 0
  fi
}

# debian_mirror : $DEBIAN_MIRROR, else the first Debian URI of /etc/apt/sources.list*, else deb.debian.org.
debian_mirror() {
  local mirror=${DEBIAN_MIRROR:-}
  if [ -z "$mirror" ]; then
    mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null |
      awk '/^URIs:/ && $2 ~ /\/debian\/?$/ {print $2; exit} /^deb / && $2 ~ /\/debian\/?$/ {print $2; exit}' || true)
  fi
  echo "${mirror:-http://deb.debian.org/debian}"
}

# image_built IMAGE : after `docker import`, drops the previous image (old_image_id) if nothing else uses it and
# prints what was built.
image_built() {
  local new_id
  new_id=$(docker image inspect -f '{{.Id}}' "$1")
  if [ -n "${old_image_id:-}" ] && [ "$old_image_id" != "$new_id" ]; then
    docker image rm "$old_image_id" >/dev/null 2>&1 || true
  fi
  echo "build-offline: built $1 ($new_id, $(docker image inspect -f '{{.Size}}' "$1") bytes)"
}
