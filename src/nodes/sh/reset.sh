# Puts a node back to the baseline recorded at `lab up`, restarting dockerd only when its
# configuration changed (or it is down), and clearing the start-limit trap first.
set -u
B=/var/lib/lab/baseline
[ -e "$B/done" ] || { echo "no baseline recorded on $(hostname): run lab up" >&2; exit 3; }
changed=0
# Containers go first: a --restart=always container whose bind-mount source lives under a path
# restored below (e.g. -v /etc/docker/registry/config.yml:...) would be restarted by the daemon
# restart, and dockerd recreates a missing bind source as an empty directory.
if docker info >/dev/null 2>&1; then
  ids=$(docker ps -aq); [ -z "$ids" ] || docker rm -f -v $ids >/dev/null
fi
if ! diff -rq "$B/files/etc-docker" /etc/docker >/dev/null 2>&1; then
  rm -rf /etc/docker && cp -a "$B/files/etc-docker" /etc/docker && changed=1
fi
if [ -e "$B/files/docker" ]; then
  cmp -s "$B/files/docker" /etc/default/docker || { cp "$B/files/docker" /etc/default/docker; changed=1; }
fi
# The acme scenario: transient units (pebble, its DNS), certbot's tree, logs and work folder.
systemctl stop 'lab-*.service' 2>/dev/null; systemctl reset-failed 'lab-*.service' 2>/dev/null
if [ -d "$B/files/etc-letsencrypt" ] && ! diff -rq "$B/files/etc-letsencrypt" /etc/letsencrypt >/dev/null 2>&1; then
  rm -rf /etc/letsencrypt && cp -a "$B/files/etc-letsencrypt" /etc/letsencrypt
fi
rm -rf /var/lib/letsencrypt /var/log/letsencrypt
cmp -s "$B/files/hosts" /etc/hosts || cat "$B/files/hosts" > /etc/hosts
if [ -d /etc/systemd/system/docker.service.d ] || [ -d /etc/systemd/system/docker.socket.d ]; then
  rm -rf /etc/systemd/system/docker.service.d /etc/systemd/system/docker.socket.d
  systemctl daemon-reload
  changed=1
fi
# CAs added to the system store (update-ca-certificates): dockerd reads that store once, so restart it.
if [ -n "$(ls -A /usr/local/share/ca-certificates 2>/dev/null)" ]; then
  rm -rf /usr/local/share/ca-certificates/* && update-ca-certificates --fresh >/dev/null 2>&1
  changed=1
fi
(cd /home/vagrant && find . -mindepth 1 | sort) | comm -13 "$B/home.list" - | sort -r | while read -r p; do rm -rf "/home/vagrant/$p"; done
# /vagrant is shared by both nodes (the seed copies certificates through it): empty it.
[ -d /vagrant ] && find /vagrant -mindepth 1 -maxdepth 1 -exec rm -rf {} + 2>/dev/null
# Always flush docker.service's start counter (StartLimitBurst=3 a minute): the scenario that
# follows restarts dockerd twice, and so may the student.
systemctl reset-failed docker.service docker.socket 2>/dev/null || true
if [ "$changed" = 1 ] || ! systemctl is-active -q docker; then
  systemctl restart docker
  systemctl reset-failed docker.service docker.socket 2>/dev/null || true
fi
for i in $(seq 1 100); do docker info >/dev/null 2>&1 && break; sleep 0.1; done
ids=$(docker ps -aq); [ -z "$ids" ] || docker rm -f -v $ids >/dev/null
# With no container left, any docker-proxy is stale (a node killed and restarted keeps one holding
# its published port: "Bind for 0.0.0.0:5000 failed: port is already allocated").
pkill -x docker-proxy 2>/dev/null || true
docker images --format '{{.Repository}}:{{.Tag}}' | sort | comm -13 "$B/images.list" - | while read -r ref; do
  docker rmi -f "$ref" >/dev/null 2>&1 || true
done
docker image prune -f >/dev/null
docker volume prune -f >/dev/null
docker network prune -f >/dev/null
echo "reset $(hostname): daemon restarted=$changed"
