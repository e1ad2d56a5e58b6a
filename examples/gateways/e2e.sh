#!/usr/bin/env bash
# The whole system, end to end: a client sends "Authorization: Bearer <API key>" to a real gateway
# (nginx, HAProxy, Caddy, from the OS packages, with the configurations beside this script), the
# gateway forwards to the origin (the demo, SharedSecretFilter on Jetty 12) with the shared secret
# in X-Shared-Secret. For each gateway:
#   0. it starts from the file beside this script, and the secret is not in its configuration;
#   1. a good API key through the gateway: 200 {"message":"Access granted"};
#   2. a missing, wrong, re-cased, truncated or extended key, or a lower-case "bearer": 401 JSON
#      from the gateway, and the origin's JMX counters show that no request reached it;
#   3. straight to the origin without the secret: 401 {"error":"No secret provided"};
#   4. a client's own X-Shared-Secret (two of them, in two letter cases) with a good key: 200, so
#      the gateway replaced them (a second copy would have been answered 401);
#   5. the README's rotation runbook, step by step, under a load of at least 20,000 requests:
#      no answer but 200, no socket error, and the origin's AcceptedBySource shows the old
#      source stop and the new one start.
# It prints one line per gateway and check and "N passed, M failed"; it exits non-zero on any
# failure, including a gateway that cannot be installed or started.
#
# Run as root on Debian (as CI does): missing packages are installed with apt-get, their services
# are not started. Everything runs in a private network namespace when unshare allows it (only a
# loopback there: no port is taken, no packet can leave), with net.ipv4.tcp_migrate_req=1 (see
# the README: Caddy 2.6 rebinds its port on reload). Secrets and keys are made for the run
# (openssl rand), kept in a mode 0700 directory and never printed. Every process it starts is
# stopped on exit. E2E_GATEWAYS="nginx caddy" runs some of them; E2E_LOAD_MIN sets the load's
# minimum (20000); E2E_KEEP_ALIVE=1 sends it on keep-alive connections (see the README: a
# graceful reload may then break a request sent on a connection it closes).
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
GATEWAYS=${E2E_GATEWAYS:-nginx haproxy caddy}
LOAD_MIN=${E2E_LOAD_MIN:-20000}
GRANTED='{"message":"Access granted"}'
INVALID_KEY='{"error":"Invalid API key"}'

die() { echo "e2e: $*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# Outside the namespace: packages, the demo's class path, the JMX reader. Then into the namespace.
# ---------------------------------------------------------------------------------------------
if [ "${1:-}" != --in-namespace ] && [ "${1:-}" != --on-host ]; then
    declare -A package_of=([nginx]=nginx [haproxy]=haproxy [caddy]=caddy [wrk]=wrk [curl]=curl
                           [openssl]=openssl [envsubst]=gettext-base [unshare]=util-linux [ip]=iproute2)
    WORK=$(mktemp -d /tmp/e2e-gateways.XXXXXX) || die "no temporary directory"
    chmod 700 "$WORK"
    trap 'rm -rf "$WORK"' EXIT
    missing=()
    for command in "${!package_of[@]}"; do
        command -v "$command" >/dev/null || missing+=("${package_of[$command]}")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        [ "$(id -u)" = 0 ] || die "missing packages ${missing[*]}; install them or run as root"
        echo "e2e: installing ${missing[*]}"
        # Debian starts a package's service on installation unless policy-rc.d says no: these
        # gateways run only as this script's own processes, on its own ports.
        policy=/usr/sbin/policy-rc.d
        made_policy=
        if [ ! -e $policy ]; then
            printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy && made_policy=1
        fi
        apt-get update -qq >/dev/null 2>&1
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
            > "$WORK/apt.log" 2>&1
        status=$?
        [ -n "$made_policy" ] && rm -f $policy
        [ $status = 0 ] || { tail -20 "$WORK/apt.log"; die "apt-get install ${missing[*]} failed"; }
        for command in "${!package_of[@]}"; do
            command -v "$command" >/dev/null || die "$command is still missing after apt-get install"
        done
    fi

    (cd "$ROOT" && mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile="$WORK/classpath" \
        > "$WORK/mvn.log" 2>&1) || { tail -30 "$WORK/mvn.log"; die "mvn test-compile failed"; }
    javac -d "$WORK/jmx" "$HERE/JmxCounters.java" || die "javac JmxCounters.java failed"
    export E2E_WORK=$WORK
    if unshare --net true 2>/dev/null; then
        trap - EXIT
        exec unshare --net bash "${BASH_SOURCE[0]}" --in-namespace
    fi
    echo "e2e: no private network namespace (unshare --net refused); using the host's loopback"
    trap - EXIT
    exec bash "${BASH_SOURCE[0]}" --on-host
fi

# ---------------------------------------------------------------------------------------------
# Inside: one origin and one gateway at a time.
# ---------------------------------------------------------------------------------------------
WORK=$E2E_WORK
CLASSPATH_DEMO="$(cat "$WORK/classpath"):$ROOT/target/classes:$ROOT/target/test-classes"
PIDS=()
passed=0
failed=0

cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null
    done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    PIDS=()
}
trap 'cleanup; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

if [ "$1" = --in-namespace ]; then
    ip link set lo up || die "cannot bring the loopback interface up in the network namespace"
    echo 1 > /proc/sys/net/ipv4/tcp_migrate_req 2>/dev/null
    where="a private network namespace"
else
    where="the host's network namespace"
fi
echo "e2e: $where, net.ipv4.tcp_migrate_req=$(cat /proc/sys/net/ipv4/tcp_migrate_req 2>/dev/null || echo '?');" \
     "$(nginx -v 2>&1 | sed 's/.*: //'), HAProxy $(haproxy -v | sed -n '1s/^HAProxy version \([^ ]*\).*/\1/p')," \
     "Caddy $(caddy version | cut -d' ' -f1), $(wrk -v 2>&1 | sed -n '1s/^\(wrk [^ ]*\).*/\1/p')"

redact() { # never a secret or a key in what is printed, even from a gateway's own log
    local value sed_args=()
    for value in "${OLD_SECRET:-}" "${NEW_SECRET:-}" "${KEY_A:-}" "${KEY_B:-}"; do
        [ -n "$value" ] && sed_args+=(-e "s/$value/<redacted>/gI")
    done
    if [ ${#sed_args[@]} -gt 0 ]; then sed "${sed_args[@]}"; else cat; fi
}

report() { # gateway, check, ok (0 or 1), detail
    if [ "$3" = 0 ]; then passed=$((passed + 1)); result=ok; else failed=$((failed + 1)); result=FAIL; fi
    printf '%-8s %-52s %-4s %s\n' "$1" "$2" "$result" "$4" | redact
}

free_port() { # a port below the ephemeral range (so no outgoing connection holds it), not listened on
    local port
    while :; do
        port=$((20000 + RANDOM % 12000))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
        echo "$port"
        return
    done
}

random_key() { # 64 hex digits with at least one letter, so that changing the case changes it
    local key
    while :; do key=$(openssl rand -hex 32); [[ $key == *[a-f]* ]] && { echo "$key"; return; }; done
}

write_secret() { # path, content: replaced atomically, mode 0600
    local tmp="$1.tmp.$$"
    (umask 077 && printf '%s\n' "$2" > "$tmp") && mv -f "$tmp" "$1"
}

request() { # url, curl options...: prints "status content-type body"
    local url=$1 body
    shift
    body=$(mktemp "$WORK/body.XXXXXX")
    curl -s -o "$body" -w '%{http_code} %{content_type} ' --max-time 10 "$@" "$url"
    cat "$body"
    rm -f "$body"
}

counters() { # the origin's JMX counters, one "name value" or "AcceptedBySource source value" a line
    java -cp "$WORK/jmx" JmxCounters "$JMX_PORT" 2>>"$DIR/jmx.log"
}
counter() { # counters output, name or source: its value, or "?" if JMX gave none
    awk -v n="$2" '($1 == n && NF == 2) || ($1 == "AcceptedBySource" && $2 == n) { v = $NF }
                   END { print (v == "" ? "?" : v) }' <<<"$1"
}
minus() { # a - b, or "?" if either is not a number
    [[ $1 =~ ^[0-9]+$ && $2 =~ ^[0-9]+$ ]] && echo $(($1 - $2)) || echo "?"
}
seen_by_origin() { # counters output: every request the filter judged, or "?"
    awk '$1 ~ /^(Accepted|RejectedMissing|RejectedInvalid|Misconfigured)$/ { n += $2; k++ }
         END { print (k == 4 ? n : "?") }' <<<"$1"
}

wait_for() { # seconds, command...: true once the command succeeds
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        [ $SECONDS -ge $deadline ] && return 1
        sleep 0.2
    done
}
log_count() { grep -cF "$2" "$1" 2>/dev/null || true; }
log_reaches() { [ "$(log_count "$1" "$2")" -ge "$3" ]; }
alive() { kill -0 "$1" 2>/dev/null; }
now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); }
since() { local d=$(($(now_ms) - $1)); printf '%d.%d s' $((d / 1000)) $((d % 1000 / 100)); }

# --- the origin: the demo with two secret files, counters over JMX on loopback ----------------
start_origin() {
    mkdir -m 700 "$DIR/origin"
    CURRENT=$DIR/origin/current
    NEXT=$DIR/origin/next
    write_secret "$CURRENT" "$OLD_SECRET"
    JMX_PORT=$(free_port)
    PORT=0 SHARED_SECRET_FILE="$CURRENT,$NEXT" java -Xmx256m -cp "$CLASSPATH_DEMO" \
        -Dcom.sun.management.jmxremote.port="$JMX_PORT" -Dcom.sun.management.jmxremote.rmi.port="$JMX_PORT" \
        -Dcom.sun.management.jmxremote.host=127.0.0.1 -Djava.rmi.server.hostname=127.0.0.1 \
        -Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false \
        dev.sharedsecret.demo.DemoServer > "$DIR/origin.log" 2>&1 &
    ORIGIN_PID=$!
    PIDS+=("$ORIGIN_PID")
    wait_for 60 grep -qs '^Demo listening on' "$DIR/origin.log" || return 1
    ORIGIN_PORT=$(sed -n 's|^Demo listening on http://localhost:\([0-9]*\).*|\1|p' "$DIR/origin.log")
    ORIGIN=127.0.0.1:$ORIGIN_PORT
    wait_for 30 counters >/dev/null
}

# --- the gateways: start from the files beside this script, switch the secret, reload ---------
# Each gateway's own files (keys, secret, run-time state) live in $GW (GATEWAY_DIR).
nginx_start() {
    printf '"~^Bearer %s$" client-a;\n"~^Bearer %s$" client-b;\n' "$KEY_A" "$KEY_B" > "$GW/api-keys.map"
    write_secret "$GW/shared-secret.conf" "set \$shared_secret \"$OLD_SECRET\";"
    GATEWAY_LISTEN=$GATEWAY_LISTEN ORIGIN=$ORIGIN GATEWAY_DIR=$GW \
        envsubst '${GATEWAY_LISTEN} ${ORIGIN} ${GATEWAY_DIR}' < "$HERE/nginx.conf" > "$GW/gateway.conf"
    # The main configuration, as /etc/nginx/nginx.conf would be, with this run's paths.
    mkdir -p "$GW/tmp"
    cat > "$GW/nginx.conf" <<EOF
worker_processes 1;
pid $GW/nginx.pid;
error_log $GW/error.log notice;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $GW/tmp/body;
    proxy_temp_path $GW/tmp/proxy;
    include $GW/gateway.conf;
}
EOF
    CONFIGS=("$GW/nginx.conf" "$GW/gateway.conf")
    nginx -t -q -p "$GW" -c "$GW/nginx.conf" 2>>"$GW/error.log" || return 1
    nginx -p "$GW" -c "$GW/nginx.conf" -g 'daemon off;' 2>>"$GW/error.log" &
    GW_PID=$!
}
nginx_switch() { # the runbook's step 2: the new secret in the gateway's file, a graceful reload
    write_secret "$GW/shared-secret.conf" "set \$shared_secret \"$NEW_SECRET\";"
    nginx -t -q -p "$GW" -c "$GW/nginx.conf" 2>>"$GW/error.log" \
        && nginx -s reload -p "$GW" -c "$GW/nginx.conf" 2>>"$GW/error.log" \
        && RELOAD="nginx -s reload"
}
nginx_log() { tail -5 "$GW/error.log"; }

# exec: run in a subshell, "( haproxy_env haproxy … ) &" makes $! the gateway's own process id.
haproxy_env() { exec env GATEWAY_LISTEN="$GATEWAY_LISTEN" ORIGIN="$ORIGIN" GATEWAY_DIR="$GW" "$@"; }
haproxy_start() {
    printf 'Bearer %s\nBearer %s\n' "$KEY_A" "$KEY_B" > "$GW/api-keys.acl"
    write_secret "$GW/shared-secret.map" "current $OLD_SECRET"
    CONFIGS=("$HERE/haproxy.cfg")
    (haproxy_env haproxy -c -q -f "$HERE/haproxy.cfg") >>"$GW/haproxy.log" 2>&1 || return 1
    (haproxy_env haproxy -W -db -f "$HERE/haproxy.cfg") >>"$GW/haproxy.log" 2>&1 &
    GW_PID=$!
}
haproxy_switch() {
    local loaded
    write_secret "$GW/shared-secret.map" "current $NEW_SECRET"
    loaded=$(log_count "$GW/haproxy.log" 'Loading success.')
    (haproxy_env haproxy -c -q -f "$HERE/haproxy.cfg") >>"$GW/haproxy.log" 2>&1 \
        && kill -USR2 "$GW_PID" \
        && wait_for 15 log_reaches "$GW/haproxy.log" 'Loading success.' $((loaded + 1)) \
        && RELOAD="SIGUSR2 to the master"
}
haproxy_log() { tail -5 "$GW/haproxy.log"; }

caddy_env() {
    exec env HOME="$GW" XDG_CONFIG_HOME="$GW/config" XDG_DATA_HOME="$GW/data" \
        GATEWAY_LISTEN="$GATEWAY_LISTEN" ORIGIN="$ORIGIN" GATEWAY_DIR="$GW" "$@"
}
caddy_start() {
    printf 'header Authorization "Bearer %s"\nheader Authorization "Bearer %s"\n' "$KEY_A" "$KEY_B" \
        > "$GW/api-keys.caddy"
    CONFIGS=("$HERE/Caddyfile")
    (caddy_env SHARED_SECRET="$OLD_SECRET" caddy validate --config "$HERE/Caddyfile" --adapter caddyfile) \
        >>"$GW/caddy.log" 2>&1 || return 1
    (caddy_env SHARED_SECRET="$OLD_SECRET" caddy run --config "$HERE/Caddyfile" --adapter caddyfile) \
        >>"$GW/caddy.log" 2>&1 &
    GW_PID=$!
}
caddy_switch() {
    (caddy_env SHARED_SECRET="$NEW_SECRET" caddy reload --config "$HERE/Caddyfile" --adapter caddyfile) \
        >>"$GW/caddy.log" 2>&1 && RELOAD="caddy reload"
}
caddy_log() { tail -5 "$GW/caddy.log" | cut -c1-300; }

gateway_ready() { # true once the gateway answers; false at once (ending wait_for) if it died
    alive "$GW_PID" || return 0
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$GATEWAY_URL")" = 401 ]
}

# --- the checks ------------------------------------------------------------------------------
check_good_key() {
    local before after a b ok=0
    before=$(counters)
    a=$(request "$GATEWAY_URL" -H "Authorization: Bearer $KEY_A")
    b=$(request "$GATEWAY_URL" -H "Authorization: Bearer $KEY_B")
    after=$(counters)
    [ "$a" = "200 application/json;charset=utf-8 $GRANTED" ] && [ "$b" = "200 application/json;charset=utf-8 $GRANTED" ] || ok=1
    local accepted
    accepted=$(minus "$(counter "$after" "file:$CURRENT")" "$(counter "$before" "file:$CURRENT")")
    [ $accepted = 2 ] || ok=1
    report "$NAME" "1 good API key: 200 Access granted" $ok \
        "keys a and b: ${a%% *}, ${b%% *} $GRANTED; origin AcceptedBySource current +$accepted"
}

check_bad_keys() {
    local before after answer codes="" ok=0 variant
    local -a variants=(
        "missing:"
        "wrong:Authorization: Bearer $(random_key)"
        "re-cased:Authorization: Bearer ${KEY_A^^}"
        "truncated:Authorization: Bearer ${KEY_A%?}"
        "extended:Authorization: Bearer ${KEY_A}0"
        "bearer:Authorization: bearer $KEY_A")
    before=$(counters)
    for variant in "${variants[@]}"; do
        if [ -z "${variant#*:}" ]; then
            answer=$(request "$GATEWAY_URL")
        else
            answer=$(request "$GATEWAY_URL" -H "${variant#*:}")
        fi
        codes+="${codes:+, }${variant%%:*} ${answer%% *}"
        [[ $answer == "401 application/json"*" $INVALID_KEY" ]] || ok=1
    done
    after=$(counters)
    local seen_before seen_after
    seen_before=$(seen_by_origin "$before")
    seen_after=$(seen_by_origin "$after")
    [[ $seen_before =~ ^[0-9]+$ && $seen_before = "$seen_after" ]] || ok=1
    report "$NAME" "2 bad API key: 401 from the gateway, none at origin" $ok \
        "$codes $INVALID_KEY; origin judged $seen_before requests before, $seen_after after"
}

check_origin_direct() {
    local answer ok=0
    answer=$(request "http://$ORIGIN/protected")
    [[ $answer == "401 application/json"*' {"error":"No secret provided"}' ]] || ok=1
    report "$NAME" "3 straight to the origin, no secret: 401" $ok "${answer%% *} ${answer#* * }"
}

check_client_secret_replaced() {
    local before after answer ok=0
    before=$(counters)
    answer=$(request "$GATEWAY_URL" -H "Authorization: Bearer $KEY_A" \
        -H "X-Shared-Secret: $(random_key)" -H "x-shared-secret: $(random_key)")
    after=$(counters)
    [ "$answer" = "200 application/json;charset=utf-8 $GRANTED" ] || ok=1
    local invalid accepted
    invalid=$(minus "$(counter "$after" RejectedInvalid)" "$(counter "$before" RejectedInvalid)")
    accepted=$(minus "$(counter "$after" Accepted)" "$(counter "$before" Accepted)")
    [ $invalid = 0 ] && [ $accepted = 1 ] || ok=1
    report "$NAME" "4 client's own X-Shared-Secret (2 copies): replaced" $ok \
        "${answer%% *}; origin Accepted +$accepted, RejectedInvalid +$invalid"
}

check_rotation() {
    local ok=0 c0 c1 c2 c3 c4 c5 wrk_pid step_start took accepted_start
    STEPS=""
    local old="file:$CURRENT" new="file:$NEXT"
    E2E_API_KEY=$KEY_A wrk -t1 -c4 -d120s --timeout 5s -s "$HERE/load.lua" "$GATEWAY_URL" \
        > "$DIR/wrk.out" 2>&1 &
    wrk_pid=$!
    PIDS+=("$wrk_pid")
    c0=$(counters)
    accepted_start=$(counter "$c0" Accepted)
    sleep 1
    c0=$(counters)
    # Step 1: the new secret in a second file at the origin, beside the old one.
    step_start=$(now_ms)
    write_secret "$NEXT" "$NEW_SECRET"
    if wait_for 15 log_reaches "$DIR/origin.log" "Secret file [$NEXT] loaded" 1; then
        took=$(since "$step_start")
        sleep 0.2
        c1=$(counters)
        rotation_step "step 1: new secret file added at the origin, loaded after $took;" \
            "AcceptedBySource old $(counter "$c1" "$old"), new $(counter "$c1" "$new")"
    else
        c1=$(counters); ok=1; rotation_step "step 1: the origin did not load the new file within 15 s"
    fi
    # Step 2: the gateway sends the new secret, after a graceful reload.
    step_start=$(now_ms)
    RELOAD=""
    if ${NAME}_switch && wait_for 15 counter_grows "$new" "$(counter "$c1" "$new")"; then
        took=$(since "$step_start")
        c2=$(counters)
        rotation_step "step 2: gateway switched to the new secret ($RELOAD), the new source counting" \
            "after $took: old $(counter "$c2" "$old"), new $(counter "$c2" "$new")"
    else
        c2=$(counters); ok=1; rotation_step "step 2: the gateway did not switch: $(${NAME}_log | tail -1)"
    fi
    # Step 3: the old source's counter stops growing.
    step_start=$(now_ms)
    local previous current
    previous=$(counter "$(counters)" "$old")
    while :; do
        sleep 1
        c3=$(counters)
        current=$(counter "$c3" "$old")
        [ "$current" = "$previous" ] && break
        previous=$current
        [ $(($(now_ms) - step_start)) -ge 20000 ] && { ok=1; break; }
    done
    rotation_step "step 3: old source stopped at $current (same for 1 s), new $(counter "$c3" "$new")"
    # Step 4: the old file overwritten with the new secret; the old secret is then refused.
    step_start=$(now_ms)
    write_secret "$CURRENT" "$NEW_SECRET"
    local probe
    if wait_for 15 log_reaches "$DIR/origin.log" "Secret file [$CURRENT] loaded" 2; then
        took=$(since "$step_start")
        sleep 0.2
        probe=$(request "http://$ORIGIN/protected" -H "X-Shared-Secret: $OLD_SECRET")
        c4=$(counters)
        [[ $probe == "401 "*'{"error":"Invalid secret"}' ]] || ok=1
        rotation_step "step 4: old file overwritten with the new secret, loaded after $took;" \
            "the old secret straight to the origin: ${probe%% *} ${probe#* * }"
    else
        c4=$(counters); ok=1; rotation_step "step 4: the origin did not reload the old file within 15 s"
    fi
    # The load goes on until it has sent at least LOAD_MIN requests and for 2 s after step 4.
    sleep 2
    wait_for 90 load_reached "$accepted_start" || { ok=1; rotation_step "fewer than $LOAD_MIN requests in 90 s"; }
    alive "$wrk_pid" || { ok=1; rotation_step "the load ended before the rotation was over"; }
    kill -INT "$wrk_pid" 2>/dev/null
    wait "$wrk_pid" 2>/dev/null
    c5=$(counters)
    local summary requests granted other connect read write timeout seconds
    summary=$(grep '^wrk: ' "$DIR/wrk.out")
    read -r requests granted other connect read write timeout seconds < <(
        sed -E 's/[a-z]+=//g; s/^wrk: //' <<<"$summary")
    [ -n "$summary" ] || { ok=1; requests=0 granted=0 other=? connect=? read=? write=? timeout=? seconds=?; }
    [ "${requests:-0}" -ge "$LOAD_MIN" ] && [ "$granted" = "$requests" ] && [ "$other" = 0 ] \
        && [ "$connect" = 0 ] && [ "$read" = 0 ] && [ "$write" = 0 ] && [ "$timeout" = 0 ] || ok=1
    # The origin's side: the old source grew before the switch and not after step 3; the new one
    # had no request before the gateway switched (nothing else sends it) and many after.
    local old0 old1 old3 old5 new1 new5
    old0=$(counter "$c0" "$old"); old1=$(counter "$c1" "$old"); old3=$(counter "$c3" "$old")
    old5=$(counter "$c5" "$old"); new1=$(counter "$c1" "$new"); new5=$(counter "$c5" "$new")
    [ "$old1" -gt "$old0" ] && [ "$new1" = 0 ] && [ "$old5" = "$old3" ] && [ "$new5" -gt 0 ] || ok=1
    local rejected
    rejected=$(minus "$(minus "$(seen_by_origin "$c5")" "$(counter "$c5" Accepted)")" \
        "$(minus "$(seen_by_origin "$c0")" "$(counter "$c0" Accepted)")")
    [ "$rejected" = 1 ] || ok=1
    report "$NAME" "5 rotation under load: zero failed requests" $ok \
        "$requests requests in $seconds s: $granted x 200, $other other, socket errors $connect/$read/$write/$timeout (connect/read/write/timeout)"
    rotation_step "origin AcceptedBySource: old $old0 at the start -> $old3 at step 3 -> $old5 at the end;" \
        "new $new1 before the switch -> $new5 at the end; rejected at the origin: $rejected (the step 4 probe)"
    printf '%s' "$STEPS" | redact
}
STEPS=""
rotation_step() { # details, printed under the check's line
    STEPS+=$(printf '%-8s   %s' "$NAME" "$*")$'\n'
}
counter_grows() { # source, value: true once its counter is above the value
    local now
    now=$(counter "$(counters)" "$1")
    [[ $now =~ ^[0-9]+$ && $2 =~ ^[0-9]+$ ]] && [ "$now" -gt "$2" ]
}
load_reached() { # at least LOAD_MIN requests (and a margin for those wrk abandons when stopped)
    local done
    done=$(minus "$(counter "$(counters)" Accepted)" "$1")
    [[ $done =~ ^[0-9]+$ ]] && [ "$done" -ge $((LOAD_MIN + 100)) ]
}

# --- one gateway -----------------------------------------------------------------------------
run_gateway() {
    NAME=$1
    DIR=$WORK/$NAME
    GW=$DIR/gateway
    mkdir -m 700 "$DIR" "$GW"
    OLD_SECRET=$(openssl rand -hex 32)
    NEW_SECRET=$(openssl rand -hex 32)
    KEY_A=$(random_key)
    KEY_B=$(random_key)
    if ! start_origin; then
        report "$NAME" "0 origin and gateway start" 1 "the origin did not start: $(tail -3 "$DIR/origin.log")"
        cleanup
        return
    fi
    local port tries ok=1 why=""
    for tries in 1 2 3; do
        port=$(free_port)
        GATEWAY_LISTEN=127.0.0.1:$port
        GATEWAY_URL=http://$GATEWAY_LISTEN/protected
        GW_PID=""
        if ${NAME}_start; then
            PIDS+=("$GW_PID")
            if wait_for 20 gateway_ready && alive "$GW_PID"; then ok=0; break; fi
            why="no answer on port $port: $(${NAME}_log | tail -2 | tr '\n' ' ')"
            kill -TERM "$GW_PID" 2>/dev/null; wait "$GW_PID" 2>/dev/null
        else
            why="its configuration was refused: $(${NAME}_log | tail -2 | tr '\n' ' ')"
            break
        fi
    done
    local leaked=""
    for config in "${CONFIGS[@]}"; do
        grep -qF -e "$OLD_SECRET" -e "$NEW_SECRET" "$config" && leaked+=" $config"
    done
    [ -z "$leaked" ] || { ok=1; why="the secret is in$leaked"; }
    report "$NAME" "0 origin and gateway start" $ok \
        "${why:-origin on $ORIGIN, gateway on $GATEWAY_LISTEN; secret ${#OLD_SECRET} chars, in no configuration file}"
    if [ $ok = 0 ]; then
        check_good_key
        check_bad_keys
        check_origin_direct
        check_client_secret_replaced
        check_rotation
    fi
    cleanup
}

started=$SECONDS
for gateway in $GATEWAYS; do
    case $gateway in
        nginx|haproxy|caddy) run_gateway "$gateway" ;;
        *) report "$gateway" "0 known gateway" 1 "not one of nginx, haproxy, caddy" ;;
    esac
done
echo "e2e: $((SECONDS - started)) s"
echo "$passed passed, $failed failed"
[ $failed = 0 ]
