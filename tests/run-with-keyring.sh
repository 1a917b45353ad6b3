#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs one test against a real Secret Service: a private D-Bus session bus
# (dbus-run-session) with its own gnome-keyring-daemon, unlocked with a
# throwaway password, in a temporary HOME and XDG folders, so the user's own
# keyring is never touched. Usage: run-with-keyring.sh PROGRAM [ARGS…]
#
# Exits 77 (skipped) only when the keyring cannot be started: dbus-run-session
# or gnome-keyring-daemon is missing, or the daemon does not come up.
# build-aux/install-deps.sh --test installs both, so in CI the test runs.
set -eu

skip () {
  echo "run-with-keyring: SKIP: $*" >&2
  exit 77
}

# Inside the private session: start the daemon, then the test.
if [ "${HD_KEYRING_WRAPPER_INNER:-}" = 1 ]; then
  unset HD_KEYRING_WRAPPER_INNER
  # --unlock reads the password from stdin and creates the "login"
  # collection with it; the daemon forks and prints the variables to set.
  if ! out=$(printf '%s' "helpdesk-test" |
             gnome-keyring-daemon --unlock --components=secrets 2>"$HOME/keyring.log"); then
    cat "$HOME/keyring.log" >&2
    exit 77
  fi
  eval "$(printf '%s\n' "$out" | sed -n 's/^\([A-Z_]*\)=\(.*\)$/\1='"'"'\2'"'"'; export \1/p')"
  # The daemon claims org.freedesktop.secrets on the bus; wait until it has.
  i=0
  until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
          org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
        grep -q 'boolean true'; do
    i=$((i + 1))
    if [ $i -ge 100 ]; then
      cat "$HOME/keyring.log" >&2
      echo "run-with-keyring: SKIP: gnome-keyring-daemon did not own org.freedesktop.secrets" >&2
      exit 77
    fi
    sleep 0.05
  done
  HD_TEST_KEYRING=1
  export HD_TEST_KEYRING
  exec "$@"
fi

[ $# -ge 1 ] || { echo "usage: run-with-keyring.sh PROGRAM [ARGS…]" >&2; exit 2; }
command -v dbus-run-session >/dev/null 2>&1 ||
  skip "dbus-run-session not found (Debian: dbus-daemon; build-aux/install-deps.sh --test)"
command -v dbus-send >/dev/null 2>&1 ||
  skip "dbus-send not found (Debian: dbus-bin; build-aux/install-deps.sh --test)"
command -v gnome-keyring-daemon >/dev/null 2>&1 ||
  skip "gnome-keyring-daemon not found (Debian: gnome-keyring; build-aux/install-deps.sh --test)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hd-keyring-XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -m 700 "$tmp/home" "$tmp/runtime"
HOME="$tmp/home"
XDG_RUNTIME_DIR="$tmp/runtime"
XDG_DATA_HOME="$tmp/home/.local/share"
XDG_CONFIG_HOME="$tmp/home/.config"
XDG_CACHE_HOME="$tmp/home/.cache"
HD_KEYRING_WRAPPER_INNER=1
export HOME XDG_RUNTIME_DIR XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME HD_KEYRING_WRAPPER_INNER
unset DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL SSH_AUTH_SOCK

status=0
dbus-run-session -- "$0" "$@" || status=$?
# dbus-run-session ends the bus, and the daemon with it (it exits when its
# bus goes away); nothing of ours is left running.
exit $status
