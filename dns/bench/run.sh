#!/usr/bin/env bash
# Benchmark: cluster-gateway against dnsmasq and unbound as split-horizon forwarders (issue 7).
# Everything runs on loopback on this machine; see dns/bench/README.md for what is measured and why.
set -euo pipefail

readonly BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly REPO_DIR="$(cd "$BENCH_DIR/../.." && pwd)"

# ---------------------------------------------------------------- options
SERVERS="gateway,dnsmasq,unbound"
WORKLOADS="cache,forward"
ROUNDS=3
DURATION=20
WARMUP=10
CLIENTS=4
OUTSTANDING=100
QPS_LIMIT=0
NAMES=1000
PIN=split
OUT_DIR=""
SMOKE=0
PORT=35353
PORT_EXPLICIT=0
GATEWAY_JAR="${GATEWAY_JAR:-$REPO_DIR/gateway/target/quarkus-app/quarkus-run.jar}"
# Heap and code cache sized for the < 256 MB resident target; SerialGC because the gateway gets one core.
GATEWAY_JAVA_OPTS="${GATEWAY_JAVA_OPTS:--Xms64m -Xmx128m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=128m -Xss512k}"

# Loopback only: one address per role, the same port on each.
readonly CLUSTER_BACKEND=127.0.53.1
readonly UPSTREAM_BACKEND=127.0.53.2
declare -A SERVER_ADDRESS=([gateway]=127.0.53.10 [dnsmasq]=127.0.53.11 [unbound]=127.0.53.12)
GATEWAY_HTTP_PORT=38080

usage() {
    cat <<'EOF'
usage: dns/bench/run.sh [options]

  --smoke              CI run: 1 round of 2 s, 1 s warm-up, 100 names per side; exit status says
                       whether every server answered and the table was produced
  --servers LIST       comma-separated subset of gateway,dnsmasq,unbound (default: all three)
  --workloads LIST     comma-separated subset of cache,forward (default: both)
  --rounds N           measured rounds per server and workload (default 3)
  --duration S         seconds per measured dnsperf run (default 20)
  --warmup S           seconds of warm-up dnsperf per server and workload (default 10)
  --clients N          dnsperf -c: simulated clients, i.e. source sockets (default 4)
  --outstanding N      dnsperf -q: queries in flight (default 100)
  --qps-limit N        dnsperf -Q: offered load cap; 0 = as fast as possible (default 0)
  --names N            service names in the cluster backend and external names upstream (default 1000)
  --pin split|none     split: server under test on CPU 0, dnsperf and backends on CPU 1 (default);
                       none: no affinity, everything shares every CPU
  --port N             UDP/TCP port used on every 127.0.53.x address (default 35353; when
                       the default is taken the next free one, 35363, 35373, ..., is used)
  --out DIR            where results go (default: a new directory under ${TMPDIR:-/tmp})
  -h, --help           this text

Environment: GATEWAY_JAR (default gateway/target/quarkus-app/quarkus-run.jar),
             GATEWAY_JAVA_OPTS (default "-Xms64m -Xmx128m -XX:+UseSerialGC ...").
EOF
}

die() { echo "run.sh: $*" >&2; exit 2; }

parse_args() {
    local explicit_duration=0 explicit_warmup=0 explicit_rounds=0 explicit_names=0
    while (($#)); do
        case "$1" in
            --smoke) SMOKE=1 ;;
            --servers) SERVERS="${2:?--servers needs a list}"; shift ;;
            --workloads) WORKLOADS="${2:?--workloads needs a list}"; shift ;;
            --rounds) ROUNDS="${2:?}"; explicit_rounds=1; shift ;;
            --duration) DURATION="${2:?}"; explicit_duration=1; shift ;;
            --warmup) WARMUP="${2:?}"; explicit_warmup=1; shift ;;
            --clients) CLIENTS="${2:?}"; shift ;;
            --outstanding) OUTSTANDING="${2:?}"; shift ;;
            --qps-limit) QPS_LIMIT="${2:?}"; shift ;;
            --names) NAMES="${2:?}"; explicit_names=1; shift ;;
            --pin) PIN="${2:?}"; shift ;;
            --port) PORT="${2:?}"; PORT_EXPLICIT=1; shift ;;
            --out) OUT_DIR="${2:?}"; shift ;;
            -h|--help) usage; exit 0 ;;
            *) usage >&2; die "unknown option: $1" ;;
        esac
        shift
    done
    if ((SMOKE)); then
        ((explicit_rounds)) || ROUNDS=1
        ((explicit_duration)) || DURATION=2
        ((explicit_warmup)) || WARMUP=1
        ((explicit_names)) || NAMES=100
    fi
    local n
    for n in ROUNDS DURATION WARMUP CLIENTS OUTSTANDING QPS_LIMIT NAMES PORT; do
        [[ "${!n}" =~ ^[0-9]+$ ]] || die "--${n,,} must be a whole number, got '${!n}'"
    done
    ((ROUNDS >= 1 && DURATION >= 1 && CLIENTS >= 1 && NAMES >= 1 && NAMES <= 65536)) \
        || die "rounds, duration, clients must be >= 1 and names in 1..65536"
    [[ "$PIN" == split || "$PIN" == none ]] || die "--pin must be split or none, got '$PIN'"
    local s w
    for s in ${SERVERS//,/ }; do
        [[ -n "${SERVER_ADDRESS[$s]:-}" ]] || die "unknown server '$s' (known: gateway, dnsmasq, unbound)"
    done
    for w in ${WORKLOADS//,/ }; do
        [[ "$w" == cache || "$w" == forward ]] || die "unknown workload '$w' (known: cache, forward)"
    done
}

# ---------------------------------------------------------------- processes
# Backends and servers run under setsid (setsid execs, so $! stays their pid): Ctrl-C then reaches only
# this script and dnsperf, and the servers are stopped here, in order, rather than dying mid-measurement.
declare -a STARTED_PIDS=()

cleanup() {
    local pid
    for pid in "${STARTED_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${STARTED_PIDS[@]}"; do
        # Give each process up to 3 s to exit (the gateway drains in-flight queries), then force it.
        local i
        for i in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    STARTED_PIDS=()
}
trap cleanup EXIT
trap 'echo "run.sh: interrupted" >&2; exit 130' INT TERM

forget_pid() {
    local gone="$1" kept=() pid
    for pid in "${STARTED_PIDS[@]}"; do [[ "$pid" == "$gone" ]] || kept+=("$pid"); done
    STARTED_PIDS=("${kept[@]}")
}

stop_pid() {
    local pid="$1" i
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    forget_pid "$pid"
}

# CPU affinity prefixes; empty when not pinning.
SERVER_CPU=()
LOAD_CPU=()
setup_pinning() {
    if [[ "$PIN" == split ]]; then
        if (($(nproc) < 2)); then
            echo "run.sh: only $(nproc) CPU; not pinning" >&2
            PIN=none
        else
            SERVER_CPU=(taskset -c 0)
            LOAD_CPU=(taskset -c 1)
        fi
    fi
}

require_tools() {
    local missing=() t
    for t in dnsperf dnsmasq dig taskset awk sort ss; do command -v "$t" >/dev/null || missing+=("$t"); done
    [[ ",$SERVERS," == *,unbound,* ]] && { command -v unbound >/dev/null || [[ -x /usr/sbin/unbound ]] || missing+=(unbound); }
    [[ ",$SERVERS," == *,gateway,* ]] && { command -v java >/dev/null || missing+=(java); }
    ((${#missing[@]} == 0)) || { echo "run.sh: missing tools: ${missing[*]}" >&2; exit 3; }
    if [[ ",$SERVERS," == *,gateway,* && ! -f "$GATEWAY_JAR" ]]; then
        echo "run.sh: gateway jar not found: $GATEWAY_JAR" >&2
        echo "run.sh: build it (mvn -q -DskipTests package) or run with --servers dnsmasq,unbound" >&2
        exit 3
    fi
}

# The UDP sockets bound on $1 (or on a wildcard) at port $2, if any.
udp_port_taken() {
    ss -Hlnu "sport = :$2" | awk '{print $4}' | grep -qE "^($1|0\.0\.0\.0|\*):$2\$"
}

# Every 127.0.53.x address this run binds must have $PORT free. An explicit --port is used or refused;
# the default moves up in steps of 10 until a port is free everywhere, so a second run (or a stale
# server from an interrupted one) does not stop the benchmark.
choose_ports() {
    local addresses=("$CLUSTER_BACKEND" "$UPSTREAM_BACKEND") server address candidate attempt
    for server in ${SERVERS//,/ }; do addresses+=("${SERVER_ADDRESS[$server]}"); done
    for ((attempt = 0; attempt < 20; attempt++)); do
        candidate=$((PORT + attempt * 10))
        local taken=""
        for address in "${addresses[@]}"; do
            udp_port_taken "$address" "$candidate" && { taken="$address"; break; }
        done
        if [[ -z "$taken" ]]; then
            ((candidate == PORT)) || echo "run.sh: port $PORT is taken; using $candidate" >&2
            PORT=$candidate
            break
        fi
        if ((PORT_EXPLICIT)); then
            echo "run.sh: UDP $taken:$PORT is taken; choose another --port" >&2
            exit 3
        fi
    done
    ((attempt < 20)) || { echo "run.sh: no free port from $PORT upwards; choose one with --port" >&2; exit 3; }
    [[ ",$SERVERS," == *,gateway,* ]] || return 0
    for ((attempt = 0; attempt < 20; attempt++)); do
        ss -Hltn "sport = :$GATEWAY_HTTP_PORT" | grep -q . || return 0
        GATEWAY_HTTP_PORT=$((GATEWAY_HTTP_PORT + 1))
    done
    echo "run.sh: no free TCP port for the gateway's HTTP from 38080 upwards" >&2
    exit 3
}

# ---------------------------------------------------------------- inputs
write_inputs() {
    local i
    : >"$WORK/queries.txt"
    : >"$WORK/cluster-names.conf"
    : >"$WORK/upstream-names.conf"
    for ((i = 0; i < NAMES; i++)); do
        # Alternating lines give the 50/50 mix of cluster and external names at every point of the file.
        printf 'svc-%d.default.svc.cluster.local A\next-%d.example.com A\n' "$i" "$i" >>"$WORK/queries.txt"
        printf 'host-record=svc-%d.default.svc.cluster.local,10.96.%d.%d\n' "$i" $((i / 256)) $((i % 256)) >>"$WORK/cluster-names.conf"
        printf 'host-record=ext-%d.example.com,198.18.%d.%d\n' "$i" $((i / 256)) $((i % 256)) >>"$WORK/upstream-names.conf"
    done
}

# ---------------------------------------------------------------- backends
declare -A BACKEND_PID=() BACKEND_LOG=()

start_backend() {
    local role="$1" address="$2" names="$3" ttl="$4"
    local log="$WORK/backend-$role.log"
    : >"$log"
    # --local-ttl sets the TTL of host-record and --address answers alike: 300 (cacheable) or 0 (not).
    # The catch-all --address makes the upstream answer every other name, as a public resolver would.
    local extra=()
    [[ "$role" == upstream ]] && extra+=(--address=/#/192.0.2.1)
    "${LOAD_CPU[@]}" setsid dnsmasq -k --conf-file="$names" --no-resolv --no-hosts --bind-interfaces \
        --listen-address="$address" --port="$PORT" --local-ttl="$ttl" --cache-size=0 --pid-file="$WORK/backend-$role.pid" \
        --log-facility="$log" "${extra[@]}" 2>>"$log" &
    BACKEND_PID[$role]=$!
    BACKEND_LOG[$role]="$log"
    STARTED_PIDS+=($!)
}

# Queries the backends have answered so far: dnsmasq logs its counters on SIGUSR1.
backend_queries() {
    local total=0 role count before i
    for role in cluster upstream; do
        local log="${BACKEND_LOG[$role]}"
        before=$(grep -c 'queries answered locally' "$log" || true)
        kill -USR1 "${BACKEND_PID[$role]}"
        for i in $(seq 50); do
            (($(grep -c 'queries answered locally' "$log" || true) > before)) && break
            sleep 0.02
        done
        count=$(grep 'queries answered locally' "$log" | tail -1 | sed -E 's/.*answered locally ([0-9]+).*/\1/')
        total=$((total + ${count:-0}))
    done
    echo "$total"
}

# ---------------------------------------------------------------- servers under test
declare -A SERVER_PID=()

write_gateway_config() {
    cat >"$WORK/gateway.yaml" <<EOF
gateway:
  dns:
    listen: ["${SERVER_ADDRESS[gateway]}:$PORT"]
    upstreams: ["$UPSTREAM_BACKEND:$PORT"]
    rate-limit: 0            # one load generator on one address: the per-client limit would refuse it
    timeout: 2s
    cache:
      max-entries: 10000
  clusters:
    bench:
      domain: cluster.local
      priority: 10
      dns: ["$CLUSTER_BACKEND:$PORT"]
  nat:
    backend: none
EOF
}

start_gateway() {
    write_gateway_config
    # shellcheck disable=SC2086 # GATEWAY_JAVA_OPTS is a list of flags
    "${SERVER_CPU[@]}" setsid java $GATEWAY_JAVA_OPTS \
        -Dquarkus.config.locations="$WORK/gateway.yaml" \
        -Dquarkus.http.host="${SERVER_ADDRESS[gateway]}" -Dquarkus.http.port="$GATEWAY_HTTP_PORT" \
        -jar "$GATEWAY_JAR" >"$WORK/gateway.log" 2>&1 &
}

start_dnsmasq() {
    # The same cache size as the gateway; dnsmasq does not cache TTL-0 answers (checked by the
    # backend-queries column of the forwarding workload). It is single-threaded by design.
    "${SERVER_CPU[@]}" setsid dnsmasq -k --conf-file=/dev/null --no-resolv --no-hosts --bind-interfaces \
        --listen-address="${SERVER_ADDRESS[dnsmasq]}" --port="$PORT" \
        --server="/cluster.local/$CLUSTER_BACKEND#$PORT" --server="$UPSTREAM_BACKEND#$PORT" \
        --cache-size=10000 --dns-forward-max=1000 --pid-file="$WORK/dnsmasq.pid" \
        --log-facility="$WORK/dnsmasq.log" >>"$WORK/dnsmasq.log" 2>&1 &
}

write_unbound_config() {
    local threads=1
    # Pinned, the server owns one CPU and a second thread would only add switching; unpinned, it may use both.
    [[ "$PIN" == none ]] && threads=$(nproc)
    cat >"$WORK/unbound.conf" <<EOF
server:
    verbosity: 0
    interface: ${SERVER_ADDRESS[unbound]}@$PORT
    port: $PORT
    do-daemonize: no
    chroot: ""
    username: ""
    directory: "$WORK"
    pidfile: "$WORK/unbound.pid"
    use-syslog: no
    logfile: "$WORK/unbound.log"
    do-ip6: no
    do-tcp: yes
    access-control: 127.0.0.0/8 allow
    num-threads: $threads
    so-reuseport: yes
    # A forwarder, not a validator: no trust anchor, iterator only, so no DNSSEC lookups.
    module-config: "iterator"
    do-not-query-localhost: no
    qname-minimisation: no
    # TTL 0 stays 0 (no minimum) and nothing is served past its TTL or refreshed ahead of it.
    cache-min-ttl: 0
    serve-expired: no
    prefetch: no
    msg-cache-size: 16m
    rrset-cache-size: 32m
    domain-insecure: "cluster.local"
forward-zone:
    name: "cluster.local."
    forward-addr: $CLUSTER_BACKEND@$PORT
forward-zone:
    name: "."
    forward-addr: $UPSTREAM_BACKEND@$PORT
EOF
}

start_unbound() {
    write_unbound_config
    local unbound_bin
    unbound_bin=$(command -v unbound || echo /usr/sbin/unbound)
    "${SERVER_CPU[@]}" setsid "$unbound_bin" -d -c "$WORK/unbound.conf" >>"$WORK/unbound.log" 2>&1 &
}

# Waits until the server gives the right answer for one cluster name and one external name.
wait_until_answering() {
    local server="$1" pid="$2" limit="$3" deadline answer_cluster answer_external
    local address="${SERVER_ADDRESS[$server]}"
    deadline=$((SECONDS + limit))
    while ((SECONDS < deadline)); do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "run.sh: $server exited before answering; last lines of its log:" >&2
            tail -20 "$WORK/$server.log" >&2 || true
            return 1
        fi
        answer_cluster=$(dig +short +tries=1 +time=1 @"$address" -p "$PORT" svc-1.default.svc.cluster.local A 2>/dev/null || true)
        answer_external=$(dig +short +tries=1 +time=1 @"$address" -p "$PORT" ext-1.example.com A 2>/dev/null || true)
        if [[ "$answer_cluster" == 10.96.0.1 && "$answer_external" == 198.18.0.1 ]]; then
            return 0
        fi
        sleep 0.2
    done
    echo "run.sh: $server did not answer svc-1.default.svc.cluster.local=10.96.0.1 and ext-1.example.com=198.18.0.1" \
        "within ${limit}s (got '${answer_cluster:-}' and '${answer_external:-}')" >&2
    tail -20 "$WORK/$server.log" >&2 || true
    return 1
}

start_server() {
    local server="$1"
    "start_$server"
    local pid=$!
    STARTED_PIDS+=("$pid")
    SERVER_PID[$server]=$pid
    local limit=10
    [[ "$server" == gateway ]] && limit=90
    wait_until_answering "$server" "$pid" "$limit"
}

require_alive() {
    local server="$1"
    if ! kill -0 "${SERVER_PID[$server]}" 2>/dev/null; then
        echo "run.sh: $server (pid ${SERVER_PID[$server]}) is gone; last lines of its log:" >&2
        tail -20 "$WORK/$server.log" >&2 || true
        exit 1
    fi
}

# utime + stime of the whole process (every thread), in clock ticks.
cpu_ticks() {
    awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

rss_kib() {
    awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

# ---------------------------------------------------------------- load
run_dnsperf() {
    local server="$1" seconds="$2" passes="$3" output="$4" verbose="$5"
    local args=(-s "${SERVER_ADDRESS[$server]}" -p "$PORT" -d "$WORK/queries.txt"
                -c "$CLIENTS" -q "$OUTSTANDING" -t 2)
    ((seconds > 0)) && args+=(-l "$seconds")
    ((passes > 0)) && args+=(-n "$passes")
    ((QPS_LIMIT > 0)) && args+=(-Q "$QPS_LIMIT")
    ((verbose)) && args+=(-v)
    # In the background and waited for: `wait` returns as soon as a trapped signal arrives, so Ctrl-C
    # stops the run at once (dnsperf itself catches SIGINT and would just print its statistics).
    # The wrapper shell reports dnsperf's own CPU time (bash `times`, children's user and system) to
    # $output.cpu, which tells whether the load generator, rather than the server, was the limit.
    "${LOAD_CPU[@]}" bash -c 'f=$1; shift; "$@" & c=$!; trap "kill -TERM $c 2>/dev/null" TERM INT
        wait $c; s=$?; wait $c 2>/dev/null; times >"$f"; exit $s' _ "$output.cpu" \
        dnsperf "${args[@]}" >"$output" 2>&1 &
    local pid=$!
    STARTED_PIDS+=("$pid")
    local status=0
    wait "$pid" || status=$?
    forget_pid "$pid"
    return "$status"
}

# From dnsperf -v output: "latency_us count" lines, ascending.
latency_histogram() {
    awk '/^> / && $2 != "T" { h[int($NF * 1000000 + 0.5)]++ } END { for (k in h) print k, h[k] }' "$1" | sort -n
}

# Reads "latency_us count" lines on stdin; prints p50 p99 p99.9 max in microseconds.
percentiles() {
    sort -n | awk '{ us[NR] = $1; c[NR] = $2; total += $2 }
        END {
            if (total == 0) { print "- - - -"; exit }
            split("0.5 0.99 0.999", q, " "); j = 1; seen = 0
            for (i = 1; i <= NR; i++) {
                seen += c[i]
                while (j <= 3 && seen >= q[j] * total) { out[j] = us[i]; j++ }
            }
            print out[1], out[2], out[3], us[NR]
        }'
}

stat_field() { # dnsperf summary value after "label:"
    awk -v label="$2" 'index($0, label) { sub(/.*: */, ""); print $1; exit }' "$1"
}

measure() {
    local workload="$1" server="$2" round="$3"
    local pid="${SERVER_PID[$server]}" raw="$WORK/dnsperf-$workload-$server-$round.txt"
    local hist="$OUT_DIR/hist-$workload-$server-$round.txt"
    local ticks_before ticks_after backend_before backend_after
    require_alive "$server"
    backend_before=$(backend_queries)
    ticks_before=$(cpu_ticks "$pid")
    run_dnsperf "$server" "$DURATION" 0 "$raw" 1 || true
    require_alive "$server"
    ticks_after=$(cpu_ticks "$pid")
    backend_after=$(backend_queries)
    latency_histogram "$raw" >"$hist"
    grep -v '^> ' "$raw" >"$OUT_DIR/dnsperf-$workload-$server-$round.txt" || true

    local sent completed lost qps avg noerror
    sent=$(stat_field "$raw" "Queries sent:")
    completed=$(stat_field "$raw" "Queries completed:")
    lost=$(stat_field "$raw" "Queries lost:")
    qps=$(stat_field "$raw" "Queries per second:")
    avg=$(stat_field "$raw" "Average Latency (s):")
    noerror=$(awk '/^> NOERROR / { n++ } END { print n + 0 }' "$raw")
    rm -f "$raw"
    local hz cpu_us backend_per_query
    hz=$(getconf CLK_TCK)
    cpu_us=$(awk -v t=$((ticks_after - ticks_before)) -v hz="$hz" -v n="${completed:-0}" \
        'BEGIN { if (n > 0) printf "%.1f", t * 1000000 / hz / n; else print "-" }')
    backend_per_query=$(awk -v b=$((backend_after - backend_before)) -v n="${completed:-0}" \
        'BEGIN { if (n > 0) printf "%.2f", b / n; else print "-" }')
    # "0m1.234s 0m0.567s" (user, system) -> percent of one core over the run
    local loadgen_pct
    loadgen_pct=$(awk -v d="$DURATION" 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); t += p[1] * 60 + p[2] } }
        END { if (NR == 2 && d > 0) printf "%.0f", 100 * t / d; else print "-" }' "$raw.cpu" 2>/dev/null || echo -)
    rm -f "$raw.cpu"
    read -r p50 p99 p999 max < <(percentiles <"$hist")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
        "$workload" "$server" "$round" "${qps:-0}" "${sent:-0}" "${completed:-0}" "${lost:-0}" "$noerror" \
        "$(awk -v a="${avg:-0}" 'BEGIN { printf "%.0f", a * 1000000 }')" "$p50" "$p99" "$p999" "$max" \
        "$cpu_us" "$backend_per_query" "$loadgen_pct" >>"$OUT_DIR/rounds.tsv"
    printf '  %-8s %-7s round %d: %10.0f q/s  lost %s  p99 %s us  cpu %s us/q  backend %s/q  dnsperf %s%%\n' \
        "$workload" "$server" "$round" "${qps:-0}" "${lost:-0}" "$p99" "$cpu_us" "$backend_per_query" "$loadgen_pct"
}

warm() {
    local workload="$1" server="$2"
    # One pass over every name fills the caches (cache workload); the timed run lets the JIT compile.
    run_dnsperf "$server" 0 1 "$WORK/warm-$server.txt" 0 || true
    if ((WARMUP > 0)); then
        run_dnsperf "$server" "$WARMUP" 0 "$WORK/warm-$server.txt" 0 || true
    fi
}

# ---------------------------------------------------------------- one workload
run_workload() {
    local workload="$1" ttl=300
    [[ "$workload" == forward ]] && ttl=0
    local servers=(${SERVERS//,/ }) server
    echo "== workload $workload (backend TTL $ttl): starting backends and ${servers[*]}"
    start_backend cluster "$CLUSTER_BACKEND" "$WORK/cluster-names.conf" "$ttl"
    start_backend upstream "$UPSTREAM_BACKEND" "$WORK/upstream-names.conf" "$ttl"
    local role
    for role in cluster upstream; do
        local address=$CLUSTER_BACKEND name=svc-1.default.svc.cluster.local expected=10.96.0.1
        [[ "$role" == upstream ]] && { address=$UPSTREAM_BACKEND; name=ext-1.example.com; expected=198.18.0.1; }
        local i ok=0
        for i in $(seq 50); do
            [[ "$(dig +short +tries=1 +time=1 @"$address" -p "$PORT" "$name" A 2>/dev/null)" == "$expected" ]] && { ok=1; break; }
            sleep 0.1
        done
        ((ok)) || { echo "run.sh: $role backend on $address:$PORT does not answer; log:" >&2; cat "${BACKEND_LOG[$role]}" >&2; exit 1; }
    done
    for server in "${servers[@]}"; do
        start_server "$server" || exit 1
    done
    for server in "${servers[@]}"; do
        echo "  warming $server"
        warm "$workload" "$server"
    done
    local round k n=${#servers[@]}
    for ((round = 1; round <= ROUNDS; round++)); do
        # Rotate who goes first so that no server always runs right after the same neighbour.
        for ((k = 0; k < n; k++)); do
            server=${servers[$(((k + round - 1) % n))]}
            measure "$workload" "$server" "$round"
        done
    done
    for server in "${servers[@]}"; do
        printf '%s\t%s\t%s\t%s\n' "$workload" "$server" "$(rss_kib "${SERVER_PID[$server]}")" \
            "$(awk '/^VmHWM:/ { print $2 }' "/proc/${SERVER_PID[$server]}/status")" >>"$OUT_DIR/rss.tsv"
        stop_pid "${SERVER_PID[$server]}"
    done
    stop_pid "${BACKEND_PID[cluster]}"
    stop_pid "${BACKEND_PID[upstream]}"
}

# ---------------------------------------------------------------- report
report() {
    local workload server
    {
        echo "# DNS forwarder benchmark"
        echo
        echo "- machine: $(nproc) CPU, $(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(uname -sr); load average before the run: $LOAD_BEFORE"
        echo "- versions: $(dnsperf -h 2>&1 | awk '/^Version/ { print "dnsperf " $2 }'), $(dnsmasq --version | awk 'NR == 1 { print "dnsmasq " $3 }'), $( (unbound -V 2>/dev/null || /usr/sbin/unbound -V) | awk '/^Version/ { print "unbound " $2 }')"
        echo "- command: \`dns/bench/run.sh $ARGS_TEXT\`"
        echo "- per run: ${DURATION} s, ${ROUNDS} round(s), dnsperf -c $CLIENTS -q $OUTSTANDING$( ((QPS_LIMIT > 0)) && echo " -Q $QPS_LIMIT"), ${NAMES} cluster + ${NAMES} external names (50/50), pinning: $PIN"
        echo "- qps: median of rounds; latencies: over every answered query of every round; lost: total; CPU: server CPU time per answered query; backend/q: queries the backends answered per answered query (0 = all from cache, 1 = all forwarded); dnsperf CPU %: the load generator's CPU time over the run, per core (near 100 with pinning: dnsperf, not the server, set the pace); RSS: VmRSS after the last round"
        for workload in ${WORKLOADS//,/ }; do
            echo
            if [[ "$workload" == cache ]]; then
                echo "## cache hits (backend TTL 300)"
            else
                echo "## forwarding (backend TTL 0)"
            fi
            echo
            echo "| server | queries/s | mean ms | p50 ms | p99 ms | p99.9 ms | lost | CPU µs/q | backend/q | dnsperf CPU % | RSS MB |"
            echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
            for server in ${SERVERS//,/ }; do
                summary_row "$workload" "$server"
            done
            echo
            ratio_line "$workload"
        done
    } >"$OUT_DIR/results.md"
}

# Prints one table row and records "qps p99 rss" per server for the ratio line.
summary_row() {
    local workload="$1" server="$2"
    local rows
    rows=$(awk -F'\t' -v w="$workload" -v s="$server" '$1 == w && $2 == s' "$OUT_DIR/rounds.tsv")
    [[ -n "$rows" ]] || { echo "| $server | no data | | | | | | | | | |"; return; }
    local qps mean lost sent cpu backend loadgen p50 p99 p999 max rss
    qps=$(cut -f4 <<<"$rows" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
    mean=$(awk -F'\t' '{ s += $9 * $6; n += $6 } END { printf "%.3f", n ? s / n / 1000 : 0 }' <<<"$rows")
    sent=$(awk -F'\t' '{ s += $5 } END { print s }' <<<"$rows")
    lost=$(awk -F'\t' '{ s += $7 } END { print s }' <<<"$rows")
    cpu=$(awk -F'\t' '$14 != "-" { s += $14; n++ } END { printf "%.1f", n ? s / n : 0 }' <<<"$rows")
    backend=$(awk -F'\t' '$15 != "-" { s += $15; n++ } END { printf "%.2f", n ? s / n : 0 }' <<<"$rows")
    loadgen=$(awk -F'\t' '$16 != "-" && $16 != "" { s += $16; n++ } END { if (n) printf "%.0f", s / n; else print "-" }' <<<"$rows")
    read -r p50 p99 p999 max < <(cat "$OUT_DIR"/hist-"$workload"-"$server"-*.txt |
        awk '{ h[$1] += $2 } END { for (k in h) print k, h[k] }' | percentiles)
    rss=$(awk -F'\t' -v w="$workload" -v s="$server" '$1 == w && $2 == s { printf "%.0f", $3 / 1024 }' "$OUT_DIR/rss.tsv")
    local ms
    ms() { awk -v u="$1" 'BEGIN { if (u == "-") print "-"; else printf "%.3f", u / 1000 }'; }
    printf '| %s | %.0f | %s | %s | %s | %s | %s (%s%%) | %s | %s | %s | %s |\n' "$server" "$qps" "$mean" \
        "$(ms "$p50")" "$(ms "$p99")" "$(ms "$p999")" "$lost" \
        "$(awk -v l="$lost" -v s="$sent" 'BEGIN { printf "%.2f", s ? 100 * l / s : 0 }')" "$cpu" "$backend" \
        "$loadgen" "${rss:--}"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$workload" "$server" "$qps" "$p99" "${rss:-0}" "$cpu" >>"$WORK/summary.tsv"
}

ratio_line() {
    local workload="$1"
    awk -F'\t' -v w="$workload" '
        $1 != w { next }
        $2 == "gateway" { gq = $3; gp = $4; gr = $5; gc = $6; has = 1; next }
        { if ($3 > bq) { bq = $3; bqs = $2 }
          if ($4 != "-" && (bp == "" || $4 < bp)) { bp = $4; bps = $2 }
          if ($5 > 0 && (br == "" || $5 < br)) { br = $5; brs = $2 }
          if ($6 > 0 && (bc == "" || $6 < bc)) { bc = $6; bcs = $2 } }
        END {
            if (!has || bqs == "") { print "gateway / best peer: n/a (needs the gateway and at least one peer)"; exit }
            printf "gateway / best peer: queries/s %.2f (vs %s), p99 %.2f (vs %s), RSS %.2f (vs %s); ",
                bq ? gq / bq : 0, bqs, (bp && gp != "-") ? gp / bp : 0, bps, br ? gr / br : 0, brs
            printf "queries per CPU-second %.2f (vs %s)\n", gc ? bc / gc : 0, bcs
        }' "$WORK/summary.tsv"
}

# Smoke verdict: every server answered, with NOERROR, in every run; the table exists.
verdict() {
    local problems=()
    [[ -s "$OUT_DIR/results.md" ]] || problems+=("no results table")
    local workload server
    for workload in ${WORKLOADS//,/ }; do
        for server in ${SERVERS//,/ }; do
            local rows
            rows=$(awk -F'\t' -v w="$workload" -v s="$server" '$1 == w && $2 == s' "$OUT_DIR/rounds.tsv" 2>/dev/null || true)
            if [[ -z "$rows" ]]; then
                problems+=("$server/$workload: not measured")
                continue
            fi
            awk -F'\t' '$6 == 0 { bad = 1 } END { exit !bad }' <<<"$rows" && problems+=("$server/$workload: answered no query in some round")
            awk -F'\t' '$8 < $6 { bad = 1 } END { exit !bad }' <<<"$rows" && problems+=("$server/$workload: answers other than NOERROR")
            awk -F'\t' '$5 > 0 && $7 / $5 > 0.01 { bad = 1 } END { exit !bad }' <<<"$rows" \
                && echo "run.sh: warning: $server/$workload lost more than 1% of queries in some round" >&2
            if [[ "$workload" == forward ]]; then
                awk -F'\t' '$15 != "-" && $15 < 0.9 { bad = 1 } END { exit !bad }' <<<"$rows" \
                    && echo "run.sh: warning: $server/$workload answered more than 10% from cache although TTL is 0" >&2
            fi
        done
    done
    if ((${#problems[@]})); then
        printf 'run.sh: FAILED: %s\n' "${problems[@]}" >&2
        return 1
    fi
    echo "run.sh: OK: every server answered every run; table in $OUT_DIR/results.md"
}

main() {
    ARGS_TEXT="$*"
    parse_args "$@"
    require_tools
    setup_pinning
    choose_ports
    LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
    [[ -n "$OUT_DIR" ]] || OUT_DIR=$(mktemp -d "${TMPDIR:-/tmp}/dns-bench.XXXXXX")
    mkdir -p "$OUT_DIR"
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/dns-bench-work.XXXXXX")
    # BENCH_KEEP_WORK=1 keeps the generated configs and logs for debugging.
    trap 'cleanup; [[ "${BENCH_KEEP_WORK:-0}" == 1 ]] && echo "run.sh: work files kept in $WORK" >&2 || rm -rf "$WORK"' EXIT
    printf 'workload\tserver\tround\tqps\tsent\tcompleted\tlost\tnoerror\tmean_us\tp50_us\tp99_us\tp999_us\tmax_us\tcpu_us_per_query\tbackend_per_query\tdnsperf_cpu_pct\n' \
        >"$OUT_DIR/rounds.tsv"
    printf 'workload\tserver\tvm_rss_kib\tvm_hwm_kib\n' >"$OUT_DIR/rss.tsv"
    write_inputs
    local workload
    for workload in ${WORKLOADS//,/ }; do run_workload "$workload"; done
    cp "$WORK"/gateway.yaml "$WORK"/unbound.conf "$OUT_DIR"/ 2>/dev/null || true
    report
    echo
    cat "$OUT_DIR/results.md"
    echo
    verdict
}

main "$@"
