#!/usr/bin/env bash
# Turns a fresh `debootstrap --variant=minbase` tree into a small container rootfs.
# Usage: finalize.sh ROOTFS   (called by ../build.sh; part of the base image's recipe hash)
set -euo pipefail

root="${1:?usage: finalize.sh ROOTFS}"
root="$(cd "$root" && pwd)"
[ "$root" != / ] || { echo "finalize.sh: refusing to work on /" >&2; exit 1; }
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Our config overlay: policy-rc.d, dpkg path excludes, apt cache/language settings.
cp -a "$here/rootfs/." "$root/"

# Caches, indexes and logs are rebuilt/refilled by whoever installs packages later.
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/var/cache/debconf/*-old \
    "$root"/var/cache/ldconfig/aux-cache "$root"/var/log/apt/* "$root"/var/log/bootstrap.log
find "$root/var/log" -type f -exec truncate -s 0 {} +
mkdir -p "$root/var/lib/apt/lists/partial" "$root/var/cache/apt/archives/partial"

# Apply the dpkg path excludes to what debootstrap already unpacked (keep copyright files).
find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
rm -rf "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/* \
    "$root"/usr/share/groff/* "$root"/usr/share/lintian/*

# Docker provides /dev and bind-mounts hostname/hosts/resolv.conf; do not ship the build host's.
rm -rf "${root:?}"/dev/* "${root:?}"/tmp/* "${root:?}"/var/tmp/*
: >"$root/etc/resolv.conf"
echo localhost >"$root/etc/hostname"
