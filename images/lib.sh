# Shared by the image build scripts (sourced): the cache folder and small helpers.
# shellcheck shell=bash
cache="${LAB_CACHE:-$HOME/.cache/lab}"
# The workshop images as one tarball (images/workshop/build.sh writes it, with .ids beside it).
workshop_tarball="$cache/workshop-images.tar"

die() { echo "$(basename "$(dirname "$0")")/$(basename "$0"): $*" >&2; exit 1; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
