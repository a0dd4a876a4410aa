#!/usr/bin/env bash
# CPU cost of Weft's in-process JFR stream (thread weft-jfr plus the JVM's own JFR work for the
# events it enables), per second of a busy, healthy service (dev.weft.testapps.Demo).
# Interleaved runs of three variants on every JDK given (default: the two the project claims):
#   none    no agent
#   nojfr   Weft with -XX:-FlightRecorder (no JFR at all: Weft falls back to GC notifications)
#   weft    Weft as shipped (the JFR stream on)
# CPU (user+sys, from /proc/<pid>/stat) is read at WARM seconds after start (installation done)
# and again WINDOW seconds later; the script prints the median CPU milliseconds per second of each
# variant and the two differences: weft - none (the whole agent in steady state) and
# weft - nojfr (the JFR stream's share).
# Usage: test-apps/bench/jfr-stream-cost.sh [runs] [java_home ...]  (after mvn -B -DskipTests package)
#        WARM=30 WINDOW=30 by default (environment): the JIT keeps compiling for 20 s or more after
#        start, and its CPU would be charged to whichever variant compiles longest.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}; shift || true
homes=("$@")
[ ${#homes[@]} -gt 0 ] || homes=(/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64)
warm=${WARM:-30}; window=${WINDOW:-30}
agent=agent/target/weft-agent.jar
cp=test-apps/target/weft-test-apps.jar
[ -f "$agent" ] && [ -f "$cp" ] || { echo "build first: mvn -B -DskipTests package" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
hz=$(getconf CLK_TCK)

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2}'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

printf '%-4s %12s %12s %12s %14s %14s\n' JDK none-ms/s nojfr-ms/s weft-ms/s weft-none weft-nojfr
for home in "${homes[@]}"; do
  java="$home/bin/java"
  [ -x "$java" ] || { echo "skipped: no java at $home" >&2; continue; }
  v=$("$java" -version 2>&1 | head -1 | sed -E 's/.*"([0-9]+).*/\1/')
  for mode in none nojfr weft; do : > "$tmp/r.$mode"; done
  for i in $(seq "$runs"); do
    for mode in none nojfr weft; do
      case $mode in
        none)  args=() ;;
        nojfr) args=(-XX:-FlightRecorder "-javaagent:$agent=port=0,quiet=true") ;;
        weft)  args=("-javaagent:$agent=port=0,quiet=true") ;;
      esac
      "$java" "${args[@]}" -cp "$cp" dev.weft.testapps.Demo $((warm + window + 5)) >/dev/null 2>&1 &
      pid=$!
      sleep "$warm"; a=$(cpu_ticks $pid)
      sleep "$window"; b=$(cpu_ticks $pid)
      kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
      awk -v a="$a" -v b="$b" -v hz="$hz" -v w="$window" 'BEGIN {printf "%.1f\n", (b - a) * 1000 / hz / w}' >> "$tmp/r.$mode"
    done
  done
  n=$(median < "$tmp/r.none"); j=$(median < "$tmp/r.nojfr"); w=$(median < "$tmp/r.weft")
  printf '%-4s %12s %12s %12s %14s %14s\n' "$v" "$n" "$j" "$w" \
    "$(awk -v a="$w" -v b="$n" 'BEGIN {printf "%+.1f", a - b}')" "$(awk -v a="$w" -v b="$j" 'BEGIN {printf "%+.1f", a - b}')"
done
echo "(CPU milliseconds per second of wall time, medians of $runs interleaved runs, window ${window}s after ${warm}s)"
