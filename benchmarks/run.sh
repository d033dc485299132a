#!/usr/bin/env bash
# Runs the JMH benchmarks and prints their table: each score beside its ratio to the baseline of its class measured in
# the same run (a ConcurrentHashMap.get, or resolving one by one), so figures from different machines compare. Then a
# table of issue 14's targets, each met or missed: the hit against the AWS caching client, the AWS calls each client
# makes (a 64-thread stampede, a read after the TTL, resolveAll of 100), resolveAll on a store 20 ms a read away, and
# 100,000 cached secrets in a JVM with -Xmx64m.
#
#   benchmarks/run.sh                 # everything, about four minutes on a quiet 2-core machine
#   benchmarks/run.sh Resolve -f 2    # JMH's own arguments only: a name pattern, forks, iterations...
#
# Needs only Java 17 and Maven. Builds core and the benchmarks with the bench profile (not part of mvn verify).
# The call counts (BackendCalls) and the footprint (CacheFootprint) are not JMH timings: they run only without
# arguments, before JMH.
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -Pbench -pl benchmarks -am package -DskipTests -Dmaven.javadoc.skip -Djacoco.skip >&2
target="$root/benchmarks/target"
classpath="$target/classes:$(cat "$target/benchmark.classpath")"
rm -f "$target/calls.json" "$target/footprint.json"
args=("$@")
if [[ ${#args[@]} -eq 0 ]]; then
  args=(-f 1 -wi 3 -w 1s -i 5 -r 1s)
  java -cp "$classpath" dev.secretkit.benchmarks.BackendCalls "$target/calls.json" >&2
  # The footprint's own JVM, with the heap the target names and the collector the JVM picks.
  java -Xmx64m -cp "$classpath" dev.secretkit.benchmarks.CacheFootprint "$target/footprint.json" >&2
fi
java -cp "$classpath" org.openjdk.jmh.Main "${args[@]}" -rf json -rff "$target/jmh.json" >&2
java -cp "$classpath" dev.secretkit.benchmarks.BenchmarkTable "$target/jmh.json" "$target/calls.json" \
  "$target/footprint.json"
