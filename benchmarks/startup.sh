#!/usr/bin/env bash
# Measures secretctl's start-up: the median wall time of RUNS runs of each command below, beside a
# baseline measured in the same run, and each one's overhead over it (ms) and ratio to it.
#
#   benchmarks/startup.sh                  # from anywhere; builds the CLI through bin/secretctl if needed
#   RUNS=50 benchmarks/startup.sh
#   AWS_CLI=/usr/bin/aws benchmarks/startup.sh   # another AWS CLI for the aws-sm baseline
#
# Two groups of rows:
#   - on a file store filled with a few secrets, against a bare `java -version`;
#   - on aws-sm, against the AWS CLI's `aws secretsmanager get-secret-value` of the same secret, both
#     through the same Secrets Manager emulator (secret-emulator-aws, started on a loopback port by
#     benchmarks/AwsEmulator.java). Left out, with a note, when there is no AWS CLI ($AWS_CLI, else `aws`).
# The AWS credentials are fake and given to both through the environment only; neither reads the
# machine's AWS profiles (AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE point into an empty folder).
#
# Needs Java 17, Maven, bash and coreutils (and an AWS CLI for the second group). Takes about a minute.
# The runs are interleaved (one of each command per round), so a slow moment of the machine
# hits every row alike; the first round only warms the file cache and is not counted.
set -euo pipefail

RUNS="${RUNS:-20}"
AWS_CLI="${AWS_CLI:-aws}"

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

# Three secrets, for each store.
for i in 1 2 3; do
  cat > "$work/secret-$i.yaml" <<YAML
name: bench-secret-$i
version: v2alpha
type: secret
secret:
  type: key-value
  data:
    username: bench-user-$i
    password: fake-password-$i
YAML
done

# The file store: a fresh directory, a throwaway key.
export SECRETKIT_MASTER_KEY="$(head -c 32 /dev/urandom | base64)"
export SECRETKIT_STORE="file:$work/store"
bin/secretctl apply -f "$work" > /dev/null 2> "$work/out" || { cat "$work/out" >&2; exit 1; }

# names[i], commands[i], and the row each is compared with (baseline[i]); a baseline row is its own.
names=()
commands=()
baseline=()
add() { names+=("$1"); commands+=("$2"); baseline+=("${3:-$(( ${#names[@]} - 1 ))}"); }
add "java -version (baseline)" 'java -version'
java_row=0
add "bin/secretctl resolve" 'bin/secretctl resolve bench-secret-1#password' "$java_row"
add "java -jar secretctl.jar resolve (no flags)" 'java -jar "$jar" resolve bench-secret-1#password' "$java_row"
add "bin/secretctl get" 'bin/secretctl get' "$java_row"
add "bin/secretctl --version" 'bin/secretctl --version' "$java_row"
add "bin/secretctl validate" 'bin/secretctl validate examples/manifests/postgres-v2.yaml' "$java_row"

aws_note=""
if command -v "$AWS_CLI" > /dev/null; then
  # The emulator, from the reactor's classes (built with the CLI) and the CLI's libraries (Jackson, core).
  if [[ ! -d secret-emulator-aws/target/classes || ! -d secret-emulator-support/target/classes ]]; then
    mvn -B -q -Dstyle.color=never -DskipTests -pl secret-emulator-aws -am package >&2
  fi
  classpath="secret-emulator-aws/target/classes:secret-emulator-support/target/classes:$root/secret-cli/target/lib/*"
  # A coprocess: it serves until its standard input, this script's end of a pipe, closes as the script exits.
  coproc EMULATOR { exec java -cp "$classpath" benchmarks/AwsEmulator.java; }
  endpoint=""
  read -r -t 60 endpoint <&"${EMULATOR[0]}" || true
  [[ "$endpoint" == http://* ]] || { echo "the AWS emulator did not start" >&2; exit 1; }

  # Fake credentials, through the environment only; no profile of the machine's.
  export AWS_ACCESS_KEY_ID=AKIDFAKEBENCHMARK AWS_SECRET_ACCESS_KEY=fake-benchmark-secret-key
  export AWS_DEFAULT_REGION=eu-west-1 AWS_REGION=eu-west-1 AWS_PAGER=""
  export AWS_CONFIG_FILE="$work/aws/config" AWS_SHARED_CREDENTIALS_FILE="$work/aws/credentials"
  unset AWS_PROFILE AWS_DEFAULT_PROFILE
  aws_store="aws-sm://eu-west-1?endpoint=$endpoint"
  bin/secretctl apply --store "$aws_store" -f "$work" > /dev/null 2> "$work/out" || { cat "$work/out" >&2; exit 1; }

  add "$AWS_CLI secretsmanager get-secret-value (baseline)" \
    '"$AWS_CLI" --endpoint-url "$endpoint" secretsmanager get-secret-value --secret-id secretkit/public/bench-secret-1 --query SecretString --output text'
  aws_row=$(( ${#names[@]} - 1 ))
  add "bin/secretctl resolve --store aws-sm://..." 'bin/secretctl resolve --store "$aws_store" bench-secret-1#password' "$aws_row"
  add "java -jar secretctl.jar resolve aws-sm (no flags)" 'java -jar "$jar" resolve --store "$aws_store" bench-secret-1#password' "$aws_row"
  aws_note="AWS CLI: $("$AWS_CLI" --version 2>&1 | head -1)"
else
  aws_note="no AWS CLI ($AWS_CLI not found): the aws-sm rows are left out"
fi

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

echo "secretctl start-up: median wall of $RUNS interleaved runs, $(nproc) cores, $(java -version 2>&1 | head -1)," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo "file store: 3 secrets; aws-sm: the same 3 in the Secrets Manager emulator; $aws_note"
printf '%-52s %9s %13s %7s\n' "command" "median ms" "overhead ms" "ratio"
for i in "${!commands[@]}"; do
  m="$(median "$work/times-$i")"
  b="$(median "$work/times-${baseline[$i]}")"
  if ((baseline[i] == i)); then
    echo
  fi
  printf '%-52s %9d %13d %7s\n' "${names[$i]:0:52}" "$m" $((m - b)) "$(awk -v m="$m" -v b="$b" 'BEGIN { printf "%.2fx", m / b }')"
done
