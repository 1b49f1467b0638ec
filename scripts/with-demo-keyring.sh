#!/usr/bin/env bash
# For the demo (`npm start`) on a Linux machine with no Secret Service running: runs a command
# on a private D-Bus session bus with its own gnome-keyring, whose login keyring is kept in
# KEYRING_DIR (given as the first argument) so the demo vault opens again after a restart.
# The keyring's password is a fixed demo value: this keyring is for the demo tenant only, never
# for real secrets. Nothing touches the desktop's own keyring or session bus.
#
#   scripts/with-demo-keyring.sh KEYRING_DIR COMMAND [ARGS...]
set -euo pipefail

if [ "$#" -lt 2 ]; then
  echo "usage: scripts/with-demo-keyring.sh KEYRING_DIR COMMAND [ARGS...]" >&2
  exit 64
fi
KEYRING_HOME="$1"
shift
for program in dbus-run-session:dbus gnome-keyring-daemon:gnome-keyring; do
  if ! command -v "${program%%:*}" >/dev/null 2>&1; then
    echo "with-demo-keyring: ${program%%:*} is missing: install the Debian package ${program##*:} (sudo apt install ${program##*:})" >&2
    exit 127
  fi
done
mkdir -p "$KEYRING_HOME/.local/share/keyrings" "$KEYRING_HOME/runtime"
chmod 700 "$KEYRING_HOME" "$KEYRING_HOME/runtime"
export KEYRING_HOME
export KEYRING_PASSWORD="keyhaven-demo-keyring"

dbus-run-session -- bash -c '
  set -euo pipefail
  eval "$(printf %s "$KEYRING_PASSWORD" | HOME="$KEYRING_HOME" XDG_RUNTIME_DIR="$KEYRING_HOME/runtime" \
    gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  unset KEYRING_PASSWORD KEYRING_HOME
  exec "$@"
' with-demo-keyring "$@"
