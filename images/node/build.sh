#!/usr/bin/env bash
# Builds the lab's node image WITHOUT pulling anything from a container registry: debootstrap a
# Debian bookworm root from the Debian mirror that apt already uses on this host, configure it
# (configure.sh), `docker import` it as lab-node:<recipe hash>; then bake.sh adds the workshop
# images to it as lab-node:<bake hash>, also tagged lab-node:latest (its last line names that tag).
#
# usage: images/node/build.sh [PUBLIC_KEY_FILE]
#   PUBLIC_KEY_FILE  key allowed to log in as `vagrant` (or env LAB_SSH_PUBKEY = its path);
#                    default: the lab key made by images/ssh-key.sh
#   LAB_CACHE        cache directory (default ~/.cache/lab): rootfs-<hash> (deleted after import),
#                    debootstrap-debs/ (downloaded .debs, kept so a rebuild downloads nothing)
#   LAB_NODE_IMAGE   image name without tag (default lab-node)
#   LAB_DEBIAN_MIRROR  override the mirror URI (default: read from apt's own sources at run time)
#
# The base tag is the first 12 hex digits of sha256(build.sh + configure.sh + public key): when an
# image with that tag exists only bake.sh runs (and exits at once when its tag exists too).
# Needs root (debootstrap).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
source "$here/../lib.sh"
name="${LAB_NODE_IMAGE:-lab-node}"
name="${name%%:*}"
t_start="$(date +%s.%N)"

pubfile="${1:-${LAB_SSH_PUBKEY:-}}"
if [[ -z "$pubfile" ]]; then
  pubfile="$("$here/../ssh-key.sh")"
fi
[[ -r "$pubfile" ]] || die "public key file not readable: $pubfile"
pubkey="$(head -n1 "$pubfile")"
[[ "$pubkey" == ssh-* || "$pubkey" == ecdsa-* || "$pubkey" == sk-* ]] || die "not an OpenSSH public key: $pubfile"

hash="$(cat "$here/build.sh" "$here/configure.sh" "$pubfile" | sha256sum | cut -c1-12)"
tag="$name:$hash"

if docker image inspect "$tag" >/dev/null 2>&1; then
  exec "$here/bake.sh" "$tag"
fi

[[ $EUID -eq 0 ]] || die "debootstrap needs root (run with sudo)"
command -v debootstrap >/dev/null || die "debootstrap missing: apt-get install -y --no-install-recommends debootstrap"
docker info >/dev/null 2>&1 || die "cannot talk to the Docker daemon (is dockerd running?)"

# The Debian mirror apt uses on this host, read at run time: the deb822 stanza whose Suites list
# holds plain `bookworm` (not bookworm-security), else a one-line `deb URI bookworm ...` entry.
find_mirror() {
  local f
  for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list.d/*.sources; do
    [[ -r "$f" ]] || continue
    awk 'BEGIN { RS = ""; FS = "\n" }
      {
        types = ""; uris = ""; suites = ""; enabled = "yes"
        for (i = 1; i <= NF; i++) {
          line = $i
          if (line ~ /^[ \t]*#/) continue
          if (line ~ /^Types:/)   { sub(/^Types:[ \t]*/, "", line);   types = " " line " " }
          if (line ~ /^URIs:/)    { sub(/^URIs:[ \t]*/, "", line);    uris = line }
          if (line ~ /^Suites:/)  { sub(/^Suites:[ \t]*/, "", line);  suites = " " line " " }
          if (line ~ /^Enabled:/) { sub(/^Enabled:[ \t]*/, "", line); enabled = line }
        }
        if (types ~ / deb / && suites ~ /[ \t]bookworm[ \t]/ && uris != "" && enabled != "no") {
          split(uris, u, /[ \t]+/); print u[1]; exit
        }
      }' "$f" | grep . && return 0
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -r "$f" ]] || continue
    awk '$1 == "deb" {
        i = 2
        if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        if ($(i + 1) == "bookworm") { print $i; exit }
      }' "$f" | grep . && return 0
  done
  return 1
}
mirror="${LAB_DEBIAN_MIRROR:-$(find_mirror || true)}"
[[ -n "$mirror" ]] || die "no bookworm entry in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list"

rootfs="$cache/rootfs-$hash"

# Unmount whatever debootstrap/chroot left mounted below the root, then delete it.
# Never rm -rf across a live /proc or /sys mount.
remove_rootfs() {
  [[ -e "$rootfs" ]] || return 0
  local m
  awk -v r="$rootfs" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/mounts | sort -r |
    while read -r m; do umount -l "$m" || true; done
  if awk -v r="$rootfs" '$2 == r || index($2, r "/") == 1 { found = 1 } END { exit !found }' /proc/mounts; then
    die "still mounted below $rootfs; not deleting it"
  fi
  rm -rf --one-file-system "$rootfs"
}
trap remove_rootfs EXIT

mkdir -p "$cache/debootstrap-debs"
remove_rootfs   # a half-built root from an interrupted run

# The node itself, then what a Docker workshop expects on a host (htpasswd for bcrypt, jq, an editor,
# wget, less, dig/nslookup) and seed 001's ACME path offline (pebble, certbot). Same list as Dockerfile.
packages=systemd,systemd-sysv,dbus,openssh-server,sudo,docker.io,iproute2,iputils-ping,curl,openssl,ca-certificates,procps
packages+=,apache2-utils,jq,vim-tiny,nano,wget,less,bind9-dnsutils,pebble,certbot
# debootstrap does not resolve virtual packages: python3-cryptography (certbot) needs cffi's backend.
packages+=,python3-cffi-backend

echo "==> debootstrap bookworm ($mirror) into $rootfs"
t0="$(now)"
debootstrap --variant=minbase --include="$packages" \
  --cache-dir="$(cd "$cache/debootstrap-debs" && pwd)" \
  bookworm "$rootfs" "$mirror" >"$cache/debootstrap-$hash.log" 2>&1 ||
  { tail -n 30 "$cache/debootstrap-$hash.log" >&2; die "debootstrap failed (log: $cache/debootstrap-$hash.log)"; }
t1="$(now)"
rm -f "$cache/debootstrap-$hash.log"
echo "    debootstrap: $(secs "$t0" "$t1") s"

echo "==> configure (vagrant user, sshd, systemd in a container)"
install -m 0755 "$here/configure.sh" "$rootfs/configure.sh"
LAB_SSH_PUBKEY="$pubkey" chroot "$rootfs" /bin/bash /configure.sh
rm -f "$rootfs/configure.sh"
t2="$(now)"
echo "    configure: $(secs "$t1" "$t2") s"

echo "==> docker import $tag"
# docker 20.10's `import --change` rejects STOPSIGNAL, so it is added by a metadata-only build step
# (no extra layer): SIGRTMIN+3 makes systemd shut down cleanly on `docker stop`, SIGTERM would not.
tar --numeric-owner --xattrs -C "$rootfs" -c . |
  docker import \
    -c 'CMD ["/sbin/init"]' \
    -c 'ENV container=docker' \
    - "$name:import-$hash" >/dev/null
printf '%s\n' "FROM $name:import-$hash" 'STOPSIGNAL SIGRTMIN+3' \
  "LABEL lab.recipe=$hash" \
  'LABEL org.opencontainers.image.title=lab-node org.opencontainers.image.description="Debian bookworm + systemd + sshd + docker.io, built offline by images/node/build.sh"' |
  { out="$(DOCKER_BUILDKIT=0 docker build -q -t "$tag" - 2>&1)" || { echo "$out" >&2; die "docker build (metadata) failed"; }; }
docker rmi "$name:import-$hash" >/dev/null
t3="$(now)"
echo "    import: $(secs "$t2" "$t3") s"

remove_rootfs
echo "    cleanup: $(secs "$t3" "$(now)") s"
echo "    $tag built in $(secs "$t_start" "$(now)") s"
exec "$here/bake.sh" "$tag"
