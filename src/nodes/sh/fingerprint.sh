# Prints the state of a node that `lab reset` restores, one line per aspect, stable across runs.
set -u
sum() { if [ -e "$1" ]; then sha256sum < "$1" | cut -c1-16; else echo absent; fi; }
# Docker's four answers side by side (a docker call is ~25 ms on a node; in order they were most of the time).
d=$(mktemp -d)
docker ps -aq 2>/dev/null | wc -l >"$d/containers" &
docker images --format '{{.Repository}}:{{.Tag}}' 2>/dev/null | sort | tr '\n' ' ' >"$d/images" &
docker volume ls -q 2>/dev/null | wc -l >"$d/volumes" &
docker network ls --format '{{.Name}}' 2>/dev/null | sort | tr '\n' ' ' >"$d/networks" &
echo "docker daemon: $(systemctl is-active docker 2>/dev/null)"
echo "dockerd started with: $(cat /run/lab-dockerd-config 2>/dev/null || echo unknown)"
echo "/etc/docker: $(cd /etc/docker 2>/dev/null && find . -mindepth 1 -type f ! -name key.json -exec sha256sum {} + | sort -k2 | sha256sum | cut -c1-16)"
echo "/etc/docker files: $(cd /etc/docker 2>/dev/null && find . -mindepth 1 | sort | tr '\n' ' ')"
echo "/etc/default/docker: $(sum /etc/default/docker)"
echo "/etc/hosts: $(sum /etc/hosts)"
echo "/etc/letsencrypt: $(cd /etc/letsencrypt 2>/dev/null && find . -mindepth 1 | sort | tr '\n' ' ')"
echo "system CAs added: $(ls -A /usr/local/share/ca-certificates 2>/dev/null | tr '\n' ' ')"
echo "docker.service drop-ins: $(ls -A /etc/systemd/system/docker.service.d 2>/dev/null | tr '\n' ' ')"
echo "home: $(cd /home/vagrant && find . -mindepth 1 | sort | tr '\n' ' ')"
wait
echo "containers: $(cat "$d/containers")"
echo "images: $(cat "$d/images")"
echo "volumes: $(cat "$d/volumes")"
echo "networks: $(cat "$d/networks")"
rm -rf "$d"
echo "listening: $(ss -Hltn 2>/dev/null | awk '{print $4}' | grep -E '^(0\.0\.0\.0|\[::\]|\*):' | sort -u | tr '\n' ' ')"
