#!/usr/bin/env bash
# cluster-gateway network-namespace lab: an office laptop and router, the forwarding node and two clusters,
# each a network namespace on this machine. The drawing and a walk-through are in deploy/lab/README.md.
#
#   lab.sh up [--ha] [--node-routes] [--node-forwarding] [--router-routes] [--manual]
#   lab.sh down | status | env | gateway-config [node|node2] | apply-routes FILE|- | exec ROLE CMD...
#
# --ha: two forwarding nodes (node, node2) on the transit LAN, each with its own link to each cluster, and an
# office router running BIRD that learns the clusters from both gateways over BGP (ECMP); laptops ask the
# anycast DNS address both gateways announce.
#
# Environment: LAB_PREFIX (default "cgw-") prefixes every namespace, so isolated labs can run side by side;
# LAB_RUN_DIR (default /run/cluster-gateway-lab/<prefix>) holds pid files and the DNS servers' query logs.
# Every address lives inside the lab's namespaces; nothing is added to the machine's own namespace.
set -euo pipefail

readonly PREFIX="${LAB_PREFIX:-cgw-}"
if [[ ! "$PREFIX" =~ ^[a-zA-Z0-9][a-zA-Z0-9_-]{0,19}$ ]]; then
  echo "lab.sh: LAB_PREFIX must be 1-20 letters, digits, '-' or '_'; got '$PREFIX'" >&2
  exit 2
fi
readonly RUN_DIR="${LAB_RUN_DIR:-/run/cluster-gateway-lab/${PREFIX%-}}"

# Every namespace of the lab, by role. lan holds the transit LAN's bridge and nothing else.
# node2 exists only in an --ha lab.
readonly ROLES=(lan laptop router isp node node2 old old-pod new new-pod)

# Addresses. The office LAN is a veth pair laptop<->router; the transit LAN 192.168.1.0/24 is a bridge that the
# router, the forwarding node and both cluster nodes plug into; the "internet" is a veth pair router<->isp.
readonly OFFICE_CIDR=10.1.3.0/24
readonly LAPTOP_IP=10.1.3.10
readonly ROUTER_OFFICE_IP=10.1.3.1
readonly TRANSIT_CIDR=192.168.1.0/24
readonly ROUTER_TRANSIT_IP=192.168.1.1
readonly NODE_IP=192.168.1.109
readonly ROUTER_WAN_IP=203.0.113.1
readonly UPSTREAM_DNS_IP=203.0.113.53

# --ha: the second gateway, the anycast DNS address both announce, and the AS numbers of the BGP peering.
readonly NODE2_IP=192.168.1.110
readonly ANYCAST_DNS_IP=10.53.53.53
readonly ROUTER_AS=65000
readonly GATEWAY_AS=65010
readonly GATEWAYS=(node node2)

# The two clusters. Old's service CIDR is 10.96.0.0/16, not kubeadm's default /12: 10.96.0.0/12 would hold
# new's pod CIDR 10.100.0.0/16, and the gateway rejects overlapping clusters.
cluster_vars() {
  case "$1" in
    old)
      C_NODE_IP=192.168.1.10; C_PRIORITY=20
      C_POD_CIDR=10.200.0.0/16; C_POD_GW=10.200.1.1; C_POD_IP=10.200.1.10
      C_SVC_CIDR=10.96.0.0/16; C_DNS_IP=10.96.0.10; C_WEB_IP=10.96.0.20; C_ONLY_IP=10.96.0.21
      C_OTHER=new ;;
    new)
      C_NODE_IP=192.168.1.20; C_PRIORITY=10
      C_POD_CIDR=10.100.0.0/16; C_POD_GW=10.100.1.1; C_POD_IP=10.100.1.10
      C_SVC_CIDR=10.254.0.0/16; C_DNS_IP=10.254.0.10; C_WEB_IP=10.254.0.20; C_ONLY_IP=10.254.0.21
      C_OTHER=old ;;
    *) die "unknown cluster '$1'" ;;
  esac
}
readonly CLUSTERS=(old new)

# --ha: each gateway's own link to each cluster node, a /30: the gateway's end L_GW_IP on interface to-CLUSTER,
# the cluster's end L_CLUSTER_IP (the gateway's `via`) on interface from-GATEWAY. Cutting one link breaks one
# gateway's path to one cluster and nothing else.
ha_link_vars() {
  local gateway=$1 cluster=$2 index
  case "$gateway/$cluster" in
    node/old) index=1 ;; node/new) index=2 ;; node2/old) index=3 ;; node2/new) index=4 ;;
    *) die "no link $gateway/$cluster" ;;
  esac
  L_GW_IP=10.255.$index.1; L_CLUSTER_IP=10.255.$index.2
  L_GW_IF=to-$cluster; L_CLUSTER_IF=from-$gateway
}
is_ha() { [ -e "$RUN_DIR/ha" ]; }
readonly POD_PORT=8080     # the pod's echo service
readonly SERVICE_PORT=80   # ClusterIP port, DNATed to POD_PORT by the cluster node

die() { echo "lab.sh: $*" >&2; exit 1; }
ns() { echo "${PREFIX}$1"; }
in_ns() { local role=$1; shift; ip netns exec "$(ns "$role")" "$@"; }
ns_exists() { [ -e "/run/netns/$(ns "$1")" ]; }

require_root() { [ "$(id -u)" -eq 0 ] || die "must run as root (network namespaces, nft, port 53)"; }
require_tools() {
  local tool missing=()
  for tool in ip nft dnsmasq socat dig ss sysctl setsid "$@"; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  [ ${#missing[@]} -eq 0 ] || die "missing tools: ${missing[*]} (apt-get install iproute2 nftables dnsmasq-base socat dnsutils procps util-linux bird2)"
}

# Poll until a command succeeds; the lab's daemons need a moment to bind.
wait_until() {
  local what=$1 tries=50; shift
  until "$@" >/dev/null 2>&1; do
    tries=$((tries - 1))
    [ "$tries" -gt 0 ] || die "timed out waiting for $what"
    sleep 0.1
  done
}

# A veth pair from one namespace to another, created inside the namespaces (never in the machine's own one,
# so interface names cannot collide between labs).
veth() {
  local role_a=$1 if_a=$2 role_b=$3 if_b=$4
  ip -n "$(ns "$role_a")" link add "$if_a" type veth peer name "$if_b" netns "$(ns "$role_b")"
  ip -n "$(ns "$role_a")" link set "$if_a" up
  ip -n "$(ns "$role_b")" link set "$if_b" up
}

# A port of the transit LAN: a veth from the host's eth0 to the bridge in the lan namespace.
plug_into_transit() {
  local role=$1 address=$2
  veth lan "p-$role" "$role" eth0
  ip -n "$(ns lan)" link set "p-$role" master br0
  ip -n "$(ns "$role")" addr add "$address/24" dev eth0
}

resolv_conf() {
  local role=$1; shift
  mkdir -p "/etc/netns/$(ns "$role")"
  printf '%s\n' "$@" > "/etc/netns/$(ns "$role")/resolv.conf"
}

# Start a daemon inside a namespace, detached, its pid in RUN_DIR/NAME.pid and its output in RUN_DIR/NAME.out.
start_daemon() {
  local name=$1 role=$2; shift 2
  setsid ip netns exec "$(ns "$role")" "$@" </dev/null >"$RUN_DIR/$name.out" 2>&1 &
  echo $! > "$RUN_DIR/$name.pid"
}

# dnsmasq answering from its own records only, every query logged to RUN_DIR/NAME.log (tests read it to see
# which server was asked). Sets DNSMASQ.
dnsmasq_base() {
  local name=$1 address=$2
  DNSMASQ=(dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts --no-poll --bind-interfaces
    --listen-address="$address" --port=53 --user=root --pid-file= --local-ttl=30 --neg-ttl=30
    --log-queries=extra --log-facility="$RUN_DIR/$name.log")
}

build_office() {
  veth laptop eth0 router office0
  ip -n "$(ns laptop)" addr add "$LAPTOP_IP/24" dev eth0
  ip -n "$(ns laptop)" route add default via "$ROUTER_OFFICE_IP"
  ip -n "$(ns router)" addr add "$ROUTER_OFFICE_IP/24" dev office0
  # The laptop asks the gateway for every name, as a laptop configured by /api/v1/client-setup would.
  resolv_conf laptop "nameserver $NODE_IP"

  plug_into_transit router "$ROUTER_TRANSIT_IP"
  veth router wan0 isp eth0
  ip -n "$(ns router)" addr add "$ROUTER_WAN_IP/24" dev wan0
  in_ns router sysctl -qw net.ipv4.ip_forward=1
  # No route toward the clusters here: they come from the gateway (GET /api/v1/routes?format=linux, apply-routes).

  ip -n "$(ns isp)" addr add "$UPSTREAM_DNS_IP/24" dev eth0
  ip -n "$(ns isp)" route add default via "$ROUTER_WAN_IP"
  # The office's upstream resolver: answers a few external names, NXDOMAIN for everything else.
  dnsmasq_base dns-upstream "$UPSTREAM_DNS_IP"
  start_daemon dns-upstream isp "${DNSMASQ[@]}" \
    --local=/#/ --host-record=example.com,192.0.2.10 --address=/example.org/192.0.2.20 \
    --txt-record=whoami.example.com,upstream
}

build_node() {
  local role=${1:-node} address=${2:-$NODE_IP}
  plug_into_transit "$role" "$address"
  ip -n "$(ns "$role")" route add default via "$ROUTER_TRANSIT_IP"
  # Forwarding stays off: enabling it is the gateway's job (or --node-forwarding's).
  in_ns "$role" sysctl -qw net.ipv4.ip_forward=0
  # With no upstreams configured the gateway reads /etc/resolv.conf: inside the lab that is the lab's resolver.
  resolv_conf "$role" "nameserver $UPSTREAM_DNS_IP"
  # A table somebody else owns (as Docker's or kube-proxy's would be): the gateway must leave it alone.
  in_ns "$role" nft -f - <<'EOF'
table ip bystander {
  comment "not cluster-gateway's: must survive the gateway's apply and cleanup"
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    ip daddr 198.51.100.0/24 counter masquerade comment "a rule of someone else's"
  }
}
EOF
}

build_cluster() {
  local name=$1
  cluster_vars "$name"
  local node=$name pod=$name-pod
  plug_into_transit "$node" "$C_NODE_IP"
  # No default route and no route to the office: a reply to an office address has nowhere to go, so the office
  # reaches the cluster only when the gateway masquerades. The other cluster is reachable via the forwarding
  # node, as during a migration (bridge-clusters).
  local other_pod other_svc
  cluster_vars "$C_OTHER"; other_pod=$C_POD_CIDR; other_svc=$C_SVC_CIDR
  cluster_vars "$name"
  ip -n "$(ns "$node")" route add "$other_pod" via "$NODE_IP"
  ip -n "$(ns "$node")" route add "$other_svc" via "$NODE_IP"
  in_ns "$node" sysctl -qw net.ipv4.ip_forward=1

  veth "$node" pod0 "$pod" eth0
  ip -n "$(ns "$node")" addr add "$C_POD_GW/24" dev pod0
  ip -n "$(ns "$pod")" addr add "$C_POD_IP/24" dev eth0
  ip -n "$(ns "$pod")" route add default via "$C_POD_GW"
  resolv_conf "$pod" "nameserver $C_DNS_IP" "search default.svc.cluster.local svc.cluster.local cluster.local"

  # The cluster DNS service address is local to the node, on lo (kube-proxy's IPVS mode keeps ClusterIPs on a
  # dummy device, but not every kernel has the dummy driver).
  ip -n "$(ns "$node")" addr add "$C_DNS_IP/32" dev lo

  # CoreDNS stand-in. web exists in both clusters with different addresses (priority decides); only-<name> in
  # one; whoami's TXT names the cluster that answered; www is an in-zone CNAME; ext and gone are ExternalName
  # Services (a CNAME out of the zone: to a name that exists, and to one that does not); SRV and PTR records as
  # CoreDNS serves them. Everything else is NXDOMAIN (so a health probe of ". NS" gets an answer, not REFUSED).
  dnsmasq_base "dns-$name" "$C_DNS_IP"
  start_daemon "dns-$name" "$node" "${DNSMASQ[@]}" --local=/#/ \
    --host-record="kube-dns.kube-system.svc.cluster.local,$C_DNS_IP" \
    --host-record="web.default.svc.cluster.local,$C_WEB_IP" \
    --host-record="only-$name.default.svc.cluster.local,$C_ONLY_IP" \
    --host-record="${C_POD_IP//./-}.default.pod.cluster.local,$C_POD_IP" \
    --cname="www.default.svc.cluster.local,web.default.svc.cluster.local" \
    --srv-host="_http._tcp.web.default.svc.cluster.local,web.default.svc.cluster.local,$SERVICE_PORT,0,100" \
    --txt-record="whoami.default.svc.cluster.local,$name" \
    --cname="ext.default.svc.cluster.local,www.example.org,30" \
    --cname="gone.default.svc.cluster.local,gone.example.net,30"

  # kube-proxy stand-in: the ClusterIPs of web and only-<name> are DNATed to the pod (prerouting for traffic
  # arriving from the LAN, output for the node's own).
  in_ns "$node" nft -f - <<EOF
table ip kube-proxy {
  comment "lab stand-in for kube-proxy: ClusterIP -> pod"
  map services {
    type ipv4_addr . inet_service : ipv4_addr . inet_service
    elements = { $C_WEB_IP . $SERVICE_PORT : $C_POD_IP . $POD_PORT, $C_ONLY_IP . $SERVICE_PORT : $C_POD_IP . $POD_PORT }
  }
  chain prerouting {
    type nat hook prerouting priority dstnat; policy accept;
    dnat ip addr . port to ip daddr . tcp dport map @services comment "ClusterIP -> pod"
  }
  chain output {
    type nat hook output priority -100; policy accept;
    dnat ip addr . port to ip daddr . tcp dport map @services comment "ClusterIP -> pod, node's own traffic"
  }
}
EOF

  # The pod answers every TCP connection with the address it sees the connection come from.
  start_daemon "pod-$name" "$pod" socat "TCP-LISTEN:$POD_PORT,fork,reuseaddr" 'SYSTEM:echo $SOCAT_PEERADDR'
}

# Routes each cluster's pod and service CIDR in namespace $1 via the next hop the variable named $2 holds
# for that cluster (C_NODE_IP: the cluster's own node; NODE_IP: the forwarding node).
add_cluster_routes() {
  local where="$1" hop_var="$2" name
  for name in "${CLUSTERS[@]}"; do
    cluster_vars "$name"
    ip -n "$(ns "$where")" route replace "$C_POD_CIDR" via "${!hop_var}"
    ip -n "$(ns "$where")" route replace "$C_SVC_CIDR" via "${!hop_var}"
  done
}

add_node_routes() { add_cluster_routes node C_NODE_IP; }

# --ha: the second gateway, every gateway's own link to every cluster, and BIRD on the router peering with both.
build_ha() {
  build_node node2 "$NODE2_IP"
  local gateway name
  for gateway in "${GATEWAYS[@]}"; do
    for name in "${CLUSTERS[@]}"; do
      ha_link_vars "$gateway" "$name"
      veth "$gateway" "$L_GW_IF" "$name" "$L_CLUSTER_IF"
      ip -n "$(ns "$gateway")" addr add "$L_GW_IP/30" dev "$L_GW_IF"
      ip -n "$(ns "$name")" addr add "$L_CLUSTER_IP/30" dev "$L_CLUSTER_IF"
    done
  done
  # Laptops ask the address every healthy gateway announces, whichever gateway the router picks.
  resolv_conf laptop "nameserver $ANYCAST_DNS_IP"
  router_bird_config > "$RUN_DIR/router-bird.conf"
  start_daemon router-bird router bird -f -c "$RUN_DIR/router-bird.conf" -s "$RUN_DIR/router-bird.ctl" \
    -P "$RUN_DIR/router-bird.pidfile"
  wait_until "BIRD on the router" birdc -s "$RUN_DIR/router-bird.ctl" show status
  touch "$RUN_DIR/ha"
}

# The office router's BIRD: accepts exactly the clusters' prefixes and the anycast DNS /32 from each gateway, and
# installs every equal path into the kernel (merge paths): ECMP over the gateways that announce a prefix.
router_bird_config() {
  local name prefixes="$ANYCAST_DNS_IP/32" gateway address
  for name in "${CLUSTERS[@]}"; do
    cluster_vars "$name"
    prefixes="$prefixes, $C_POD_CIDR, $C_SVC_CIDR"
  done
  cat <<EOF
# the lab's office router: BGP with both gateways, ECMP into the kernel (generated by lab.sh)
router id $ROUTER_TRANSIT_IP;
log stderr all;
protocol device {}
protocol kernel {
  merge paths on;
  ipv4 { import none; export all; };
}
protocol bfd {
  interface "*" { min rx interval 100 ms; min tx interval 100 ms; multiplier 3; };
}
template bgp gateways {
  local $ROUTER_TRANSIT_IP as $ROUTER_AS;
  hold time 3;
  keepalive time 1;
  connect retry time 2;
  error wait time 1, 5;
  bfd on;
  ipv4 { import where net ~ [ $prefixes ]; export none; };
}
EOF
  for gateway in "${GATEWAYS[@]}"; do
    if [ "$gateway" = node ]; then address=$NODE_IP; else address=$NODE2_IP; fi
    echo "protocol bgp gateway_$gateway from gateways { neighbor $address as $GATEWAY_AS; }"
  done
}
add_router_routes() { add_cluster_routes router NODE_IP; }

await_lab() {
  local name
  wait_until "the upstream resolver on $UPSTREAM_DNS_IP" \
    in_ns isp dig +time=1 +tries=1 "@$UPSTREAM_DNS_IP" example.com
  for name in "${CLUSTERS[@]}"; do
    cluster_vars "$name"
    wait_until "cluster $name's DNS on $C_DNS_IP" \
      in_ns "$name" dig +time=1 +tries=1 "@$C_DNS_IP" web.default.svc.cluster.local
    wait_until "cluster $name's pod listening on $C_POD_IP:$POD_PORT" \
      sh -c "ip netns exec '$(ns "$name-pod")' ss -Hltn 'sport = :$POD_PORT' | grep -q ."
  done
}

cmd_up() {
  local node_routes=false node_forwarding=false router_routes=false ha=false arg role name
  for arg in "$@"; do
    case "$arg" in
      --ha) ha=true ;;
      --node-routes) node_routes=true ;;
      --node-forwarding) node_forwarding=true ;;
      --router-routes) router_routes=true ;;
      --manual) node_routes=true; node_forwarding=true; router_routes=true ;;
      *) die "up: unknown option '$arg' (--ha, --node-routes, --node-forwarding, --router-routes, --manual)" ;;
    esac
  done
  require_root
  if $ha; then require_tools bird birdc; else require_tools; fi
  for role in "${ROLES[@]}"; do
    ! ns_exists "$role" || die "lab '$PREFIX' is already up (namespace $(ns "$role") exists); run lab.sh down first"
  done
  # A half-built lab is torn down, so a failed up leaves nothing behind.
  trap 'rc=$?; if [ $rc -ne 0 ]; then echo "lab.sh: up failed; tearing down" >&2; cmd_down >/dev/null 2>&1 || true; fi' EXIT

  mkdir -p "$RUN_DIR"
  for role in "${ROLES[@]}"; do
    [ "$role" != node2 ] || $ha || continue
    ip netns add "$(ns "$role")"
    ip -n "$(ns "$role")" link set lo up
  done
  ip -n "$(ns lan)" link add br0 type bridge
  ip -n "$(ns lan)" link set br0 up

  build_office
  build_node
  for name in "${CLUSTERS[@]}"; do build_cluster "$name"; done
  if $ha; then build_ha; fi
  if $node_routes; then add_node_routes; fi
  if $node_forwarding; then in_ns node sysctl -qw net.ipv4.ip_forward=1; fi
  if $router_routes; then add_router_routes; fi
  await_lab
  trap - EXIT
  echo "lab '$PREFIX' is up: node $(ns node) at $NODE_IP, laptop $(ns laptop) at $LAPTOP_IP (lab.sh status for details)"
}

# Kill a process we started, but only if its pid still names one of our daemons (pids get reused).
kill_daemon() {
  local pidfile=$1 pid cmdline
  pid=$(cat "$pidfile" 2>/dev/null || true)
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  cmdline=$({ tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null || true)
  case "$cmdline" in
    dnsmasq*|socat*|bird*) kill "$pid" 2>/dev/null || true ;;
  esac
}

cmd_down() {
  require_root
  local pidfile role name pids pid tries
  if [ -d "$RUN_DIR" ]; then
    for pidfile in "$RUN_DIR"/*.pid; do
      [ -e "$pidfile" ] && kill_daemon "$pidfile"
    done
  fi
  for role in "${ROLES[@]}"; do
    name=$(ns "$role")
    [ -e "/run/netns/$name" ] || continue
    # Whatever still runs in the lab (a gateway started in the node, a socat child) would keep the namespace
    # and its addresses alive after `ip netns del`; it belongs to the lab, so it goes too.
    pids=$(ip netns pids "$name" 2>/dev/null || true)
    if [ -n "$pids" ]; then
      for pid in $pids; do kill "$pid" 2>/dev/null || true; done
      tries=30
      while [ -n "$(ip netns pids "$name" 2>/dev/null || true)" ] && [ "$tries" -gt 0 ]; do
        sleep 0.1; tries=$((tries - 1))
      done
      for pid in $(ip netns pids "$name" 2>/dev/null || true); do kill -9 "$pid" 2>/dev/null || true; done
    fi
    ip netns del "$name"
  done
  for role in "${ROLES[@]}"; do
    rm -rf "/etc/netns/$(ns "$role")"
  done
  rm -rf "$RUN_DIR"
  # the shared parents go when no other lab uses them
  rmdir /etc/netns 2>/dev/null || true
  [ -n "${LAB_RUN_DIR:-}" ] || rmdir /run/cluster-gateway-lab 2>/dev/null || true
  echo "lab '$PREFIX' is down"
}

cmd_status() {
  local role name pidfile pid state up=false
  for role in "${ROLES[@]}"; do ns_exists "$role" && up=true; done
  $up || { echo "lab '$PREFIX' is down"; return 1; }
  echo "lab '$PREFIX' (run dir $RUN_DIR)"
  for role in "${ROLES[@]}"; do
    name=$(ns "$role")
    if [ "$role" = node2 ] && ! is_ha; then continue; fi
    if ! ns_exists "$role"; then echo "== $name: MISSING"; continue; fi
    echo "== $name ($(describe "$role"))"
    ip -n "$name" -br -4 addr show | sed 's/^/  addr  /'
    ip -n "$name" -4 route show | sed 's/^/  route /'
    ip netns exec "$name" ss -Hlntu | awk '{print "  listen " $1 " " $5}' | sort -u
    case "$role" in node|node2) echo "  ip_forward=$(ip netns exec "$name" sysctl -n net.ipv4.ip_forward)" ;; esac
    case "$role" in
      node|node2|old|new) ip netns exec "$name" nft list ruleset | sed 's/^/  nft   /' ;;
    esac
    if [ "$role" = router ] && is_ha; then
      birdc -s "$RUN_DIR/router-bird.ctl" show protocols | sed 's/^/  bird  /'
    fi
  done
  echo "== processes"
  for pidfile in "$RUN_DIR"/*.pid; do
    [ -e "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then state=running; else state=DEAD; fi
    echo "  $(basename "$pidfile" .pid) pid $pid $state"
  done
}

describe() {
  case "$1" in
    lan) echo "transit LAN bridge $TRANSIT_CIDR" ;;
    laptop) echo "office laptop $LAPTOP_IP" ;;
    router) echo "office router $ROUTER_OFFICE_IP / $ROUTER_TRANSIT_IP / $ROUTER_WAN_IP" ;;
    isp) echo "upstream resolver $UPSTREAM_DNS_IP" ;;
    node) echo "forwarding node $NODE_IP: the gateway runs here" ;;
    node2) echo "second forwarding node $NODE2_IP (--ha): another gateway runs here" ;;
    old|new) cluster_vars "$1"; echo "cluster $1 node $C_NODE_IP: DNS $C_DNS_IP, ClusterIP $C_WEB_IP:$SERVICE_PORT" ;;
    old-pod|new-pod) cluster_vars "${1%-pod}"; echo "cluster ${1%-pod} pod $C_POD_IP:$POD_PORT" ;;
  esac
}

# KEY=VALUE lines for tests and scripts: namespace names and addresses of this lab.
cmd_env() {
  local role key name
  echo "LAB_PREFIX=$PREFIX"
  echo "LAB_RUN_DIR=$RUN_DIR"
  for role in "${ROLES[@]}"; do
    key=$(echo "$role" | tr 'a-z-' 'A-Z_')
    echo "LAB_NS_$key=$(ns "$role")"
  done
  echo "LAB_OFFICE_CIDR=$OFFICE_CIDR"
  echo "LAB_LAPTOP_IP=$LAPTOP_IP"
  echo "LAB_ROUTER_OFFICE_IP=$ROUTER_OFFICE_IP"
  echo "LAB_ROUTER_TRANSIT_IP=$ROUTER_TRANSIT_IP"
  echo "LAB_NODE_IP=$NODE_IP"
  echo "LAB_UPSTREAM_DNS_IP=$UPSTREAM_DNS_IP"
  for name in "${CLUSTERS[@]}"; do
    cluster_vars "$name"
    key=$(echo "$name" | tr 'a-z' 'A-Z')
    echo "LAB_${key}_NODE_IP=$C_NODE_IP"
    echo "LAB_${key}_POD_CIDR=$C_POD_CIDR"
    echo "LAB_${key}_POD_IP=$C_POD_IP"
    echo "LAB_${key}_SERVICE_CIDR=$C_SVC_CIDR"
    echo "LAB_${key}_DNS_IP=$C_DNS_IP"
    echo "LAB_${key}_WEB_IP=$C_WEB_IP"
    echo "LAB_${key}_ONLY_IP=$C_ONLY_IP"
  done
  if is_ha; then
    echo "LAB_HA=true"
    echo "LAB_NODE2_IP=$NODE2_IP"
    echo "LAB_ANYCAST_DNS_IP=$ANYCAST_DNS_IP"
    echo "LAB_ROUTER_AS=$ROUTER_AS"
    echo "LAB_GATEWAY_AS=$GATEWAY_AS"
    echo "LAB_ROUTER_BIRD_CTL=$RUN_DIR/router-bird.ctl"
    local gateway
    for gateway in "${GATEWAYS[@]}"; do
      for name in "${CLUSTERS[@]}"; do
        ha_link_vars "$gateway" "$name"
        key=$(echo "${gateway}_$name" | tr 'a-z' 'A-Z')
        # the cluster end of the link: `ip -n LAB_NS_<CLUSTER> link set <this> down` cuts it
        echo "LAB_${key}_LINK=$L_CLUSTER_IF"
        echo "LAB_${key}_VIA=$L_CLUSTER_IP"
      done
    done
  fi
}

cmd_gateway_config() {
  local gateway=${1:-node} address=$NODE_IP listen
  case "$gateway" in
    node) ;;
    node2) is_ha || die "gateway-config node2: node2 exists only in a lab brought up with --ha"; address=$NODE2_IP ;;
    *) die "gateway-config: node or node2, not '$gateway'" ;;
  esac
  # With BGP the gateway also answers on the anycast address it puts on lo: a wildcard listener follows it.
  if is_ha; then listen="0.0.0.0:53"; else listen="$address:53"; fi
  cat <<EOF
# cluster-gateway configuration for the lab's forwarding node ($(ns "$gateway")); generated by deploy/lab/lab.sh.
gateway:
  node-address: $address
  dns:
    listen: ["$listen"]
    upstreams: ["$UPSTREAM_DNS_IP"]
    timeout: 2s
  offices:
    hq:
      cidrs: ["$OFFICE_CIDR"]
  clusters:
EOF
  local name via
  for name in "${CLUSTERS[@]}"; do
    cluster_vars "$name"
    via=$C_NODE_IP
    if is_ha; then ha_link_vars "$gateway" "$name"; via=$L_CLUSTER_IP; fi
    cat <<EOF
    $name:
      domain: cluster.local
      priority: $C_PRIORITY
      dns: ["$C_DNS_IP"]
      pod-cidrs: ["$C_POD_CIDR"]
      service-cidrs: ["$C_SVC_CIDR"]
      via: $via
EOF
  done
  cat <<EOF
  nat:
    backend: nftables
    bridge-clusters: true
    reconcile-interval: 2s
    # the lab is disposable: stopping the gateway takes its table away, which a test can check
    cleanup-on-shutdown: true
  routes:
    manage-kernel: true
    summarize: true
EOF
  if is_ha; then
    cat <<EOF
  bgp:
    enabled: true
    local-as: $GATEWAY_AS
    hold-time: 3s
    neighbors:
      - address: $ROUTER_TRANSIT_IP
        remote-as: $ROUTER_AS
    dns-address: $ANYCAST_DNS_IP
    # BIRD's files in the lab's run directory, one per gateway: lab.sh down removes them
    state-dir: $RUN_DIR/bgp-$gateway
EOF
  fi
}

# Applies the gateway's `GET /api/v1/routes?format=linux` output to the office router. Only `ip route` lines and
# comments are accepted: the file runs as root, in the router's namespace but on this machine's file system.
cmd_apply_routes() {
  require_root
  local file=${1:-}
  [ -n "$file" ] || die "apply-routes: give a file (or - for standard input) with the gateway's routes in format=linux"
  ns_exists router || die "lab '$PREFIX' is not up"
  local routes line
  if [ "$file" = - ]; then routes=$(cat); else routes=$(cat "$file"); fi
  while IFS= read -r line; do
    [[ "$line" =~ ^[[:space:]]*(#.*)?$ ]] && continue
    [[ "$line" =~ ^ip\ (-6\ )?route\ (add|replace)\ [0-9a-fA-F.:/]+\ via\ [0-9a-fA-F.:]+$ ]] \
      || die "apply-routes: not an 'ip route add|replace CIDR via ADDRESS' line: $line"
  done <<< "$routes"
  printf '%s\n' "$routes" | in_ns router sh -e
  ip -n "$(ns router)" route show
}

cmd_exec() {
  [ $# -ge 2 ] || die "exec: usage: lab.sh exec ROLE COMMAND... (roles: ${ROLES[*]})"
  local role=$1; shift
  role=${role#"$PREFIX"}
  local known=false candidate
  for candidate in "${ROLES[@]}"; do [ "$candidate" = "$role" ] && known=true; done
  $known || die "exec: unknown role '$role' (roles: ${ROLES[*]})"
  exec ip netns exec "$(ns "$role")" "$@"
}

usage() {
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
}

main() {
  local command=${1:-}
  [ $# -eq 0 ] || shift
  case "$command" in
    up) cmd_up "$@" ;;
    down) cmd_down ;;
    status) cmd_status ;;
    env) cmd_env ;;
    gateway-config) cmd_gateway_config "$@" ;;
    apply-routes) cmd_apply_routes "$@" ;;
    exec) cmd_exec "$@" ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
