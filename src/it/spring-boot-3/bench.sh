#!/usr/bin/env bash
# Throughput benchmark (not a test: mvn -B verify never runs it) of this Spring Boot 3.5 consumer in
# three variants from one jar, each its own JVM on 127.0.0.1: no check (none), SharedSecretFilter as
# the README registers it (filter), and the usual Spring Security recipe for an API-key header
# instead (security: src/bench/java/com/example/bench/ApiKeySecurity.java). wrk, a separate process,
# sends GET /protected with the secret (accept; none gets it too, as from the gateway), without it
# (missing) and with a wrong one of the same length (wrong). After a warm-up, ROUNDS short rounds measure the 7 cases in a new random
# order each, so that the cases compared are measured seconds apart. Each measurement gives wrk's
# requests/s, the server JVM's CPU time per request (user + system, from /proc: what the server
# spends, which depends less than requests/s on what else the machine runs) and the CPU that other
# processes took meanwhile. Ratios are taken within a round and summarised by median, min and max,
# over all rounds and again over the quiet ones (other processes below QUIET cores throughout).
#
# From the project's root, with the library in the local repository (mvn verify's invoker step puts
# it there too) and wrk installed (Debian: apt-get install wrk):
#   mvn -B -q install -DskipTests -Dinvoker.skip && src/it/spring-boot-3/bench.sh
# Environment: ROUNDS (default 20), DURATION (seconds per measurement, 2), WARMUP_PASSES (3) of
# WARMUP seconds per case (5; none gets three times as much, so that each JVM warms up as long),
# CONNECTIONS (16), QUIET (0.2), PIN (1: servers on CPU 1, wrk on CPU 0; default 0), WRK (the wrk
# command). About 8 minutes with the defaults. Linux only (/proc).
set -euo pipefail

ROUNDS=${ROUNDS:-20}
DURATION=${DURATION:-2}
WARMUP=${WARMUP:-5}
WARMUP_PASSES=${WARMUP_PASSES:-3}
CONNECTIONS=${CONNECTIONS:-16}
PIN=${PIN:-0}
QUIET=${QUIET:-0.2}
WRK=${WRK:-wrk}

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
work=$root/target/bench/spring-boot-3
for tool in java mvn "$WRK" curl shuf; do
  command -v $tool >/dev/null || { echo "bench: needs $tool on the PATH" >&2; exit 1; }
done

# The consumer's POM names the library by the invoker's @project.*@ placeholders: fill them in from
# the project's own POM (its first two-space-indented coordinates) in a copy under target/.
coordinate() { sed -n "s:^  <$1>\(.*\)</$1>\$:\1:p" "$root/pom.xml" | head -1; }
group=$(coordinate groupId); artifact=$(coordinate artifactId); version=$(coordinate version)
[ -n "$group" ] && [ -n "$artifact" ] && [ -n "$version" ] || { echo "bench: cannot read coordinates from $root/pom.xml" >&2; exit 1; }
rm -rf "$work"; mkdir -p "$work"
cp -r "$here/src" "$work/"
sed -e "s/@project.groupId@/$group/; s/@project.artifactId@/$artifact/; s/@project.version@/$version/" \
  "$here/pom.xml" > "$work/pom.xml"
echo "bench: building the bench jar against $group:$artifact:$version from the local repository"
if ! mvn -B -q -f "$work/pom.xml" -Pbench package -Dmaven.test.skip=true > "$work/build.log" 2>&1; then
  cat "$work/build.log" >&2
  echo "bench: build failed; is the library installed? mvn -B -q install -DskipTests -Dinvoker.skip" >&2
  exit 1
fi
jar=$(ls "$work"/target/consumer-spring-boot-3-*.jar | grep -v -- '-plain\.jar$' | head -1)

if [ "$PIN" = 1 ]; then server_cpu=(taskset -c 1); client_cpu=(taskset -c 0); else server_cpu=(); client_cpu=(); fi
secret=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')   # 64 hex characters, made up for this run
wrong=${secret%?}x                                       # same length, last character differs

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

declare -A port pid_of
hz=$(getconf CLK_TCK)
cpu_ticks() {   # pids -> their user + system time, in ticks (fields 14 and 15 of /proc/PID/stat)
  local pid; for pid in "$@"; do sed 's/.*) //' "/proc/$pid/stat"; done | awk '{ t += $12 + $13 } END { print t }'
}
for variant in none filter security; do
  env -u SHARED_SECRET_PREVIOUS SHARED_SECRET_CURRENT="$secret" "${server_cpu[@]}" \
    java -Xms1g -Xmx1g -jar "$jar" --bench.variant=$variant --server.address=127.0.0.1 --server.port=0 \
    > "$work/$variant.log" 2>&1 &
  pids+=($!); pid_of[$variant]=$!
done
for variant in none filter security; do
  for _ in $(seq 180); do
    line=$(grep -m1 '^bench: ready' "$work/$variant.log" || true)
    [ -n "$line" ] && break
    sleep 1
  done
  [ -n "$line" ] || { cat "$work/$variant.log" >&2; echo "bench: $variant did not start" >&2; exit 1; }
  echo "$line"
  port[$variant]=$(sed -n 's/.* port=\([0-9]*\) .*/\1/p' <<<"$line")
done

cases=(none filter-accept filter-missing filter-wrong security-accept security-missing security-wrong)
target() {   # case -> "port header" (header empty when none is sent)
  case $1 in
    none) echo "${port[none]} $secret" ;;   # the gateway sends it anyway; none ignores it
    *-accept) echo "${port[${1%-*}]} $secret" ;;
    *-missing) echo "${port[${1%-*}]}" ;;
    *-wrong) echo "${port[${1%-*}]} $wrong" ;;
  esac
}

# Each case answers as documented before anything is measured.
check() {   # case, expected status, expected body
  local p h out
  read -r p h <<<"$(target "$1")"
  out=$(curl -s -w ' %{http_code}' ${h:+-H "X-Shared-Secret: $h"} "http://127.0.0.1:$p/protected")
  [ "$out" = "$3 $2" ] || { echo "bench: $1 answered [$out], expected [$3 $2]" >&2; exit 1; }
}
check none 200 hello
for variant in filter security; do
  check $variant-accept 200 hello
  check $variant-missing 401 '{"error":"No secret provided"}'
  check $variant-wrong 401 '{"error":"Invalid secret"}'
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${port[security]}/health")" = 200 ] \
  || { echo "bench: security does not let /health through" >&2; exit 1; }

machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 }' /proc/stat; }   # user, nice, system: all CPUs
children_seconds() { awk 'NR == 2 { split($1 "m" $2, t, "m"); print t[1] * 60 + t[2] + t[3] * 60 + t[4] }' "$1"; }
run() {   # case, seconds -> "requests/s server-CPU-µs-per-request other-cores"; checks every response
  local p h total non2xx variant=${1%-*} s0 s1 j0 j1 m0 m1 e0 e1 times=$work/times.$BASHPID
  read -r p h <<<"$(target "$1")"
  s0=$(cpu_ticks "${pid_of[$variant]}"); j0=$(cpu_ticks "${pids[@]}"); m0=$(machine_ticks)
  e0=$(date +%s%N); times > "$times.0"
  timeout $(($2 + 30)) "${client_cpu[@]}" "$WRK" -t1 -c"$CONNECTIONS" -d"$2"s \
    ${h:+-H "X-Shared-Secret: $h"} "http://127.0.0.1:$p/protected" > "$work/wrk.out" || true
  times > "$times.1"; e1=$(date +%s%N)
  m1=$(machine_ticks); j1=$(cpu_ticks "${pids[@]}"); s1=$(cpu_ticks "${pid_of[$variant]}")
  local out; out=$(cat "$work/wrk.out")
  total=$(sed -n 's/^ *\([0-9]*\) requests in .*/\1/p' <<<"$out")
  non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' <<<"$out")
  non2xx=${non2xx:-0}
  [ "${total:-0}" -gt 0 ] || { echo "$out" >&2; echo "bench: $1: no request answered" >&2; exit 1; }
  case $1 in
    none|*-accept) [ "$non2xx" = 0 ] ;;
    *) [ "$non2xx" = "$total" ] ;;
  esac || { echo "$out" >&2; echo "bench: $1: $non2xx of $total responses were not 2xx" >&2; exit 1; }
  if grep -q 'Socket errors' <<<"$out"; then echo "$out" >&2; echo "bench: $1: socket errors" >&2; exit 1; fi
  # Other load: CPU time the machine spent outside the three JVMs and wrk, in cores.
  awk -v rps="$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' <<<"$out")" -v server=$((s1 - s0)) \
    -v machine=$((m1 - m0)) -v jvms=$((j1 - j0)) -v client="$(children_seconds "$times.1") - $(children_seconds "$times.0")" \
    -v hz="$hz" -v n="$total" -v elapsed=$(((e1 - e0) / 1000000)) 'BEGIN {
      split(client, c, " - "); other = (machine - jvms) / hz - (c[1] - c[2])
      print rps, server / hz * 1e6 / n, (other < 0 ? 0 : other) / (elapsed / 1000) }'
}

echo "bench: load average before warm-up: $(cut -d' ' -f1-3 /proc/loadavg)"
for pass in $(seq "$WARMUP_PASSES"); do
  echo "bench: warm-up pass $pass of $WARMUP_PASSES, ${WARMUP}s per case: requests/s, server CPU µs/request, other load (cores)"
  for c in "${cases[@]}"; do
    if [ "$c" = none ]; then w=$(run "$c" $((3 * WARMUP))); else w=$(run "$c" "$WARMUP"); fi
    read -r a b o <<<"$w"; printf '  %-17s %8.0f %8.1f %6.2f\n' "$c" "$a" "$b" "$o"
  done
done

declare -A rps cpu other
quiet=()
echo "bench: $ROUNDS rounds of ${DURATION}s per case, wrk -t1 -c$CONNECTIONS, PIN=$PIN: requests/s, server CPU µs/request;"
echo "  other = the most CPU (in cores, of $(nproc)) that other processes took during a case of the round"
printf '%-6s' round; printf ' %17s' "${cases[@]}"; printf ' %6s\n' other
for r in $(seq "$ROUNDS"); do
  for c in $(printf '%s\n' "${cases[@]}" | shuf); do
    w=$(run "$c" "$DURATION"); read -r "rps[$r,$c]" "cpu[$r,$c]" "other[$r,$c]" <<<"$w"
  done
  most=$(for c in "${cases[@]}"; do echo "${other[$r,$c]}"; done | sort -g | tail -1)
  awk -v o="$most" -v q="$QUIET" 'BEGIN { exit !(o < q) }' && quiet+=("$r")
  printf '%-6s' "$r"; for c in "${cases[@]}"; do printf ' %11.0f %5.1f' "${rps[$r,$c]}" "${cpu[$r,$c]}"; done
  printf ' %6.2f\n' "$most"
done
echo "bench: load average after the rounds: $(cut -d' ' -f1-3 /proc/loadavg)"

summary() {   # values -> "median min max"
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
    END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m, v[1], v[NR] }'
}
ratios() {   # case a, case b -> per-round ratios over $selected, "median (min to max)": requests/s a/b, CPU b/a
  local by_rps=() by_cpu=() r
  for r in "${selected[@]}"; do
    by_rps+=("$(awk -v a="${rps[$r,$1]}" -v b="${rps[$r,$2]}" 'BEGIN { print a / b }')")
    by_cpu+=("$(awk -v a="${cpu[$r,$1]}" -v b="${cpu[$r,$2]}" 'BEGIN { print b / a }')")
  done
  summary "${by_rps[@]}" | awk '{ printf "%.3f (%.3f to %.3f) | ", $1, $2, $3 }'
  summary "${by_cpu[@]}" | awk '{ printf "%.3f (%.3f to %.3f)", $1, $2, $3 }'
}
medians() {   # case -> "requests/s | µs" medians over $selected
  local by_rps=() by_cpu=() r
  for r in "${selected[@]}"; do by_rps+=("${rps[$r,$1]}"); by_cpu+=("${cpu[$r,$1]}"); done
  printf '%s | %s' "$(summary "${by_rps[@]}" | awk '{ printf "%.0f", $1 }' | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta')" \
    "$(summary "${by_cpu[@]}" | awk '{ printf "%.1f", $1 }')"
}
row() {   # case [baseline]
  if [ $# = 1 ]; then echo "| $1 | $(medians "$1") |  |  |  |"; else echo "| $1 | $(medians "$1") | $2 | $(ratios "$1" "$2") |"; fi
}
table() {   # title; over the rounds in $selected
  echo
  echo "$1. Medians; ratios per round, \"throughput\" = requests/s of the case over its baseline's,"
  echo "\"CPU\" = the baseline's server CPU time per request over the case's (both > 1: the case is faster)."
  echo
  echo "| case | requests/s | server CPU µs/request | baseline | throughput ratio | CPU ratio |"
  echo "|---|---|---|---|---|---|"
  row none
  row filter-accept none
  row filter-missing filter-accept
  row filter-wrong filter-accept
  row security-accept none
  row security-missing security-accept
  row security-wrong security-accept
  for c in accept missing wrong; do
    echo "| filter-$c |  |  | security-$c | $(ratios filter-$c security-$c) |"
  done
}

selected=($(seq "$ROUNDS"))
table "All $ROUNDS rounds"
if [ ${#quiet[@]} -ge 5 ]; then
  selected=("${quiet[@]}")
  table "The ${#quiet[@]} quiet rounds (other processes below $QUIET cores throughout: rounds ${quiet[*]})"
else
  echo; echo "Only ${#quiet[@]} rounds were quiet (other processes below $QUIET cores throughout): no table for them."
fi
