#!/usr/bin/env bash
# Runs the JMH benchmarks and prints their table: each score beside its ratio to the baseline measured in the same
# run (a ConcurrentHashMap.get), so figures from different machines compare.
#
#   benchmarks/run.sh                 # every benchmark, about a minute
#   benchmarks/run.sh Resolve -f 2    # JMH's own arguments: a name pattern, forks, iterations...
#
# Needs only Java 17 and Maven. Builds core and the benchmarks with the bench profile (not part of mvn verify).
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -Pbench -pl benchmarks -am package -DskipTests -Dmaven.javadoc.skip -Djacoco.skip >&2
target="$root/benchmarks/target"
classpath="$target/classes:$(cat "$target/benchmark.classpath")"
args=("$@")
if [[ ${#args[@]} -eq 0 ]]; then
  args=(-f 1 -wi 3 -w 1s -i 5 -r 1s)
fi
java -cp "$classpath" org.openjdk.jmh.Main "${args[@]}" -rf json -rff "$target/jmh.json" >&2
java -cp "$classpath" dev.secretkit.benchmarks.BenchmarkTable "$target/jmh.json"
