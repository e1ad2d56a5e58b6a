#!/usr/bin/env bash
# Fuzzes each target for a bounded time with Jazzer's command line, as OSS-Fuzz runs Java fuzz targets,
# and fails on any finding. Prints per target: executions, executions per second, corpus size, findings.
#
#   src/test/fuzz/fuzz.sh [jetty|tomcat|configuration ...]         (default: all three)
#   src/test/fuzz/fuzz.sh merge [jetty|tomcat|configuration ...]   adds to the committed corpus what the
#                                                                   last run found that covers anything new
#
# FUZZ_SECONDS (default 180) is the time per target. Needs the compiled classes (mvn -B verify, or
# mvn -B test-compile). Each target starts from the committed inputs (the seeds and its corpus) and
# writes what it adds to target/fuzz/<target>/corpus; a finding is written where the JUnit replay
# reads it, src/test/resources/.../<Test>Inputs/<method>/crash-<sha1>, so that mvn -B verify fails on it
# until it is fixed. The full log of a run is target/fuzz/<target>/fuzz.log; only summaries are
# printed here (libFuzzer's dump of a crashing input would show the request, secret header and all).
set -euo pipefail
cd "$(dirname "$0")/../../.."

seconds=${FUZZ_SECONDS:-180}
out=target/fuzz
res=src/test/resources/dev/sharedsecret
mkdir -p "$out"
if [ ! -d target/test-classes/dev/sharedsecret/contract ]; then
  mvn -B -q test-compile
fi
# The class path of the default test execution: Servlet API 6.1 ahead of Tomcat 11 (see pom.xml).
api=$(sed -n 's:.*<servlet-api-61.version>\(.*\)</servlet-api-61.version>.*:\1:p' pom.xml)
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dservlet-api.version="$api" \
  -Dmdep.outputFile="$out/classpath.txt"
classpath="target/test-classes:target/classes:$(cat "$out/classpath.txt")"

mode=fuzz
if [ "${1:-}" = merge ]; then
  mode=merge
  shift
fi
failed=0
# fuzz NAME CLASS INPUTS METHOD DICTIONARY INSTRUMENTED [EXCLUDED]: one target, from INPUTS (seeds at its
# top, corpus and findings in INPUTS/METHOD), instrumenting the classes INSTRUMENTED names but EXCLUDED.
fuzz() {
  local name=$1 class=$2 inputs=$3 method=$4 dict=$5 instrumented=$6 excluded=${7:-}
  local dir=$out/$name
  local jazzer=(java -Xmx1g -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider -cp "$classpath"
    com.code_intelligence.jazzer.Jazzer --target_class="$class" --instrumentation_includes="$instrumented"
    --instrumentation_excludes="$excluded" --custom_hook_includes="$instrumented" --reproducer_path="$dir")
  if [ "$mode" = merge ]; then
    local before
    before=$(ls "$inputs/$method" | wc -l)
    "${jazzer[@]}" -merge=1 "$inputs/$method" "$dir/corpus" > "$dir/merge.log" 2>&1
    echo "$name: $(( $(ls "$inputs/$method" | wc -l) - before )) inputs added to $inputs/$method"
    return
  fi
  rm -rf "$dir"
  mkdir -p "$dir/corpus" "$inputs/$method"
  find "$inputs" -maxdepth 1 -type f -exec cp {} "$dir/corpus/" \;
  find "$inputs/$method" -type f -exec cp {} "$dir/corpus/" \;
  local seeded findings_before findings_after start rc=0
  seeded=$(ls "$dir/corpus" | wc -l)
  findings_before=$(ls "$inputs/$method" | grep -cE '^(crash|timeout|oom|leak)-' || true)
  start=$(date +%s)
  "${jazzer[@]}" -dict="$dict" -max_total_time="$seconds" -timeout=60 -report_slow_units=60 -rss_limit_mb=0 \
    -print_final_stats=1 -artifact_prefix="$inputs/$method/" "$dir/corpus" > "$dir/fuzz.log" 2>&1 || rc=$?
  findings_after=$(ls "$inputs/$method" | grep -cE '^(crash|timeout|oom|leak)-' || true)
  local runs speed corpus kept findings=$((findings_after - findings_before))
  final_stat() { sed -n "s/^stat::$1: *//p" "$dir/fuzz.log" | tail -1; }
  runs=$(final_stat number_of_executed_units)
  speed=$(final_stat average_exec_per_sec)
  corpus=$(ls "$dir/corpus" | wc -l)
  kept=$(grep -oE 'corp: [0-9]+' "$dir/fuzz.log" | tail -1 | cut -d' ' -f2)
  if [ "$rc" -ne 0 ] && [ "$findings" -eq 0 ]; then
    findings="exit code $rc"
  fi
  echo "$name: ${runs:-?} executions, ${speed:-?} exec/s, corpus $corpus inputs ($((corpus - seeded)) new," \
    "${kept:-?} kept by libFuzzer), findings: $findings, $(( $(date +%s) - start )) s"
  if [ "$rc" -ne 0 ] || [ "$findings" != 0 ]; then
    failed=$((failed + 1))
    # Jazzer's own lines about the finding; our targets' messages name no secret and no header value.
    grep -A6 -E '^== Java Exception' "$dir/fuzz.log" | grep -E '^(== Java Exception|	at )' | head -8 || true
    grep -E 'Test unit written to' "$dir/fuzz.log" | sed 's/.*Test unit written to /  saved as /' || true
  fi
}

jetty=dev.sharedsecret.*:org.eclipse.jetty.http.**:org.eclipse.jetty.server.**:org.eclipse.jetty.ee10.servlet.**:org.eclipse.jetty.util.URIUtil
tomcat=dev.sharedsecret.*:org.apache.coyote.**:org.apache.tomcat.util.http.**:org.apache.tomcat.util.buf.**:org.apache.catalina.connector.**:org.apache.catalina.mapper.**
for target in "${@:-jetty tomcat configuration}"; do
  for name in $target; do
    case $name in
      jetty) fuzz jetty dev.sharedsecret.contract.JettyHttpFuzzer "$res/contract/HttpFuzzTestInputs" \
        jettyAdmitsOnlyWhatTheContractAllows "$res/contract/http.dict" "$jetty" ;;
      tomcat) fuzz tomcat dev.sharedsecret.contract.TomcatHttpFuzzer "$res/contract/HttpFuzzTestInputs" \
        tomcatAdmitsOnlyWhatTheContractAllows "$res/contract/http.dict" "$tomcat" ;;
      # Jazzer 0.24.0's hook on Arrays.equals(byte[], byte[]) crashes the JVM when an argument is null
      # (fixed in 0.28.0), as SecretFile.poll's may be: that class alone is left uninstrumented.
      configuration) fuzz configuration dev.sharedsecret.ConfigurationFuzzer "$res/ConfigurationFuzzTestInputs" \
        configurationBuildsOrFailsAsDocumentedWithoutShowingASecret "$res/configuration.dict" 'dev.sharedsecret.*' \
        'dev.sharedsecret.SecretStore$SecretFile' ;;
      *) echo "unknown target $name (jetty, tomcat, configuration)"; exit 2 ;;
    esac
  done
done
if [ "$mode" = merge ]; then
  exit 0
fi
if [ "$failed" -ne 0 ]; then
  echo "fuzz: $failed target(s) with findings"
  exit 1
fi
echo "fuzz: ok, no finding"
