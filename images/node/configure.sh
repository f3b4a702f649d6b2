#!/bin/bash
# Turns a Debian bookworm root file system (with the packages listed in build.sh / Dockerfile
# already installed) into a lab node: systemd as PID 1 in a container, sshd, Docker, and a
# `vagrant` user that Vagrant and `lab` log in as with the lab's own key.
#
# Runs INSIDE the root: `chroot ROOT /bin/bash /configure.sh` (build.sh, offline) or a Dockerfile
# RUN (Dockerfile, for hosts that can pull). Input: LAB_SSH_PUBKEY = the public key's text.
#
# Deliberately NOT changed: docker.service's StartLimitBurst (Debian's default, 3 starts per
# minute). The workshop restarts the daemon several times and that trap is part of what it teaches.
set -euo pipefail

: "${LAB_SSH_PUBKEY:?LAB_SSH_PUBKEY must hold the public key text}"
export DEBIAN_FRONTEND=noninteractive

# --- the vagrant user -----------------------------------------------------------------------
if ! id -u vagrant >/dev/null 2>&1; then
  useradd --create-home --shell /bin/bash --groups docker,sudo vagrant
fi
usermod --shell /bin/bash --append --groups docker,sudo vagrant
# No password at all ('*'), but not a "locked" account ('!'), so key logins always work.
usermod --password '*' vagrant

install -d -m 0755 /etc/sudoers.d
printf 'vagrant ALL=(ALL) NOPASSWD:ALL\nDefaults:vagrant !requiretty\n' >/etc/sudoers.d/vagrant
chmod 0440 /etc/sudoers.d/vagrant
visudo -cqf /etc/sudoers.d/vagrant

install -d -m 0700 -o vagrant -g vagrant /home/vagrant/.ssh
printf '%s\n' "$LAB_SSH_PUBKEY" >/home/vagrant/.ssh/authorized_keys
chown vagrant:vagrant /home/vagrant/.ssh/authorized_keys
chmod 0600 /home/vagrant/.ssh/authorized_keys

# --- sshd -----------------------------------------------------------------------------------
install -d -m 0755 /etc/ssh/sshd_config.d
cat >/etc/ssh/sshd_config.d/lab.conf <<'CONF'
# lab node: key-only logins, no reverse DNS lookups (they only slow logins down), one host key
PasswordAuthentication no
KbdInteractiveAuthentication no
UseDNS no
HostKey /etc/ssh/ssh_host_ed25519_key
CONF
# Host keys are made per node at first boot, not baked into the image (every node would share them).
# Only an ed25519 one: `ssh-keygen -A` also makes an RSA key, 0.3-1.5 s of prime search measured
# in a node, on the path of every boot to sshd (and so of every `vagrant up`).
rm -f /etc/ssh/ssh_host_*
install -d -m 0755 /etc/systemd/system/ssh.service.d
cat >/etc/systemd/system/ssh.service.d/lab-host-keys.conf <<'CONF'
[Service]
ExecStartPre=
ExecStartPre=/bin/sh -c 'test -e /etc/ssh/ssh_host_ed25519_key || exec /usr/bin/ssh-keygen -q -t ed25519 -N "" -f /etc/ssh/ssh_host_ed25519_key'
ExecStartPre=/usr/sbin/sshd -t
CONF
systemctl enable -q ssh.service docker.service containerd.service >/dev/null

# --- what dockerd started with ----------------------------------------------------------------
# A hash of what dockerd reads when it starts, recorded at each start in /run/lab-dockerd-config
# ("reloaded" after a SIGHUP: part of the configuration may then have changed). `lab reset`
# restores the files, hashes them again, and restarts dockerd only when the two differ. The
# drop-in sits in /usr/lib, not /etc, where the workshop's own drop-ins go and reset removes them.
cat >/usr/local/sbin/lab-dockerd-config <<'SH'
#!/bin/sh
# Prints a hash of dockerd's start-up configuration (see /usr/lib/systemd/system/docker.service.d/lab.conf).
for f in /etc/docker/daemon.json /etc/default/docker /etc/systemd/system/docker.service \
  /etc/systemd/system/docker.service.d/* /etc/systemd/system/docker.socket.d/* /etc/ssl/certs/ca-certificates.crt; do
  [ -f "$f" ] && { echo "== $f"; cat "$f"; }
done | sha256sum | cut -c1-16
SH
chmod 0755 /usr/local/sbin/lab-dockerd-config
install -d -m 0755 /usr/lib/systemd/system/docker.service.d
cat >/usr/lib/systemd/system/docker.service.d/lab.conf <<'CONF'
# lab: records which configuration dockerd starts with, so that `lab reset` restarts it only when needed.
[Service]
ExecStartPre=-/bin/sh -c '/usr/local/sbin/lab-dockerd-config >/run/lab-dockerd-config'
ExecReload=-/bin/sh -c 'echo reloaded >/run/lab-dockerd-config'
CONF

# --- systemd inside a container -------------------------------------------------------------
# No consoles, no kernel/hardware management in a container: units that can only fail or wait.
systemctl mask \
  getty@tty1.service serial-getty@ttyS0.service console-getty.service getty.target \
  systemd-udevd.service systemd-udev-trigger.service systemd-udev-settle.service \
  systemd-modules-load.service systemd-remount-fs.service systemd-firstboot.service \
  sys-kernel-config.mount sys-kernel-debug.mount sys-kernel-tracing.mount sys-fs-fuse-connections.mount \
  dev-hugepages.mount systemd-timesyncd.service apt-daily.timer apt-daily-upgrade.timer \
  e2scrub_all.timer e2scrub_reap.service fstrim.timer >/dev/null 2>&1 || true
systemctl set-default -q multi-user.target >/dev/null

# Each container gets its own machine id at boot (an empty file = "generate one").
: >/etc/machine-id
rm -f /var/lib/dbus/machine-id

# --- size -----------------------------------------------------------------------------------
apt-get clean
rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/*.log /var/log/apt/* /tmp/* /var/tmp/*
