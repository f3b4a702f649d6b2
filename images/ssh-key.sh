#!/usr/bin/env bash
# Creates the lab's own SSH key pair if it is missing and prints the path of the public key.
# The key only ever opens the lab's nodes (containers or local VMs): no passphrase, by design.
#   LAB_CACHE   cache directory (default: ~/.cache/lab); key lives in $LAB_CACHE/ssh/id_ed25519
#   LAB_SSH_KEY use this private key instead (its .pub must exist next to it)
set -euo pipefail

cache="${LAB_CACHE:-$HOME/.cache/lab}"
key="${LAB_SSH_KEY:-$cache/ssh/id_ed25519}"

if [[ ! -f "$key" ]]; then
  mkdir -p "$(dirname "$key")"
  chmod 700 "$(dirname "$key")"
  ssh-keygen -q -t ed25519 -N '' -C "lab@$(hostname 2>/dev/null || echo host)" -f "$key" >&2
fi
chmod 600 "$key"
if [[ ! -f "$key.pub" ]]; then
  ssh-keygen -y -f "$key" >"$key.pub"
fi
printf '%s\n' "$key.pub"
