#!/usr/bin/env bash
# Smoke test of the explorer in a real terminal: start `auditlog --demo` in a
# detached tmux session of 120x40, wait for the first rows, move down, open
# and close the detail, see the server's count and the time histogram,
# pivot to the row's operation and back, build an absolute time range in
# the filter builder and apply it, copy the filter (tmux as it ships, with
# set-clipboard on: the copy must land in tmux's buffer), switch the tier,
# quit with q, and check that the program exited 0 and the shell is back.
#
# usage: scripts/smoke-tmux.sh path/to/auditlog
# It uses its own tmux socket (-L) and kills that server on exit.
set -euo pipefail

bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
[ -x "$bin" ] || { echo "smoke: $bin is not an executable" >&2; exit 2; }
command -v tmux >/dev/null || { echo "smoke: tmux is not installed" >&2; exit 2; }

sock="auditlog-smoke-$$"
work=$(mktemp -d)
t() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() {
  t kill-server >/dev/null 2>&1 || true
  # The killed explorer may still be writing its state; a second try
  # after it has gone keeps the cleanup from failing a passed test.
  rm -rf "$work" 2>/dev/null || { sleep 0.5; rm -rf "$work" || true; }
}
trap cleanup EXIT

pane() { t capture-pane -p -t smoke; }

# wait_for PATTERN [SECONDS]: poll the pane until grep -E finds PATTERN.
wait_for() {
  local pattern=$1 deadline=$((SECONDS + ${2:-30}))
  while ((SECONDS < deadline)); do
    if pane | grep -Eq -- "$pattern"; then
      return 0
    fi
    sleep 0.2
  done
  echo "smoke: timed out waiting for /$pattern/; the pane shows:" >&2
  pane >&2 || true
  exit 1
}

# A clean shell with its own config and state directories, no colour (so
# the pane text is plain), and a prompt to recognise.
t new-session -d -s smoke -x 120 -y 40 \
  env -i PATH="$PATH" HOME="$work" TERM=xterm-256color NO_COLOR=1 \
  XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state" PS1='smoke$ ' \
  bash --norc --noprofile
wait_for '^smoke\$' 10
t set -g set-clipboard on
# env -i dropped TMUX: the explorer gets this server's, as a pane would.
tmux_env=$(t display-message -p -t smoke '#{socket_path},#{pid},0')

t send-keys -t smoke "TMUX='$tmux_env' '$bin' --demo --demo-size 3000; echo \"exit status \$?\"" Enter
wait_for 'row 1 of [0-9]+' 60               # the first page is on screen
t send-keys -t smoke j
wait_for 'row 2 of [0-9]+'                  # the cursor moved down
t send-keys -t smoke Enter
wait_for 'esc back'                          # the detail pane has the focus
t send-keys -t smoke Escape
wait_for '\? help'                           # back on the table
t send-keys -t smoke a a
wait_for 'tier BOTH'                         # both stores: more than a page
wait_for 'row 1 of [0-9,]+ · [0-9,]+ loaded' # the server's total (count API) beside the rows loaded
wait_for '[0-9a-z]+ bars · max [0-9,]+'      # the time histogram
t send-keys -t smoke i
wait_for 'filter by this'                    # the pivot menu
t send-keys -t smoke 5
wait_for '^filter spec.operation == '        # pivoted to the row's operation
wait_for 'BACK 1'                            # the breadcrumb shows the depth
t send-keys -t smoke BSpace
wait_for '^filter \(no filter'               # back where the pivot started
t send-keys -t smoke a
wait_for 'tier ACTIVE'
t send-keys -t smoke f
wait_for 'filter builder'                    # the builder is open
t send-keys -t smoke Left Left Down 2026-01-01 Down 2026-01-31
wait_for 'meta.create_time >= date\(2026-01-01T00:00:00Z\) and meta.create_time <='
t send-keys -t smoke Enter
wait_for '^filter meta.create_time >= date\(2026-01-01' # applied: the filter bar shows it
t send-keys -t smoke y
wait_for 'copy to the clipboard'
t send-keys -t smoke 1
wait_for 'copied the filter to the tmux buffer'
if ! t show-buffer | grep -q '^meta.create_time >= date(2026-01-01T00:00:00Z) and meta.create_time <='; then
  echo "smoke: the copied filter is not in tmux's buffer; it holds:" >&2
  t show-buffer >&2 || true
  exit 1
fi
t send-keys -t smoke a
wait_for 'tier ARCHIVE'                      # the filter bar shows the new tier
t send-keys -t smoke q
wait_for '^exit status [0-9]+' 15
if ! pane | grep -Eq '^exit status 0$'; then
  echo "smoke: the explorer did not exit 0:" >&2
  pane >&2
  exit 1
fi
wait_for '^smoke\$ *$' 5                     # the shell is back
echo "smoke: ok"
