#!/usr/bin/env bash
# Puts the workshop images (registry:2, nginx:1.14, from $LAB_CACHE/workshop-images.tar) into a
# node image's own Docker, so every node boots with them: `lab up` has nothing to load, and a class
# of 30 labs does not run 60 `docker load`s (0.7 s of CPU each, measured) while Vagrant boots.
#
# usage: images/node/bake.sh BASE_IMAGE      (images/node/build.sh runs it with the image it built)
#
# The node's own dockerd loads the tarball into an empty data root (a host folder: overlay2 cannot
# sit on the container's overlay), then `image/` and `overlay2/` become one layer at /var/lib/docker
# on top of BASE_IMAGE. The nodes' /var/lib/docker is an anonymous volume (Vagrantfile), which
# Docker fills from the image when it creates the container. Tagged <name>:<hash of base, image
# ids and this file> and <name>:latest; an existing tag means nothing to do.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
source "$here/../lib.sh"
base="${1:?usage: bake.sh BASE_IMAGE}"
name="${base%%:*}"
tarball="$workshop_tarball"
stamp="$tarball.ids"
t_start="$(now)"

if [[ ! -f "$tarball" || ! -f "$stamp" ]]; then
  "$here/../workshop/build.sh"
fi
ids="$(cat "$stamp")"
refs="$(sed -E 's/=[^ ]*//g; s/ /, /g' "$stamp")"
hash="$(printf '%s\n%s\n' "$base" "$ids" | cat - "$here/bake.sh" | sha256sum | cut -c1-12)"
tag="$name:$hash"

if docker image inspect "$tag" >/dev/null 2>&1; then
  docker tag "$tag" "$name:latest"
  echo "$tag up to date ($base + $refs; also tagged $name:latest)"
  exit 0
fi

# A layer that deletes a file carries a whiteout (.wh.*). Under /var/lib/docker of an image, the
# outer overlay would take the inner one for its own and hide the file: refuse such images.
while read -r layer; do
  if tar -xOf "$tarball" "$layer" | tar -t | grep -Eq '(^|/)\.wh\.'; then
    die "$layer in $tarball deletes files (whiteouts): such images cannot be baked into the node image"
  fi
done < <(tar -tf "$tarball" | grep '/layer.tar$')

work="$(mktemp -d "$cache/bake.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/data" "$work/ctx"

echo "==> loading the workshop images into $base's own dockerd"
sock=unix:///run/lab-bake.sock
docker run --rm --name "lab-bake-$hash-$$" --network none \
  --cap-add SYS_ADMIN --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
  -v "$work/data:/var/lib/docker" -v "$tarball:/workshop.tar:ro" --entrypoint /bin/sh "$base" -c "
    dockerd -H $sock --bridge=none --iptables=false --ip6tables=false --ip-masq=false >/tmp/dockerd.log 2>&1 &
    pid=\$!
    i=0
    until docker -H $sock version >/dev/null 2>&1; do
      i=\$((i + 1)); [ \$i -le 300 ] || { tail -n 20 /tmp/dockerd.log >&2; exit 1; }; sleep 0.1
    done
    docker -H $sock load -q -i /workshop.tar
    kill \$pid && wait \$pid" ||
  die "loading the workshop images into $base failed"

# Only the image store: dockerd makes the rest (networks, containers, ...) at the node's first boot.
tar -C "$work/data" --numeric-owner --xattrs -cf "$work/ctx/docker.tar" image overlay2
printf '%s\n' "FROM $base" 'ADD docker.tar /var/lib/docker/' "LABEL lab.base=$base lab.workshop-images=\"$ids\"" >"$work/ctx/Dockerfile"
out="$(DOCKER_BUILDKIT=0 docker build -q -t "$tag" "$work/ctx" 2>&1)" || { echo "$out" >&2; die "docker build $tag failed"; }
docker tag "$tag" "$name:latest"

# Older recipes and bakes: drop their tags (best effort; an image still used by a container stays).
docker image ls --format '{{.Repository}}:{{.Tag}}' "$name" |
  grep -vxF -e "$tag" -e "$base" -e "$name:latest" | xargs -r docker rmi >/dev/null 2>&1 || true

echo "$tag built ($base + $refs; also tagged $name:latest) in $(secs "$t_start" "$(now)") s"
