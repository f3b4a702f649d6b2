# Prints the state of a node that `lab reset` restores, one line per aspect, stable across runs.
set -u
sum() { if [ -e "$1" ]; then sha256sum < "$1" | cut -c1-16; else echo absent; fi; }
# Docker's four answers in one request each to its API, by one curl and one jq: four docker CLIs
# cost 0.11 s of CPU per node (the Go CLI starts for each), curl and jq 0.03 s.
d=$(mktemp -d)
curl -sf --max-time 10 --unix-socket /var/run/docker.sock \
  'http://docker/containers/json?all=1' http://docker/images/json http://docker/volumes http://docker/networks 2>/dev/null |
  jq -rs '(.[0] | length), ([.[1][] | (.RepoTags // []) | if length == 0 then "<none>:<none>" else .[] end] | sort | join(" ")), ((.[2].Volumes // []) | length), ([.[3][].Name] | sort | join(" "))' \
  >"$d/docker" 2>/dev/null &
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
{ read -r containers; read -r images; read -r volumes; read -r networks; } <"$d/docker"
echo "containers: ${containers:-?}"
echo "images: ${images:-?}"
echo "volumes: ${volumes:-?}"
echo "networks: ${networks:-?}"
rm -rf "$d"
echo "listening: $(ss -Hltn 2>/dev/null | awk '{print $4}' | grep -E '^(0\.0\.0\.0|\[::\]|\*):' | sort -u | tr '\n' ' ')"
