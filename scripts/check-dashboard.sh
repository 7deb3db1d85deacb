#!/usr/bin/env bash
# Drives the live dashboard in a real terminal, for humans (not CI): runs
#   node bin/ocpp-sim.js run --count 5000 --duration 40s --ui
# in an 80x24 tmux pane, checks that the screen updates, sends p, Tab, ? and q, and checks that
# the final summary is printed and the exit code is 105 (interrupted). Prints PASS or FAIL.
#
# Needs tmux (apt-get update && apt-get install -y tmux) and a build (npm run build).
# Bounded: gives up after CHECK_TIMEOUT seconds (default 90). Uses a private tmux server,
# killed on exit, so it never touches your own tmux sessions. CHECK_COMMAND replaces the
# command (it must run for 40 s and show the same dashboard and summary).
set -u
export LC_ALL=C.UTF-8 # so ${#line} counts characters, not bytes

cd "$(dirname "$0")/.." || exit 2
DEADLINE=$((SECONDS + ${CHECK_TIMEOUT:-90}))
SOCKET="ocpp-sim-check-$$"
WORK="$(mktemp -d)"
FAILURES=0

t() { tmux -L "$SOCKET" "$@"; }
cleanup() {
  t kill-server >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'echo "FAIL: interrupted"; exit 1' INT TERM

ok() { echo "  ok    $*"; }
bad() { echo "  FAIL  $*"; FAILURES=$((FAILURES + 1)); }
screen() { t capture-pane -p -t check 2>/dev/null; }
scrollback() { t capture-pane -p -J -S -500 -t check 2>/dev/null; }

# wait_for SECONDS PATTERN: until the visible screen matches the extended regex PATTERN.
wait_for() {
  local until=$((SECONDS + $1))
  while ((SECONDS < until && SECONDS < DEADLINE)); do
    screen | grep -Eq -- "$2" && return 0
    sleep 0.2
  done
  return 1
}

# The latency ladder heading, e.g. "< Heartbeat > 2/3".
ladder() { screen | grep -Eo '^< [A-Za-z]+ > [0-9]+/[0-9]+' | head -n 1; }

if ! command -v tmux >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing tmux…"
    apt-get update >/dev/null && apt-get install -y tmux >/dev/null || { echo "FAIL: could not install tmux"; exit 1; }
  else
    echo "FAIL: tmux is missing (apt-get update && apt-get install -y tmux)"; exit 1
  fi
fi
COMMAND="${CHECK_COMMAND:-node bin/ocpp-sim.js run --count 5000 --duration 40s --ui}"
if [ -z "${CHECK_COMMAND:-}" ] && { [ ! -f dist/ui/dashboard/start-dashboard.js ] || [ ! -f dist/cli/main.js ]; }; then
  echo "FAIL: no build of the dashboard in dist/ (run: npm run build)"; exit 1
fi

echo "check-dashboard: $COMMAND (80x24 pane)"
t new-session -d -s check -x 80 -y 24 "$COMMAND; echo \$? > '$WORK/exit'; sleep 600"
t set-option -t check history-limit 2000 >/dev/null

if wait_for 20 '^── Charge points'; then ok "the dashboard is drawn"; else bad "no dashboard within 20 s"; screen; echo "FAIL"; exit 1; fi

first="$(screen)"
sleep 3
second="$(screen)"
if [ "$first" != "$second" ]; then ok "the screen changed within 3 s"; else bad "the screen did not change in 3 s"; fi
too_long=0
while IFS= read -r line; do
  line="${line%"${line##*[! ]}"}"
  ((${#line} > 80)) && too_long=$((too_long + 1))
done < <(t capture-pane -p -J -t check)
if [ "$too_long" -eq 0 ]; then ok "no line is wider than 80 columns"; else bad "$too_long lines wider than 80 columns"; fi
if printf '%s\n' "$second" | grep -Eq '^elapsed [0-9]+:[0-9]{2} / 0:40'; then ok "the header shows elapsed / duration"; else bad "no elapsed / duration in the header"; fi

t send-keys -t check p
if wait_for 3 'PAUSED'; then ok "p paused the ramp"
elif screen | grep -Eq 'ramp 5,000/5,000'; then ok "p pressed after the ramp had completed (nothing to pause)"
else bad "p: neither PAUSED nor a completed ramp on screen"; fi

before="$(ladder)"
t send-keys -t check Tab
sleep 1
after="$(ladder)"
if [ -z "$before" ]; then bad "no latency ladder on screen"
elif [ "$before" != "$after" ]; then ok "Tab changed the ladder: '$before' -> '$after'"
elif printf '%s' "$before" | grep -Eq ' 1/1$'; then ok "Tab: only one action so far ('$before')"
else bad "Tab did not change the ladder ('$before')"; fi

t send-keys -t check '?'
if wait_for 3 '^── Help'; then ok "? shows the help"; else bad "? did not show the help"; fi

t send-keys -t check q
until [ -s "$WORK/exit" ] || ((SECONDS >= DEADLINE)); do sleep 0.3; done
if [ -s "$WORK/exit" ]; then
  code="$(cat "$WORK/exit")"
  if [ "$code" = 105 ]; then ok "q ended the run (exit code 105, interrupted)"; else bad "exit code $code after q (expected 105)"; fi
else
  bad "the run did not end within the time limit after q"
fi

final="$(scrollback)"
if printf '%s\n' "$final" | grep -Eq '^ocpp-sim run INTERRUPTED after'; then ok "the final summary is printed"; else bad "no final summary"; fi
if printf '%s\n' "$final" | grep -Eq '^messages and round-trip latency per action'; then ok "the summary has the latency table"; else bad "the summary has no latency table"; fi
if screen | grep -Eq '^── (Charge points|Help)'; then bad "dashboard lines are left on the screen after the summary"; else ok "no dashboard left on the screen"; fi

if [ "$FAILURES" -eq 0 ]; then echo "PASS"; exit 0; fi
echo "--- last screen ---"; screen; echo "-------------------"
echo "FAIL ($FAILURES checks)"; exit 1
