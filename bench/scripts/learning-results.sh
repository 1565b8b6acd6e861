#!/usr/bin/env bash
# Runs an example once per seed and prints one Markdown row per run, as in docs/results.md:
# env steps and time (run clock) when an evaluation first reached eval.target_return, that
# evaluation, the process wall time around `bin/surge run`, learner updates, and the load average.
#
#   bench/scripts/learning-results.sh EXAMPLE [--seeds "1 2 3"] [--keep DIR] [--set key=value ...]
#
# EXAMPLE is a name in examples/ (e.g. apex-cartpole). Runs one at a time: run nothing else on
# the machine meanwhile if the wall times are to mean anything. With --keep, the run directories
# (metrics.csv, events.log, latency/) stay in DIR; otherwise they are removed.
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[ $# -ge 1 ] || { echo "usage: $0 EXAMPLE [--seeds \"1 2 3\"] [--keep DIR] [--set key=value ...]" >&2; exit 2; }
example="$1"; shift
[ -f "$top/examples/$example.properties" ] || { echo "no examples/$example.properties" >&2; exit 2; }
seeds="1 2 3"
keep=""
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) seeds="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    --set) extra+=(--set "$2"); shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
if [ -n "$keep" ]; then out="$keep"; mkdir -p "$out"; else out="$(mktemp -d)"; trap 'rm -rf "$out"' EXIT; fi
echo "| seed | env steps at the target | that evaluation | time to it (run clock) | process wall time | learner updates (end) | load at start |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for seed in $seeds; do
  load="$(cut -d' ' -f1 /proc/loadavg)"
  t0="$(date +%s.%N)"
  "$top/bin/surge" run "$top/examples/$example.properties" --quiet --set seed="$seed" \
    --set name="$example-s$seed" --set run.root="$out" "${extra[@]+"${extra[@]}"}" >/dev/null 2>&1 || true
  t1="$(date +%s.%N)"
  run="$(ls -d "$out/$example-s$seed-"* | tail -1)"
  target="$(grep ' target ' "$run/events.log" | tail -1 || true)"
  header="$(head -1 "$run/metrics.csv")"
  ucol="$(echo "$header" | tr ',' '\n' | grep -nx updates | cut -d: -f1 || true)"
  updates="-"; [ -n "$ucol" ] && updates="$(tail -1 "$run/metrics.csv" | cut -d, -f"$ucol")"
  if [ -n "$target" ]; then
    mean="$(echo "$target" | sed -E 's/.*evaluation mean ([-0-9.]+) >=.*/\1/')"
    secs="$(echo "$target" | sed -E 's/.* after ([0-9.]+) s .*/\1/')"
    steps="$(echo "$target" | sed -E 's/.* and ([0-9]+) env steps.*/\1/')"
    printf "| %s | %d | %s | %s s | %.1f s | %s | %s |\n" "$seed" "$steps" "$mean" "$secs" "$(awk -v a="$t1" -v b="$t0" 'BEGIN {print a - b}')" "$updates" "$load"
  else
    printf "| %s | not reached | - | - | %.1f s | %s | %s |\n" "$seed" "$(awk -v a="$t1" -v b="$t0" 'BEGIN {print a - b}')" "$updates" "$load"
  fi
done
