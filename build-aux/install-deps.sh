#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian 12 packages Help Desk needs, only those missing.
#   install-deps.sh          what building and running needs
#   install-deps.sh --test   plus what the test suite needs (Xvfb, validators…)
set -eu

build_pkgs="gcc pkg-config meson ninja-build gettext libglib2.0-dev libglib2.0-dev-bin
  libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev libsqlite3-dev
  libsecret-1-dev libsodium-dev desktop-file-utils"
# dbus-daemon, dbus-bin and gnome-keyring: tests/run-with-keyring.sh (the
# libsecret path against a real keyring on a private session bus);
# at-spi2-core, python3-gi and gir1.2-atspi-2.0: tests/test-a11y.py.
test_pkgs="xvfb xauth appstream-util appstream flatpak-builder fonts-noto-cjk openssl wrk
  dbus-daemon dbus-bin gnome-keyring at-spi2-core python3-gi gir1.2-atspi-2.0"

pkgs=$build_pkgs
if [ "${1:-}" = "--test" ]; then
  pkgs="$pkgs $test_pkgs"
fi

missing=""
for p in $pkgs; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  case "$status" in
    *"install ok installed"*) ;;
    *) missing="$missing $p" ;;
  esac
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1; then
  sudo="sudo"
else
  echo "install-deps: these packages are missing and there is no sudo:$missing" >&2
  exit 1
fi

echo "install-deps: installing$missing"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
# shellcheck disable=SC2086
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
