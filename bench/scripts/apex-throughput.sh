#!/usr/bin/env bash
# Ape-X CartPole throughput with 1, 2 and 4 actors, learning on: env frames/s, learner updates/s,
# ring occupancy, latency per stage (p50/p99 from the run's latency/*.hgrm) and, with --profile,
# where the CPU time goes (JFR execution samples grouped by room).
#
#   bench/scripts/apex-throughput.sh [--seconds S] [--profile] [--set key=value ...]
#
# Each configuration runs examples/apex-cartpole.properties for S seconds (default 20) with no
# evaluation target and no sample/insert ratio (the learner and the actors each go as fast as
# they can), and prints one Markdown table row per actor count.
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds=20
profile=0
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --profile) profile=1; shift ;;
    --set) extra+=(--set "$2"); shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

p() { # percentile value (microseconds) from an .hgrm file
  awk -v q="$2" '$2+0 >= q && $1 ~ /^[0-9.]+$/ {printf "%.1f", $1; exit}' "$1"
}

echo "| actors | env frames/s | learner updates/s | experience ring occupancy (mean of the rows) | env step p50 µs | inference p50 µs | experience transit p50/p99 µs | sample p50 µs | update p50/p99 µs | publish p50 µs |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for actors in 1 2 4; do
  opts=""
  if [ "$profile" = 1 ]; then
    opts="-XX:StartFlightRecording=filename=$out/a$actors.jfr,settings=profile,dumponexit=true,disk=true"
  fi
  SURGE_JAVA_OPTS="$opts" "$top/bin/surge" run "$top/examples/apex-cartpole.properties" --quiet \
    --set name="throughput-a$actors" --set run.root="$out/runs" --set actors.count="$actors" \
    --set run.max_seconds="$seconds" --set run.max_env_steps=0 --set replay.samples_per_insert=0 \
    --set eval.interval_updates=0 --set eval.at_end=false --set report.interval_ms=1000 \
    --set checkpoint.interval_updates=0 "${extra[@]+"${extra[@]}"}" 2>/dev/null
  run="$(ls -d "$out"/runs/throughput-a$actors-* | head -1)"
  last="$(tail -1 "$run/metrics.csv")"
  header="$(head -1 "$run/metrics.csv")"
  col() { echo "$header" | tr ',' '\n' | grep -nx "$1" | cut -d: -f1; }
  steps=$(echo "$last" | cut -d, -f"$(col env_steps)")
  updates=$(echo "$last" | cut -d, -f"$(col updates)")
  wall=$(echo "$last" | cut -d, -f"$(col wall_s)")
  occmean=$(awk -F, -v c="$(col experience_ring)" 'NR > 1 {s += $c; n++} END {printf "%.1f", n ? s/n : 0}' "$run/metrics.csv")
  l="$run/latency"
  printf "| %d | %.0f | %.0f | %s | %s | %s | %s/%s | %s | %s/%s | %s |\n" "$actors" \
    "$(awk -v a="$steps" -v b="$wall" 'BEGIN {print a / b}')" "$(awk -v a="$updates" -v b="$wall" 'BEGIN {print a / b}')" "$occmean" \
    "$(p "$l/actor0_env_step.hgrm" 0.5)" "$(p "$l/actor0_inference.hgrm" 0.5)" \
    "$(p "$l/experience_transit.hgrm" 0.5)" "$(p "$l/experience_transit.hgrm" 0.99)" \
    "$(p "$l/replay_sample.hgrm" 0.5)" "$(p "$l/learner_update.hgrm" 0.5)" "$(p "$l/learner_update.hgrm" 0.99)" \
    "$(p "$l/parameter_publish.hgrm" 0.5)"
  if [ "$profile" = 1 ]; then
    "$JAVA_HOME/bin/jfr" print --events jdk.ExecutionSample --stack-depth 64 "$out/a$actors.jfr" > "$out/a$actors.txt"
    python3 "$top/bench/scripts/jfr_rooms.py" "$out/a$actors.txt" > "$out/a$actors.rooms"
    echo "  where the time goes with $actors actors: $(cat "$out/a$actors.rooms")"
  fi
done
