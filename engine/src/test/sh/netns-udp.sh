#!/usr/bin/env bash
# System test: three "hosts" made with Linux network namespaces, Aeron over UDP between them.
#
#   learner namespace  10.77.0.1  (bridge br0): experience adapter, parameter proxy (MDC),
#                                                liveness tracker, a checker of every record
#   actor namespace 1  10.77.0.2  (veth to br0): 2 actors, experience proxy, parameter adapter, heartbeat
#   actor namespace 2  10.77.0.3  (veth to br0): the same, actors 2 and 3
#
# Each process runs its own embedded media driver (as on separate hosts). Passes when both actor
# processes are connected, each delivered 20,000 valid records without a gap, each holds
# parameters broadcast by the learner, nothing was rejected, and both stop cleanly.
# The namespaces (and the veth pairs and bridge inside them) are removed on every exit, pass or fail.
#
# Needs root and iproute2 (installed with apt-get when missing). Run from anywhere:
#   engine/src/test/sh/netns-udp.sh
set -euo pipefail

top="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
cd "$top"

if [ "$(id -u)" != "0" ]; then
  echo "netns-udp: needs root (network namespaces); skipped" >&2
  exit 2
fi
if ! command -v ip >/dev/null 2>&1; then
  echo "netns-udp: installing iproute2"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iproute2
fi

# JDK 25.
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q '"25'; then
  for d in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk-arm64 /usr/lib/jvm/*25*; do
    if [ -x "$d/bin/java" ] && "$d/bin/java" -version 2>&1 | grep -q '"25'; then
      export JAVA_HOME="$d"
      break
    fi
  done
fi
java="$JAVA_HOME/bin/java"

# The engine and its test classes (built by `mvn verify`; built here when missing).
if [ ! -d engine/target/test-classes/io/surge/channel/aeron ] || [ ! -d engine/target/lib ]; then
  echo "netns-udp: building the engine and its tests"
  mvn -B -q -DskipTests package
fi
read -r -a flags < engine/target/classes/io/surge/jvm.flags
cp="engine/target/test-classes:engine/target/classes:engine/target/lib/*"

ns_l="surge$$-l"
ns_a1="surge$$-a1"
ns_a2="surge$$-a2"
work="$(mktemp -d /tmp/surge-netns.XXXXXX)"
pids=()

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  sleep 1
  for pid in "${pids[@]}"; do
    kill -KILL "$pid" 2>/dev/null || true
  done
  for ns in "$ns_l" "$ns_a1" "$ns_a2"; do
    ip netns del "$ns" 2>/dev/null || true
  done
  if [ "$status" != "0" ]; then
    for log in "$work"/*.log; do
      [ -f "$log" ] && { echo "---- $log"; tail -n 40 "$log"; }
    done
  fi
  rm -rf "$work"
  echo "netns-udp: namespaces removed"
  exit "$status"
}
trap cleanup EXIT INT TERM

echo "netns-udp: namespaces $ns_l $ns_a1 $ns_a2"
ip netns add "$ns_l"
ip netns add "$ns_a1"
ip netns add "$ns_a2"
ip -n "$ns_l" link set lo up
ip -n "$ns_l" link add br0 type bridge
ip -n "$ns_l" addr add 10.77.0.1/24 dev br0
ip -n "$ns_l" link set br0 up
i=1
for ns in "$ns_a1" "$ns_a2"; do
  ip -n "$ns" link set lo up
  ip link add "va$i" netns "$ns" type veth peer name "vl$i" netns "$ns_l"
  ip -n "$ns_l" link set "vl$i" master br0
  ip -n "$ns_l" link set "vl$i" up
  ip -n "$ns" addr add "10.77.0.$((i + 1))/24" dev "va$i"
  ip -n "$ns" link set "va$i" up
  i=$((i + 1))
done
if command -v ping >/dev/null 2>&1; then
  ip netns exec "$ns_a1" ping -c 1 -W 5 10.77.0.1 >/dev/null
  ip netns exec "$ns_a2" ping -c 1 -W 5 10.77.0.1 >/dev/null
  echo "netns-udp: 10.77.0.2 and 10.77.0.3 reach 10.77.0.1"
fi

common=(transport=udp aeron.learner_host=10.77.0.1 aeron.term_length=1048576 ring.experience.batch=32
  aeron.heartbeat_interval_ms=100 aeron.liveness_timeout_ms=2000 aeron.parameters.chunk_bytes=4096
  aeron.parameters.period_ms=500 aeron.parameters.min_interval_ms=20)

ip netns exec "$ns_l" "$java" "${flags[@]}" -Xmx512m -cp "$cp" io.surge.channel.aeron.LearnerProcessMain \
  "$work/learner" 2 20000 120 "$work/actor1,$work/actor2" "${common[@]}" roles=learner,replay \
  > "$work/learner.log" 2>&1 &
learner=$!
pids+=("$learner")

i=1
for ns in "$ns_a1" "$ns_a2"; do
  ip netns exec "$ns" "$java" "${flags[@]}" -Xmx512m -cp "$cp" io.surge.channel.aeron.ActorProcessMain \
    signal "$work/actor$i" 2 32 500 "${common[@]}" roles=actors "actors.first_index=$(( (i - 1) * 2 ))" \
    > "$work/actor$i.log" 2>&1 &
  pids+=("$!")
  i=$((i + 1))
done

status=0
wait "$learner" || status=$?
grep -h "check" "$work/learner.log" || true
if [ "$status" != "0" ]; then
  echo "netns-udp: FAILED (learner check exit $status)" >&2
  exit 1
fi

# Stop the actors with SIGTERM: each says goodbye and prints "stopped".
for pid in "${pids[@]:1}"; do
  kill -TERM "$pid"
done
for pid in "${pids[@]:1}"; do
  wait "$pid" || true
done
for i in 1 2; do
  if ! grep -q "^stopped" "$work/actor$i.log"; then
    echo "netns-udp: FAILED (actor process $i did not stop cleanly)" >&2
    exit 1
  fi
done
pids=()
echo "netns-udp: passed"
