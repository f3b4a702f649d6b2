#!/usr/bin/env bash
# Prepares a Debian/Ubuntu host for `lab`: the packages (from the distribution only), a running
# Docker engine, and the npm dependencies. Idempotent: what is already there is left alone.
# Used by README's two commands and by .ci/run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# vagrant + docker provider, debootstrap for the offline node image, docker-registry for the
# offline registry:2 stand-in, openssh-client for `lab ssh`, openssl for the diagnose tests,
# chromium for the test of the trainer's page (playwright-core drives it; it downloads no browser).
# No recommends: they pull a kernel and vagrant-libvirt, which cost minutes and are not needed.
packages=(docker.io vagrant debootstrap openssh-client docker-registry ca-certificates openssl chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# A Docker engine: systemd where there is one, else dockerd in the background (CI, containers).
if ! docker info >/dev/null 2>&1; then
  if [ -d /run/systemd/system ]; then
    as_root systemctl start docker
  else
    echo "==> starting dockerd (log: /var/log/lab-dockerd.log)"
    as_root sh -c 'nohup dockerd >/var/log/lab-dockerd.log 2>&1 &'
  fi
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { echo "dockerd did not start; see /var/log/lab-dockerd.log" >&2; tail -20 /var/log/lab-dockerd.log >&2 || true; exit 3; }
fi

# Each lab node's systemd, dockerd and containerd hold ~8 inotify instances, counted for root
# host-wide: at Linux's default of 128, the 8th lab's nodes cannot start (measured). Raise it.
if [ -r /proc/sys/fs/inotify/max_user_instances ] && [ "$(cat /proc/sys/fs/inotify/max_user_instances)" -lt 1024 ]; then
  echo "==> fs.inotify.max_user_instances=1024 (lab nodes need ~8 each)"
  as_root sysctl -q -w fs.inotify.max_user_instances=1024 || echo "    could not raise it: at most ~7 labs will run at once" >&2
fi

# npm dependencies (npm ci also compiles and bundles the TypeScript through the prepare script).
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci"
  npm ci --no-audit --no-fund
elif [ ! -e dist/cli/main.js ] || [ ! -e bundle/main.js ]; then
  npm run build
fi
