#!/usr/bin/env bash
# Measures secretctl's start-up: the median wall time of RUNS runs of each command below, beside
# a bare `java -version` measured in the same run, and each one's overhead over it (ms and ratio).
#
#   benchmarks/startup.sh            # from anywhere; builds the CLI through bin/secretctl if needed
#   RUNS=50 benchmarks/startup.sh
#
# Needs only Java 17, Maven, bash and coreutils. Takes well under a minute.
# The runs are interleaved (one of each command per round), so a slow moment of the machine
# hits every row alike; the first round only warms the file cache and is not counted.
set -euo pipefail

# The secretctl command under test, run against a file store filled with a few secrets
# (SECRETKIT_STORE and SECRETKIT_MASTER_KEY are set for it).
SECRETCTL_ARGS=(get)
RUNS="${RUNS:-20}"

root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
jar="$root/secret-cli/target/secretctl.jar"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# A wall clock in microseconds: bash 5's EPOCHREALTIME costs no process; date is the fallback.
now_us() {
  if [[ -n "${EPOCHREALTIME:-}" ]]; then
    local t="${EPOCHREALTIME/[.,]/}"
    echo "$t"
  else
    echo $(( $(date +%s%N) / 1000 ))
  fi
}

# bin/secretctl builds the jar (and its class-data archive) when they are missing or stale.
bin/secretctl --version > /dev/null

# The file store: a fresh directory, a throwaway key, three secrets.
export SECRETKIT_MASTER_KEY="$(head -c 32 /dev/urandom | base64)"
export SECRETKIT_STORE="file:$work/store"
for i in 1 2 3; do
  cat > "$work/secret-$i.yaml" <<EOF
name: bench-secret-$i
version: v2alpha
type: secret
secret:
  type: key-value
  data:
    username: bench-user-$i
    password: fake-password-$i
EOF
done

bin/secretctl apply -f "$work" > /dev/null

names=()
commands=()
add() { names+=("$1"); commands+=("$2"); }
add "java -version (baseline)" 'java -version'
add "bin/secretctl ${SECRETCTL_ARGS[0]}" 'bin/secretctl "${SECRETCTL_ARGS[@]}"'
add "java -jar secretctl.jar ${SECRETCTL_ARGS[0]} (no flags)" 'java -jar "$jar" "${SECRETCTL_ARGS[@]}"'
add "bin/secretctl --version" 'bin/secretctl --version'
add "bin/secretctl validate" 'bin/secretctl validate examples/manifests/postgres-v2.yaml'

# Each command must work before it is timed.
for i in "${!commands[@]}"; do
  if ! eval "${commands[$i]}" > "$work/out" 2>&1; then
    echo "benchmark command failed: ${names[$i]}" >&2
    cat "$work/out" >&2
    exit 1
  fi
done

for ((round = 0; round <= RUNS; round++)); do
  for i in "${!commands[@]}"; do
    start="$(now_us)"
    eval "${commands[$i]}" > /dev/null 2>&1
    end="$(now_us)"
    if ((round > 0)); then
      echo $(( (end - start) / 1000 )) >> "$work/times-$i"
    fi
  done
done

median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

base="$(median "$work/times-0")"
echo "secretctl start-up: median wall of $RUNS runs, $(nproc) cores, $(java -version 2>&1 | head -1)," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo "under test: secretctl ${SECRETCTL_ARGS[*]} (SECRETKIT_STORE: a file store holding 3 secrets)"
printf '%-52s %9s %13s %7s\n' "command" "median ms" "overhead ms" "ratio"
for i in "${!commands[@]}"; do
  m="$(median "$work/times-$i")"
  printf '%-52s %9d %13d %7s\n' "${names[$i]:0:52}" "$m" $((m - base)) "$(awk -v m="$m" -v b="$base" 'BEGIN { printf "%.1fx", m / b }')"
done
