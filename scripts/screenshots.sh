#!/usr/bin/env bash
# Pictures for the README: run the explorer on demo data in a detached tmux
# session, capture screens with their colours (capture-pane -e) and render
# them with freeze (github.com/charmbracelet/freeze) to SVG files in docs/.
#
# usage: scripts/screenshots.sh path/to/auditlog [outdir]
# It uses its own tmux socket and a clean HOME, so the user's config and
# recent filters play no part. Each shot waits for text on the screen, not
# for a fixed time.
set -euo pipefail

bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=${2:-docs}
command -v tmux >/dev/null || { echo "screenshots: tmux is not installed" >&2; exit 2; }
freeze=$(command -v freeze || echo "$(go env GOPATH)/bin/freeze")
[ -x "$freeze" ] || { echo "screenshots: freeze is not installed (go install github.com/charmbracelet/freeze@v0.2.2)" >&2; exit 2; }
mkdir -p "$out"

sock="auditlog-shots-$$"
work=$(mktemp -d)
t() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() {
  t kill-server >/dev/null 2>&1 || true
  rm -rf "$work" 2>/dev/null || { sleep 0.5; rm -rf "$work" || true; }
}
trap cleanup EXIT

wait_for() {
  local pattern=$1 deadline=$((SECONDS + ${2:-30}))
  while ((SECONDS < deadline)); do
    t capture-pane -p -t shots | grep -Eq -- "$pattern" && { sleep 0.3; return 0; }
    sleep 0.2
  done
  echo "screenshots: timed out waiting for /$pattern/; the pane shows:" >&2
  t capture-pane -p -t shots >&2
  exit 1
}

# shot NAME: capture the pane with its colours and render it.
shot() {
  t capture-pane -e -p -t shots >"$work/$1.ansi"
  "$freeze" -x "cat $work/$1.ansi" -o "$out/$1.svg" --window --font.size 13 >/dev/null
  echo "screenshots: $out/$1.svg"
}

t new-session -d -s shots -x 120 -y 36 \
  env -i PATH="$PATH" HOME="$work" TERM=xterm-256color COLORTERM=truecolor \
  XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state" \
  "$bin" --demo --theme dark
wait_for 'row 1 of [0-9,]+' 60
shot main

t send-keys -t shots j j Enter
wait_for 'esc back'
shot detail

t send-keys -t shots Escape
wait_for '\? help'
t send-keys -t shots h
wait_for 'versions'
shot history
t send-keys -t shots Escape
wait_for '\? help'

t send-keys -t shots f
sleep 1
shot builder
t send-keys -t shots Escape q
