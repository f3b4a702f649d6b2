#!/usr/bin/env bash
# Builds the workshop's images WITHOUT pulling, tags them as the walkthrough names them, and saves
# them to one tarball that `lab up` loads into every node (the nodes never pull):
#   registry:2  <- images/workshop/registry  (Debian's docker-registry binary + its libc)
#   nginx:1.14  <- images/workshop/payload   (Debian's busybox-static, busybox httpd)
# Both carry LABEL lab.standin=... so nobody mistakes them for the real images.
#
#   LAB_CACHE  cache directory (default ~/.cache/lab): build contexts in workshop/,
#              output $LAB_CACHE/workshop-images.tar (+ .ids, the image ids it holds)
#   LAB_PULL=1 opt-in: `docker pull` the REAL registry:2 and nginx:1.14 instead of building
#              stand-ins (needs a host that may reach Docker Hub; never done by default)
#
# A tag that already exists WITHOUT the lab.standin label is a real image: it is kept as is.
# Up to date (same recipe hash, same image ids as the tarball) = no build, no save.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
source "$here/../lib.sh"
work="$cache/workshop"
tarball="$workshop_tarball"
stamp="$tarball.ids"
REGISTRY_REF=registry:2
PAYLOAD_REF=nginx:1.14

label() { docker image inspect -f "{{index .Config.Labels \"$2\"}}" "$1" 2>/dev/null || true; }
image_id() { docker image inspect -f '{{.Id}}' "$1" 2>/dev/null || true; }

docker info >/dev/null 2>&1 || die "cannot talk to the Docker daemon (is dockerd running?)"
t_start="$(now)"
mkdir -p "$work/debs"

# Fast path, for a `lab up` whose remembered host images no longer match (src/nodes/host-images.ts)
# and for `lab images --build`: when this recipe, the versions of the Debian packages it takes its
# binaries from, and the images the tarball holds are all unchanged, there is nothing to stage,
# hash or save.
quick="$tarball.quick"
quick_key() {
  { cat "$here/build.sh"; (cd "$here" && find registry payload -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
    dpkg-query -W -f '${Package} ${Version}\n' docker-registry busybox-static 2>/dev/null || true
    echo "pull=${LAB_PULL:-0}"; } | sha256sum | cut -c1-12
}
if [[ "${LAB_PULL:-0}" != 1 && -f "$tarball" && -f "$stamp" && -f "$quick" && "$(cat "$quick")" == "$(quick_key)" &&
      "$(cat "$stamp")" == "$REGISTRY_REF=$(image_id "$REGISTRY_REF") $PAYLOAD_REF=$(image_id "$PAYLOAD_REF")" ]]; then
  echo "workshop images up to date (recipe, package versions and tarball unchanged)"
  exit 0
fi

# A file from a Debian package: the installed copy if the package is installed, else
# `apt-get download` (from the mirror apt is configured with) + `dpkg -x` into the cache.
# Prints the file's path.
installed() { dpkg-query -W -f '${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
deb_file() {
  local pkg="$1" path="$2" deb
  if installed "$pkg" && [[ -f "$path" ]]; then
    printf '%s\n' "$path"; return 0
  fi
  if [[ ! -f "$work/debs/$pkg$path" ]]; then
    rm -rf "$work/debs/$pkg" && mkdir -p "$work/debs/$pkg"
    (cd "$work/debs" && apt-get download "$pkg" >/dev/null 2>&1) ||
      (cd "$work/debs" && apt-get update -qq && apt-get download "$pkg" >/dev/null) ||
      die "apt-get download $pkg failed"
    deb="$(ls -t "$work/debs/${pkg}"_*.deb | head -n1)"
    dpkg -x "$deb" "$work/debs/$pkg"
  fi
  [[ -f "$work/debs/$pkg$path" ]] || die "$pkg has no $path"
  printf '%s\n' "$work/debs/$pkg$path"
}

deb_version() { # installed version, else the version of the downloaded .deb
  if installed "$1"; then dpkg-query -W -f '${Version}' "$1"
  else dpkg-deb -f "$(ls -t "$work/debs/$1"_*.deb | head -n1)" Version; fi
}

context_hash() { # over every file (and link target) of a build context, plus extra words
  local dir="$1"; shift
  { (cd "$dir" && find . \( -type f -o -type l -o -type d \) -printf '%p %m %l\n' | LC_ALL=C sort)
    (cd "$dir" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
    printf '%s\n' "$@"; } | sha256sum | cut -c1-12
}

# --- registry:2 stand-in context ----------------------------------------------------------------
stage_registry() {
  local ctx="$work/registry" bin lib
  bin="$(deb_file docker-registry /usr/bin/docker-registry)"
  rm -rf "$ctx" && mkdir -p "$ctx/libs" "$ctx/dirs/tmp" "$ctx/dirs/var/lib/registry"
  chmod 1777 "$ctx/dirs/tmp"
  cp "$here/registry/Dockerfile" "$here/registry/config.yml" "$ctx/"
  cp "$bin" "$ctx/registry"
  # exactly the files ldd lists (vdso has no file), copied with links resolved at the listed path
  while read -r lib; do
    mkdir -p "$ctx/libs$(dirname "$lib")"
    cp -L "$lib" "$ctx/libs$lib"
  done < <(ldd "$bin" | awk '$2 == "=>" && $3 ~ /^\// { print $3; next } $1 ~ /^\// { print $1 }')
  [[ -n "$(ls -A "$ctx/libs")" ]] || die "ldd listed no libraries for $bin"
}

# --- nginx:1.14 stand-in context ----------------------------------------------------------------
stage_payload() {
  local ctx="$work/payload" bb
  bb="$(deb_file busybox-static /bin/busybox)"
  { ldd "$bb" 2>&1 || true; } | grep -Eq 'not a dynamic executable|statically linked' || die "$bb is not a static binary"
  rm -rf "$ctx" && mkdir -p "$ctx/bin" "$ctx/etc" "$ctx/html"
  cp "$here/payload/Dockerfile" "$ctx/"
  cp "$bb" "$ctx/bin/busybox"
  ln -s busybox "$ctx/bin/sh"
  cp "$here/payload/passwd" "$here/payload/group" "$ctx/etc/"
  cp "$here/payload/index.html" "$ctx/html/"
}

# build REF CONTEXT [build args...]: build unless REF is the real image or already this recipe
build() {
  local ref="$1" ctx="$2"; shift 2
  local hash old standin out
  hash="$(context_hash "$ctx" "$@")"
  old="$(image_id "$ref")"
  standin="$(label "$ref" lab.standin)"
  if [[ -n "$old" && -z "$standin" ]]; then
    echo "    $ref: real image present, kept (not a stand-in)"
    return 0
  fi
  if [[ -n "$old" && "$(label "$ref" lab.recipe)" == "$hash" ]]; then
    echo "    $ref: up to date (recipe $hash)"
    return 0
  fi
  local t0; t0="$(now)"
  out="$(DOCKER_BUILDKIT=0 docker build --label "lab.recipe=$hash" "$@" -t "$ref" "$ctx" 2>&1)" ||
    { echo "$out" >&2; die "docker build $ref failed"; }
  echo "    $ref: built in $(secs "$t0" "$(now)") s (recipe $hash)"
  if [[ -n "$old" && "$old" != "$(image_id "$ref")" ]]; then
    docker rmi "$old" >/dev/null 2>&1 || true   # the previous stand-in, unless a container uses it
  fi
}

if [[ "${LAB_PULL:-0}" == 1 ]]; then
  echo "==> LAB_PULL=1: pulling the real images"
  docker pull "$REGISTRY_REF"
  docker pull "$PAYLOAD_REF"
else
  echo "==> workshop images (offline stand-ins)"
  stage_registry
  version="$(deb_version docker-registry)"
  build "$REGISTRY_REF" "$work/registry" --build-arg "REGISTRY_VERSION=$version"
  stage_payload
  build "$PAYLOAD_REF" "$work/payload"
fi

ids="$REGISTRY_REF=$(image_id "$REGISTRY_REF") $PAYLOAD_REF=$(image_id "$PAYLOAD_REF")"
if [[ -f "$tarball" && -f "$stamp" && "$(cat "$stamp")" == "$ids" ]]; then
  chmod 0644 "$tarball"
  echo "==> $tarball up to date"
else
  t0="$(now)"
  docker save "$REGISTRY_REF" "$PAYLOAD_REF" -o "$tarball.tmp"
  chmod 0644 "$tarball.tmp"
  mv -f "$tarball.tmp" "$tarball"
  printf '%s\n' "$ids" >"$stamp"
  echo "==> saved $tarball ($(du -h "$tarball" | cut -f1)) in $(secs "$t0" "$(now)") s"
fi
quick_key >"$quick"
echo "workshop images ready in $(secs "$t_start" "$(now)") s"
