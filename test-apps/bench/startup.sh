#!/usr/bin/env bash
# Start-up cost of the agent, interleaved runs, on every JDK given (default: the two the project
# claims). Three variants of the same program (dev.weft.testapps.StartupProbe):
#   off    no agent
#   empty  an agent whose premain does nothing (what any -javaagent costs the JVM itself)
#   weft   weft-agent.jar (port=0, quiet=true)
# and two runs of each: "hello" exits at once; "linger" stays 3 s, long enough for Weft to finish
# installing on its own thread, so its CPU includes the whole installation.
# Prints medians of: to-main (ms from JVM start to main(); weft minus empty is how long Weft's
# premain blocks the application), wall (s, hello) and cpu (s user+sys, hello and linger).
# Usage: test-apps/bench/startup.sh [runs] [java_home ...]   (after mvn -B -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-20}; shift || true
homes=("$@")
[ ${#homes[@]} -gt 0 ] || homes=(/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64)
agent=agent/target/weft-agent.jar
cp=test-apps/target/weft-test-apps.jar
[ -f "$agent" ] && [ -f "$cp" ] || { echo "build first: mvn -B -DskipTests package" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# The empty agent, built here so nothing but the JDK is needed.
mkdir -p "$tmp/empty/e"
cat > "$tmp/empty/e/Empty.java" <<'JAVA'
package e;
public final class Empty { public static void premain(String a, java.lang.instrument.Instrumentation i) { } }
JAVA
javac --release 17 -d "$tmp/empty/out" "$tmp/empty/e/Empty.java"
printf 'Premain-Class: e.Empty\nCan-Retransform-Classes: true\n' > "$tmp/empty/manifest"
jar cfm "$tmp/empty.jar" "$tmp/empty/manifest" -C "$tmp/empty/out" .

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }

printf '%-4s %-6s %12s %10s %10s %14s\n' JDK agent to-main-ms wall-s cpu-s cpu-linger-s
for home in "${homes[@]}"; do
  java="$home/bin/java"
  [ -x "$java" ] || { echo "skipped: no java at $home" >&2; continue; }
  v=$("$java" -version 2>&1 | head -1 | sed -E 's/.*"([0-9]+).*/\1/')
  for mode in off empty weft; do : > "$tmp/r.$mode"; : > "$tmp/r.$mode.linger"; done
  for i in $(seq "$runs"); do
    for mode in off empty weft; do
      case $mode in
        off) opts=() ;;
        empty) opts=("-javaagent:$tmp/empty.jar") ;;
        weft) opts=("-javaagent:$agent=port=0,quiet=true") ;;
      esac
      /usr/bin/time -f '%e %U %S' -o "$tmp/time" "$java" "${opts[@]}" -cp "$cp" dev.weft.testapps.StartupProbe > "$tmp/out"
      read -r wall user sys < "$tmp/time"
      echo "$(sed -n 's/^to-main-ms=//p' "$tmp/out") $wall $(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}')" >> "$tmp/r.$mode"
      /usr/bin/time -f '%e %U %S' -o "$tmp/time" "$java" "${opts[@]}" -cp "$cp" dev.weft.testapps.StartupProbe 3000 > /dev/null
      read -r wall user sys < "$tmp/time"
      awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}' >> "$tmp/r.$mode.linger"
    done
  done
  for mode in off empty weft; do
    printf '%-4s %-6s %12s %10s %10s %12s\n' "$v" "$mode" \
      "$(cut -d' ' -f1 "$tmp/r.$mode" | median)" "$(cut -d' ' -f2 "$tmp/r.$mode" | median)" \
      "$(cut -d' ' -f3 "$tmp/r.$mode" | median)" "$(median < "$tmp/r.$mode.linger")"
  done
done
