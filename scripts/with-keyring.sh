#!/usr/bin/env bash
# Runs a command against a real, throw-away Secret Service: a private D-Bus session bus with
# gnome-keyring-daemon's secrets component, its login keyring created and unlocked from stdin,
# kept in a temporary directory that is deleted afterwards. Nothing touches the caller's own
# keyring or session bus.
#
#   scripts/with-keyring.sh npx vitest run test/integration/vault
#
# KEYRING_PASSWORD may be set; otherwise a random one is used. The command sees
# KEYHAVEN_TEST_KEYRING=1, which tells the keychain contract suite to use this session instead
# of starting its own.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: scripts/with-keyring.sh COMMAND [ARGS...]" >&2
  exit 64
fi
if ! command -v dbus-run-session >/dev/null 2>&1; then
  echo "with-keyring: dbus-run-session is missing: install the Debian package dbus (apt-get install -y dbus)" >&2
  exit 127
fi
if ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  echo "with-keyring: gnome-keyring-daemon is missing: install the Debian package gnome-keyring (apt-get install -y gnome-keyring)" >&2
  exit 127
fi

KEYRING_HOME="$(mktemp -d "${TMPDIR:-/tmp}/keyhaven-keyring.XXXXXX")"
trap 'rm -rf "$KEYRING_HOME"' EXIT
mkdir -p "$KEYRING_HOME/.local/share/keyrings" "$KEYRING_HOME/runtime"
chmod 700 "$KEYRING_HOME/runtime"
export KEYRING_HOME
export KEYRING_PASSWORD="${KEYRING_PASSWORD:-$(head -c 24 /dev/urandom | base64)}"
export KEYHAVEN_TEST_KEYRING=1

# Only the keyring daemon gets the throw-away HOME: the command keeps the caller's HOME so
# npm/tsx caches and configs still work.
dbus-run-session -- bash -c '
  set -euo pipefail
  eval "$(printf %s "$KEYRING_PASSWORD" | HOME="$KEYRING_HOME" XDG_RUNTIME_DIR="$KEYRING_HOME/runtime" \
    gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  unset KEYRING_PASSWORD
  exec "$@"
' with-keyring "$@"
