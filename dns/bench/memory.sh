#!/usr/bin/env bash
# Resident memory of the packaged gateway (a) while it caches N distinct names (default 300 000) forwarded to a
# local dnsmasq, and (b) after a flood of malformed UDP packets (default 1 000 000). Everything runs on
# loopback and stops by itself. Prints the peak (VmHWM) and current RSS after each phase.
#
#   dns/bench/memory.sh [--names N] [--garbage N] [--rate QPS]
#
# Environment: GATEWAY_JAR (default gateway/target/quarkus-app/quarkus-run.jar), GATEWAY_JAVA_OPTS (default:
# the flags of the README's run command), EXTRA_GATEWAY_ARGS (more -D options for the gateway). Run it as the
# README does, with MALLOC_ARENA_MAX=2 in the environment.
set -euo pipefail
cd "$(dirname "$0")/../.."

names=300000
garbage=1000000
rate=20000
while [ $# -gt 0 ]; do
  case "$1" in
    --names) names=$2; shift 2 ;;
    --garbage) garbage=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    *) echo "usage: $0 [--names N] [--garbage N] [--rate QPS]" >&2; exit 2 ;;
  esac
done

jar=${GATEWAY_JAR:-gateway/target/quarkus-app/quarkus-run.jar}
java_opts=${GATEWAY_JAVA_OPTS:--XX:+UseSerialGC -Xms64m -Xmx112m -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=48m -Xss512k}
for tool in dnsmasq dnsperf python3 java; do
  command -v "$tool" >/dev/null || { echo "memory.sh: $tool is missing" >&2; exit 1; }
done
[ -f "$jar" ] || { echo "memory.sh: no $jar (mvn -q -DskipTests package first)" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
work=$(mktemp -d /tmp/gateway-memory.XXXXXX)
upstream_port=$(free_port); dns_port=$(free_port); http_port=$(free_port)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# The upstream: every *.bench.test is 127.0.0.1 with TTL 3600, so each answer is cacheable.
dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts --bind-interfaces \
  --listen-address=127.0.0.1 --port="$upstream_port" --address=/bench.test/127.0.0.1 --local-ttl=3600 \
  --cache-size=0 --pid-file="$work/dnsmasq.pid" --user="$(id -un)" 2>"$work/dnsmasq.log" &
pids+=($!)

# shellcheck disable=SC2086 # java_opts and EXTRA_GATEWAY_ARGS are lists of flags
java $java_opts -Dgateway.dns.listen=127.0.0.1:"$dns_port" -Dgateway.dns.upstreams=127.0.0.1:"$upstream_port" \
  -Dgateway.dns.rate-limit=0 -Dquarkus.http.port="$http_port" ${EXTRA_GATEWAY_ARGS:-} -jar "$jar" >"$work/gateway.log" 2>&1 &
gateway=$!
pids+=("$gateway")
for _ in $(seq 1 180); do
  curl -sf "http://127.0.0.1:$http_port/q/health/ready" >/dev/null 2>&1 && break
  kill -0 "$gateway" 2>/dev/null || { cat "$work/gateway.log" >&2; exit 1; }
  sleep 1
done

rss() { awk '/^VmHWM|^VmRSS/ {printf "%s %d MB  ", $1, $2/1024}' "/proc/$gateway/status"; echo; }
echo "JVM flags: $java_opts"
echo -n "started:                      "; rss

seq 1 "$names" | awk '{printf "n%d.bench.test A\n", $1}' >"$work/queries.txt"
dnsperf -s 127.0.0.1 -p "$dns_port" -d "$work/queries.txt" -n 1 -Q "$rate" -t 5 >"$work/dnsperf.txt" 2>&1
grep -E "Queries (sent|completed|lost)" "$work/dnsperf.txt" | sed 's/^ */  /'
echo -n "after $names distinct names: "; rss

# The same names again: the cache hits show that answers were kept (a miss of this pass evicts another name).
hits() { curl -s "http://127.0.0.1:$http_port/q/metrics" | awk -F' ' '/^gateway_dns_cache_total\{.*result="hit"/ {s+=$2} END {printf "%d", s}'; }
before=$(hits)
dnsperf -s 127.0.0.1 -p "$dns_port" -d "$work/queries.txt" -n 1 -Q "$rate" -t 5 >"$work/dnsperf2.txt" 2>&1
echo "  asked again: $(( $(hits) - before )) of $names answered from the cache"
echo -n "after the second pass:        "; rss

python3 - "$dns_port" "$garbage" <<'PY'
import os, random, socket, sys
port, count = int(sys.argv[1]), int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
rnd = random.Random(13)
for i in range(count):
    s.sendto(rnd.randbytes(rnd.randint(0, 600)), ("127.0.0.1", port))
PY
echo -n "after $garbage malformed:     "; rss
dig +short +time=3 +tries=1 -p "$dns_port" @127.0.0.1 n1.bench.test A | sed 's/^/  still answers: /'
if [[ "$java_opts" == *NativeMemoryTracking* ]]; then
  jcmd "$gateway" VM.native_memory summary | grep -E "^(Total|-)" | sed 's/^/  /'
fi
