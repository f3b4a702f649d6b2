# Prints the state of a node that `lab reset` restores, one line per aspect, stable across runs.
set -u
sum() { if [ -e "$1" ]; then sha256sum < "$1" | cut -c1-16; else echo absent; fi; }
echo "docker daemon: $(systemctl is-active docker 2>/dev/null)"
echo "/etc/docker: $(cd /etc/docker 2>/dev/null && find . -mindepth 1 -type f ! -name key.json -exec sha256sum {} + | sort -k2 | sha256sum | cut -c1-16)"
echo "/etc/docker files: $(cd /etc/docker 2>/dev/null && find . -mindepth 1 | sort | tr '\n' ' ')"
echo "/etc/default/docker: $(sum /etc/default/docker)"
echo "/etc/hosts: $(sum /etc/hosts)"
echo "/etc/letsencrypt: $(cd /etc/letsencrypt 2>/dev/null && find . -mindepth 1 | sort | tr '\n' ' ')"
echo "system CAs added: $(ls -A /usr/local/share/ca-certificates 2>/dev/null | tr '\n' ' ')"
echo "docker.service drop-ins: $(ls -A /etc/systemd/system/docker.service.d 2>/dev/null | tr '\n' ' ')"
echo "home: $(cd /home/vagrant && find . -mindepth 1 | sort | tr '\n' ' ')"
echo "containers: $(docker ps -aq | wc -l)"
echo "images: $(docker images --format '{{.Repository}}:{{.Tag}}' | sort | tr '\n' ' ')"
echo "volumes: $(docker volume ls -q | wc -l)"
echo "networks: $(docker network ls --format '{{.Name}}' | sort | tr '\n' ' ')"
echo "listening: $(ss -Hltn 2>/dev/null | awk '{print $4}' | grep -E '^(0\.0\.0\.0|\[::\]|\*):' | sort -u | tr '\n' ' ')"
