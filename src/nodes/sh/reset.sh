# Puts a node back to the baseline recorded at `lab up`, restarting dockerd only when the
# configuration it started with is not the baseline's (or it is down), and clearing the
# start-limit trap first.
set -u
B=/var/lib/lab/baseline
[ -e "$B/done" ] || { echo "no baseline recorded on $(hostname): run lab up" >&2; exit 3; }
# Containers go first: a --restart=always container whose bind-mount source lives under a path
# restored below (e.g. -v /etc/docker/registry/config.yml:...) would be restarted by the daemon
# restart, and dockerd recreates a missing bind source as an empty directory.
active=0
if systemctl is-active -q docker; then
  active=1
  ids=$(docker ps -aq); [ -z "$ids" ] || docker rm -f -v $ids >/dev/null
fi
diff -rq "$B/files/etc-docker" /etc/docker >/dev/null 2>&1 || { rm -rf /etc/docker && cp -a "$B/files/etc-docker" /etc/docker; }
if [ -e "$B/files/docker" ]; then
  cmp -s "$B/files/docker" /etc/default/docker || cp "$B/files/docker" /etc/default/docker
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
fi
# CAs added to the system store (update-ca-certificates): dockerd reads that store once.
if [ -n "$(ls -A /usr/local/share/ca-certificates 2>/dev/null)" ]; then
  rm -rf /usr/local/share/ca-certificates/* && update-ca-certificates --fresh >/dev/null 2>&1
fi
(cd /home/vagrant && find . -mindepth 1 | sort) | comm -13 "$B/home.list" - | sort -r | while read -r p; do rm -rf "/home/vagrant/$p"; done
# /vagrant is shared by both nodes (the seed copies certificates through it): empty it.
[ -d /vagrant ] && find /vagrant -mindepth 1 -maxdepth 1 -exec rm -rf {} + 2>/dev/null
# Always flush docker.service's start counter (StartLimitBurst=3 a minute): the scenario that
# follows restarts dockerd twice, and so may the student.
systemctl reset-failed docker.service docker.socket 2>/dev/null || true
# The node image's docker.service records a hash of its configuration at each start (a reload
# writes "reloaded"): the restored files hash the same only if dockerd runs with the baseline's.
# (certs.d is read at each connection: a change there alone needs no restart.)
restarted=0
started_with=$(cat /run/lab-dockerd-config 2>/dev/null)
if [ "$active" = 0 ] || [ -z "$started_with" ] || [ "$started_with" != "$(lab-dockerd-config 2>/dev/null)" ]; then
  systemctl restart docker && restarted=1
  systemctl reset-failed docker.service docker.socket 2>/dev/null || true
fi
# A daemon that was down had kept its containers: the restart brought the --restart=always ones back.
if [ "$active" = 0 ]; then
  ids=$(docker ps -aq); [ -z "$ids" ] || docker rm -f -v $ids >/dev/null
fi
# With no container left, any docker-proxy is stale (a node killed and restarted keeps one holding
# its published port: "Bind for 0.0.0.0:5000 failed: port is already allocated").
pkill -x docker-proxy 2>/dev/null || true
# Volumes and networks are pruned beside the images (a docker call is ~25 ms on a node).
docker volume prune -f >/dev/null &
docker network prune -f >/dev/null &
refs=$(docker images --format '{{.Repository}}:{{.Tag}}' | sort | comm -13 "$B/images.list" -)
[ -z "$refs" ] || docker rmi -f $refs >/dev/null 2>&1
docker image prune -f >/dev/null
wait
echo "reset $(hostname): daemon restarted=$restarted"
