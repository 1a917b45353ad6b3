#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Screenshots the real app under its own Xvfb.
#   screenshot.sh OUT.png [--zh] [--dark] [--store FILE] [--delay SECONDS]
# Needs imagemagick (import). Run after a build in build/.
set -eu
cd "$(dirname "$0")/.."
out=$1
shift
lang=""
scheme="default"
store=""
delay=3
while [ $# -gt 0 ]; do
  case "$1" in
    --zh) lang="zh_CN" ;;
    --dark) scheme="prefer-dark" ;;
    --store) store=$2; shift ;;
    --delay) delay=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -n "$store" ] || store="$tmp/tickets.db"
Xvfb -displayfd 3 -nolisten tcp -screen 0 1280x800x24 3>"$tmp/display" 2>/dev/null &
xvfb=$!
while [ ! -s "$tmp/display" ]; do sleep 0.05; done
export DISPLAY=":$(cat "$tmp/display")"
env GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$PWD/${BUILDDIR:-build}/data" \
    HELPDESK_LOCALEDIR="$PWD/${BUILDDIR:-build}/po" LANGUAGE="$lang" LC_ALL=C.UTF-8 \
    ADW_DEBUG_COLOR_SCHEME="$scheme" GSK_RENDERER=cairo GTK_A11Y=none \
    XDG_DATA_HOME="$tmp/data" \
    ./${BUILDDIR:-build}/src/app/helpdesk --store "$store" &
app=$!
sleep "$delay"
import -window root -crop 1180x760+0+0 +repage "$out"
kill "$app" 2>/dev/null || true
wait "$app" 2>/dev/null || true
kill "$xvfb" 2>/dev/null || true
echo "wrote $out"
