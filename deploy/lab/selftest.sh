#!/usr/bin/env bash
# Checks the lab on its own, without the gateway: the clusters answer from the forwarding node, the office
# reaches nothing of them until something on the node masquerades, and `down` leaves nothing behind.
# Runs an isolated lab (LAB_PREFIX, default "cgwt-"); needs root. Ends with "N passed, N failed".
set -euo pipefail

export LAB_PREFIX="${LAB_PREFIX:-cgwt-}"
LAB="$(cd "$(dirname "$0")" && pwd)/lab.sh"
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; [ -z "${2:-}" ] || echo "    $2"; }

# expect DESCRIPTION EXPECTED COMMAND...: the command's trimmed output must equal EXPECTED.
expect() {
  local what=$1 expected=$2 actual; shift 2
  actual=$("$@" 2>&1 | tr -s '\n' ' ' | sed 's/ $//') || true
  if [ "$actual" = "$expected" ]; then ok "$what"; else not_ok "$what" "expected '$expected', got '$actual'"; fi
}

# expect_failure DESCRIPTION COMMAND...: the command must fail (no answer, no connection).
expect_failure() {
  local what=$1; shift
  if "$@" >/dev/null 2>&1; then not_ok "$what" "it succeeded"; else ok "$what"; fi
}

dig_short() { local role=$1; shift; "$LAB" exec "$role" dig +time=1 +tries=1 +short "$@"; }
dig_status() {
  local role=$1; shift
  "$LAB" exec "$role" dig +time=1 +tries=1 "$@" | sed -n 's/.*status: \([A-Z]*\),.*/\1/p'
}
# The address the pod saw the connection come from, as its echo service reports it.
peer_seen() { "$LAB" exec "$1" timeout 5 socat -u "TCP:$2,connect-timeout=2" STDOUT; }

cleanup() { "$LAB" down >/dev/null 2>&1 || true; }
trap cleanup EXIT

[ "$(id -u)" -eq 0 ] || { echo "selftest: must run as root" >&2; exit 1; }
cleanup

echo "# plain lab: routes into the clusters are the gateway's to install"
"$LAB" up >/dev/null
expect_failure "the node has no route to old's DNS yet" dig_short node @10.96.0.10 web.default.svc.cluster.local
expect_failure "the laptop cannot reach old's ClusterIP (router has no route)" peer_seen laptop 10.96.0.20:80
expect "the node's resolv.conf names the lab's upstream" "nameserver 203.0.113.53" "$LAB" exec node cat /etc/resolv.conf
expect "the laptop's resolv.conf names the gateway" "nameserver 192.168.1.109" "$LAB" exec laptop cat /etc/resolv.conf
expect "forwarding is off on the node" 0 "$LAB" exec node sysctl -n net.ipv4.ip_forward
expect "a bystander table lives in the node" "table ip bystander" "$LAB" exec node nft list tables
"$LAB" down >/dev/null

echo "# --manual: the node and router routes the gateway would provide, forwarding on, no NAT"
"$LAB" up --manual >/dev/null
expect "old: web" 10.96.0.20 dig_short node @10.96.0.10 web.default.svc.cluster.local
expect "new: web" 10.254.0.20 dig_short node @10.254.0.10 web.default.svc.cluster.local
expect "old: only-old" 10.96.0.21 dig_short node @10.96.0.10 only-old.default.svc.cluster.local
expect "new: only-new" 10.254.0.21 dig_short node @10.254.0.10 only-new.default.svc.cluster.local
expect "new: only-old is NXDOMAIN" NXDOMAIN dig_status node @10.254.0.10 only-old.default.svc.cluster.local
expect "old: web AAAA is NODATA" "NOERROR" dig_status node @10.96.0.10 web.default.svc.cluster.local AAAA
expect "old: SRV" "0 100 80 web.default.svc.cluster.local." \
  dig_short node @10.96.0.10 _http._tcp.web.default.svc.cluster.local SRV
expect "old: PTR of the ClusterIP" web.default.svc.cluster.local. dig_short node @10.96.0.10 -x 10.96.0.20
expect "new: PTR of the pod" 10-100-1-10.default.pod.cluster.local. dig_short node @10.254.0.10 -x 10.100.1.10
expect "old: whoami TXT" '"old"' dig_short node @10.96.0.10 whoami.default.svc.cluster.local TXT
expect "new: whoami TXT" '"new"' dig_short node @10.254.0.10 whoami.default.svc.cluster.local TXT
expect "new: www CNAME" "web.default.svc.cluster.local. 10.254.0.20" dig_short node @10.254.0.10 www.default.svc.cluster.local
expect "old: the root NS probe gets an answer" NXDOMAIN dig_status node @10.96.0.10 . NS
expect "upstream: example.com" 192.0.2.10 dig_short node @203.0.113.53 example.com
expect "upstream: *.example.org" 192.0.2.20 dig_short node @203.0.113.53 a.b.example.org
expect "upstream: other names NXDOMAIN" NXDOMAIN dig_status node @203.0.113.53 nothing.example.net
expect "node -> old ClusterIP reaches the pod" 192.168.1.109 peer_seen node 10.96.0.20:80
expect "node -> new ClusterIP reaches the pod" 192.168.1.109 peer_seen node 10.254.0.20:80
expect "node -> old pod directly" 192.168.1.109 peer_seen node 10.200.1.10:8080
expect_failure "laptop -> old ClusterIP: no reply without masquerade" peer_seen laptop 10.96.0.20:80
expect_failure "laptop -> old DNS: no reply without masquerade" dig_short laptop @10.96.0.10 web.default.svc.cluster.local
expect "old pod -> new ClusterIP without NAT shows the pod itself" 10.200.1.10 peer_seen old-pod 10.254.0.20:80

echo "# a hand-written masquerade in the node stands in for the gateway's rules"
"$LAB" exec node nft -f - <<'EOF'
table ip selftest-masquerade {
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    ip saddr { 10.1.3.0/24, 10.200.0.0/16, 10.96.0.0/16 } ip daddr { 10.100.0.0/16, 10.254.0.0/16 } masquerade
    ip saddr { 10.1.3.0/24, 10.100.0.0/16, 10.254.0.0/16 } ip daddr { 10.200.0.0/16, 10.96.0.0/16 } masquerade
  }
}
EOF
expect "laptop -> old ClusterIP: the pod sees the node" 192.168.1.109 peer_seen laptop 10.96.0.20:80
expect "laptop -> new ClusterIP: the pod sees the node" 192.168.1.109 peer_seen laptop 10.254.0.20:80
expect "laptop -> old only-old ClusterIP" 192.168.1.109 peer_seen laptop 10.96.0.21:80
expect "laptop -> new pod directly" 192.168.1.109 peer_seen laptop 10.100.1.10:8080
expect "laptop -> old DNS answers" 10.96.0.20 dig_short laptop @10.96.0.10 web.default.svc.cluster.local
expect "old pod -> new ClusterIP: bridged, the pod sees the node" 192.168.1.109 peer_seen old-pod 10.254.0.20:80
"$LAB" exec node nft delete table ip selftest-masquerade
expect_failure "without the rule the laptop reaches nothing again" peer_seen laptop 10.254.0.20:80
"$LAB" down >/dev/null

echo "# apply-routes: the gateway's format=linux output configures the router"
"$LAB" up --node-routes --node-forwarding >/dev/null
routes='# cluster-gateway routes via 192.168.1.109
ip route replace 10.96.0.0/16 via 192.168.1.109
ip route replace 10.100.0.0/16 via 192.168.1.109
ip route replace 10.200.0.0/16 via 192.168.1.109
ip route replace 10.254.0.0/16 via 192.168.1.109'
printf '%s\n' "$routes" | "$LAB" apply-routes - >/dev/null
expect "the router routes the cluster CIDRs to the node" \
  "10.96.0.0/16 via 192.168.1.109 10.100.0.0/16 via 192.168.1.109 10.200.0.0/16 via 192.168.1.109 10.254.0.0/16 via 192.168.1.109" \
  sh -c "'$LAB' exec router ip -4 route show proto boot | awk '{print \$1, \$2, \$3}'"
expect_failure "apply-routes refuses anything but ip route lines" sh -c "echo 'touch /tmp/x' | '$LAB' apply-routes -"
if python3 -c 'import yaml' 2>/dev/null; then
  expect "gateway-config is YAML naming both clusters" "new old" python3 -c '
import subprocess, sys, yaml
config = yaml.safe_load(subprocess.run([sys.argv[1], "gateway-config"], check=True, capture_output=True, text=True).stdout)
print(" ".join(sorted(config["gateway"]["clusters"])))' "$LAB"
fi
"$LAB" down >/dev/null

echo "# down leaves nothing behind"
expect "no lab namespace" "" sh -c "ip netns list | grep '^$LAB_PREFIX' || true"
expect "no /etc/netns entry" "" sh -c "ls -d /etc/netns/$LAB_PREFIX* 2>/dev/null || true"
expect "status says down" "lab '$LAB_PREFIX' is down" sh -c "'$LAB' status || true"
expect "down twice is fine" "lab '$LAB_PREFIX' is down" "$LAB" down

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
