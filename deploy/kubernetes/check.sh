#!/usr/bin/env bash
# Renders the base and every overlay with `kubectl kustomize` (or a standalone `kustomize`) and checks what came
# out: references resolve (ConfigMap, ServiceAccount, roles), the RBAC stays read-only, the DaemonSet keeps its
# forwarding-node, network and security settings, and each gateway.yaml parses with no two clusters (or office
# and cluster) overlapping. Without kubectl/kustomize it checks the source files instead (YAML and references
# between them). Needs python3 with PyYAML for the checks; says what it could not do. Ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

render() {
  if command -v kubectl >/dev/null 2>&1; then kubectl kustomize "$1"
  elif command -v kustomize >/dev/null 2>&1; then kustomize build "$1"
  else return 127
  fi
}

targets=(base overlays/*/)
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
rendered=true
for target in "${targets[@]}"; do
  target=${target%/}
  out="$workdir/$(echo "$target" | tr / _).yaml"
  if render "$target" > "$out" 2>"$workdir/err"; then
    echo "ok - rendered $target"
  elif [ $? -eq 127 ]; then
    echo "# neither kubectl nor kustomize is installed: checking source files only, not rendered output"
    rendered=false
    break
  else
    echo "not ok - kustomize failed on $target: $(cat "$workdir/err")"
    echo "0 passed, 1 failed"
    exit 1
  fi
done

if ! python3 -c 'import yaml' 2>/dev/null; then
  echo "# python3 with PyYAML (apt-get install python3-yaml) is missing: only rendering was checked"
  $rendered && echo "${#targets[@]} passed, 0 failed"
  $rendered
  exit
fi

python3 - "$rendered" "$workdir" "${targets[@]}" <<'PYTHON'
import glob, ipaddress, os, sys, yaml

rendered, workdir, targets = sys.argv[1] == "true", sys.argv[2], [t.rstrip("/") for t in sys.argv[3:]]
passed = failed = 0

def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
        print("ok - " + what)
    else:
        failed += 1
        print("not ok - " + what)

def key(doc):
    meta = doc.get("metadata", {})
    return doc["kind"], meta.get("namespace"), meta["name"]

def check_gateway_yaml(text, where):
    config = yaml.safe_load(text)["gateway"]
    networks = []
    for name, office in (config.get("offices") or {}).items():
        networks += [("office " + name, ipaddress.ip_network(c)) for c in office["cidrs"]]
    for name, cluster in (config.get("clusters") or {}).items():
        cidrs = (cluster.get("pod-cidrs") or []) + (cluster.get("service-cidrs") or [])
        networks += [("cluster " + name, ipaddress.ip_network(c)) for c in cidrs]
        has_dns = bool(cluster.get("dns")) or bool((cluster.get("kubernetes") or {}).get("enabled"))
        check(has_dns, f"{where}: cluster {name} has dns or discovery")
    clashes = [f"{a} {x} overlaps {b} {y}" for i, (a, x) in enumerate(networks) for (b, y) in networks[i + 1:]
               if a != b and x.overlaps(y)]
    check(not clashes, f"{where}: no overlapping CIDRs" + "".join(": " + c for c in clashes))

def check_rendered(target, docs):
    objects = {key(d): d for d in docs}
    kinds = {k for k, _, _ in objects}
    check({"Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "ConfigMap",
           "DaemonSet"} <= kinds, f"{target}: every expected kind is there")
    for doc in docs:
        if doc["kind"] in ("ClusterRole", "Role"):
            verbs = {v for rule in doc["rules"] for v in rule["verbs"]}
            check(verbs <= {"get", "list", "watch"}, f"{target}: {doc['kind']} {doc['metadata']['name']} is read-only")
        if doc["kind"] == "Role":
            check(doc["metadata"]["namespace"] == "kube-system", f"{target}: the Role lives in kube-system")
        if doc["kind"] in ("ClusterRoleBinding", "RoleBinding"):
            ref = doc["roleRef"]
            role_ns = doc["metadata"].get("namespace") if ref["kind"] == "Role" else None
            check((ref["kind"], role_ns, ref["name"]) in objects, f"{target}: {doc['kind']} refers to an existing role")
            for s in doc["subjects"]:
                check(("ServiceAccount", s["namespace"], s["name"]) in objects,
                      f"{target}: {doc['kind']} subject {s['namespace']}/{s['name']} exists")
    for ds in (d for d in docs if d["kind"] == "DaemonSet"):
        ns = ds["metadata"]["namespace"]
        pod = ds["spec"]["template"]["spec"]
        check(("ServiceAccount", ns, pod["serviceAccountName"]) in objects, f"{target}: service account exists")
        check(pod.get("hostNetwork") is True, f"{target}: hostNetwork")
        check(pod.get("dnsPolicy") == "Default", f"{target}: dnsPolicy Default")
        check(bool(pod.get("nodeSelector")), f"{target}: pinned to forwarding nodes")
        check({"key": "forward", "operator": "Exists", "effect": "NoSchedule"} in pod.get("tolerations", []),
              f"{target}: tolerates the forward taint")
        for volume in pod["volumes"]:
            if "configMap" in volume:
                name = volume["configMap"]["name"]
                check(("ConfigMap", ns, name) in objects, f"{target}: ConfigMap {name} exists")
                check_gateway_yaml(objects[("ConfigMap", ns, name)]["data"]["gateway.yaml"], f"{target} gateway.yaml")
        for c in pod["containers"]:
            sc = c["securityContext"]
            caps = sc["capabilities"]
            check(not sc.get("privileged") and sc.get("allowPrivilegeEscalation") is False,
                  f"{target}: {c['name']} not privileged, no privilege escalation")
            check(caps["drop"] == ["ALL"] and set(caps["add"]) <= {"NET_ADMIN", "NET_RAW", "NET_BIND_SERVICE"},
                  f"{target}: {c['name']} has only the network capabilities")
            paths = {p.get("httpGet", {}).get("path") for p in (c.get("livenessProbe"), c.get("readinessProbe")) if p}
            check(paths == {"/q/health/live", "/q/health/ready"}, f"{target}: {c['name']} health probes")
            env = {e["name"] for e in c.get("env", [])}
            check({"QUARKUS_CONFIG_LOCATIONS", "NODE_NAME", "NODE_IP"} <= env, f"{target}: {c['name']} environment")

def check_sources(target):
    kustomization = yaml.safe_load(open(os.path.join(target, "kustomization.yaml")))
    files = list(kustomization.get("resources", []))
    files += [f for g in kustomization.get("configMapGenerator", []) for f in g.get("files", [])]
    files += [p["path"] for p in kustomization.get("patches", []) if "path" in p]
    for f in files:
        path = os.path.join(target, f)
        check(os.path.exists(path), f"{target}: {f} exists")
        if os.path.isfile(path):
            docs = [d for d in yaml.safe_load_all(open(path)) if d]
            check(bool(docs), f"{target}: {f} parses as YAML")
            if os.path.basename(f) == "gateway.yaml":
                check_gateway_yaml(open(path).read(), f"{target}/{f}")

for target in targets:
    if rendered:
        out = os.path.join(workdir, target.replace("/", "_") + ".yaml")
        check_rendered(target, [d for d in yaml.safe_load_all(open(out)) if d])
    else:
        check_sources(target)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PYTHON
