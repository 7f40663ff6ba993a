#!/usr/bin/python3
"""Fold a resolved Compose model into one canonical JSON form, so that two can be diffed.

    normalize.py [--profile P]... FILE          print FILE's canonical form
    normalize.py [--profile P]... REF DTX       print a unified diff; exit 0 if equal, 1 if not

FILE ('-' for stdin) is either the YAML that Debian's docker-compose 1.29 prints
(`docker-compose -f F config`) or the JSON of `dtx config --format json`, whose target shape is
Compose v2's `docker compose config --format json`. JSON is tried first, then YAML.

--profile names the active profiles. 1.29 prints every service whatever the profiles, so
services none of whose profiles is active are dropped from FILE, or from REF only when
comparing: dtx (like v2) prints only the active ones, and dropping them from its side too would
hide a dtx that printed an inactive service.

Only differences of representation that are known and harmless are folded; README.md beside
this file lists them and says where 1.29 and v2 really differ. The folds are idempotent and
applied to both sides alike, so a fold never hides a difference that one side alone could make.

Runs on Python 3 stdlib plus PyYAML, which Debian's docker-compose package pulls in
(python3-yaml): hence /usr/bin/python3, not whichever python3 is first on PATH.
"""

import argparse
import difflib
import json
import re
import shlex
import sys

import yaml

# Where byte sizes live (path below a service, '*' for any list item).
BYTE_FIELDS = [
    ("mem_limit",), ("mem_reservation",), ("memswap_limit",), ("shm_size",), ("build", "shm_size"),
    ("deploy", "resources", "limits", "memory"), ("deploy", "resources", "reservations", "memory"),
    ("volumes", "*", "tmpfs", "size"),
]
DURATION_FIELDS = [
    ("stop_grace_period",), ("healthcheck", "interval"), ("healthcheck", "timeout"),
    ("healthcheck", "start_period"), ("healthcheck", "start_interval"),
]
BINARY_UNITS = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "p": 1 << 50}
# The shorthands of deploy.resources.limits (one setting, two places; see limits()).
LIMIT_SHORTHANDS = (("mem_limit", "memory"), ("cpus", "cpus"), ("pids_limit", "pids"))
NS_PER_UNIT = {"ns": 1, "us": 10**3, "µs": 10**3, "ms": 10**6, "s": 10**9, "m": 60 * 10**9, "h": 3600 * 10**9}


def load(path):
    text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
    try:
        doc = json.loads(text)
    except ValueError:
        doc = yaml.safe_load(text)
    return doc or {}  # an empty output (a tool that failed) compares as an empty document


# ---- scalar folds ---------------------------------------------------------------------------

def byte_size(value):
    """A byte size as an int. 1.29 prints sizes as written ("512m", 67108864), v2 as a string of
    bytes ("536870912"). Strings are read as compose-go does: an integer (also "-1"), else
    go-units RAMInBytes (binary units k m g t p, optionally followed by b or ib)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value)
    text = str(value)
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if " " in text:
        number, unit = text.split(" ", 1)
    else:
        last = max(text.rfind(c) for c in "0123456789.")
        number, unit = text[: last + 1], text[last + 1 :]
    try:
        size = float(number)
    except ValueError:
        return value  # left as written: the diff will show it
    unit = unit.lower()
    if size < 0:
        return value
    if unit in ("", "b"):
        return int(size)
    if len(unit) <= 3 and unit[0] in BINARY_UNITS and unit[1:] in ("", "b", "ib"):
        return int(size * BINARY_UNITS[unit[0]])
    return value


def go_duration(value):
    """A duration as Go's time.Duration.String() writes it ("1m30s", "1.5s", "500ms", "1h0m0s"),
    which is what v2 prints; 1.29 prints "90s", "1500ms" or the text as written."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        ns = int(value * 10**9)  # a bare number is seconds
    else:
        parts = re.findall(r"(\d+\.?\d*|\.\d+)(ns|us|µs|ms|s|m|h)", str(value))
        if not parts or "".join(n + u for n, u in parts) != str(value):
            return value
        ns = round(sum(float(n) * NS_PER_UNIT[u] for n, u in parts))
    if ns == 0:
        return "0s"
    if ns < 10**9:
        for unit, per in (("ms", 10**6), ("us", 10**3), ("ns", 1)):
            if ns >= per:
                return f"{ns / per:.9f}".rstrip("0").rstrip(".") + ("µs" if unit == "us" else unit)
    hours, rest = divmod(ns, 3600 * 10**9)
    minutes, rest = divmod(rest, 60 * 10**9)
    seconds = f"{rest / 10**9:.9f}".rstrip("0").rstrip(".") + "s"
    if hours:
        return f"{hours}h{minutes}m{seconds}"
    return f"{minutes}m{seconds}" if minutes else seconds


def to_str(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if value is None or isinstance(value, str) else str(value)


def key_value_map(value, sep="="):
    """environment / labels: a list of "K=V" (or bare "K") becomes a map; values become strings.
    A bare K stays null in environment (unresolved) - callers of labels turn it into ''."""
    if isinstance(value, list):
        pairs = (item.split(sep, 1) for item in value)
        value = {p[0]: (p[1] if len(p) > 1 else None) for p in pairs}
    return {k: to_str(v) for k, v in value.items()}


def at(service, path, fold):
    """Apply `fold` to the value at `path` below `service`, wherever it exists."""
    def walk(node, rest):
        if not rest:
            return fold(node)
        head, tail = rest[0], rest[1:]
        if head == "*" and isinstance(node, list):
            return [walk(item, tail) for item in node]
        if isinstance(node, dict) and head in node:
            node[head] = walk(node[head], tail)
        return node
    return walk(service, list(path))


# ---- service field folds --------------------------------------------------------------------

def port(entry):
    """Every port in v2's long form: 1.29 keeps "IP:published:target/proto" strings for ports
    with a host IP (IPv6 without its brackets) and omits protocol/mode unless written."""
    if not isinstance(entry, dict):
        text, _, protocol = str(entry).partition("/")
        pieces = text.rsplit(":", 2)
        entry = {"target": pieces[-1], "protocol": protocol or "tcp"}
        if len(pieces) >= 2 and pieces[-2]:
            entry["published"] = pieces[-2]
        if len(pieces) == 3 and pieces[0]:
            entry["host_ip"] = pieces[0].strip("[]")
    entry = dict(entry)
    entry["target"] = int(entry["target"])
    if entry.get("published") in (None, ""):
        entry.pop("published", None)
    else:
        entry["published"] = str(entry["published"])  # v2 prints a string, 1.29 an int
    entry.setdefault("protocol", "tcp")
    entry.setdefault("mode", "ingress")
    return entry


def port_order(entry):
    return (entry["target"], entry.get("published", ""), entry["protocol"], entry.get("host_ip", ""), entry["mode"])


def volume(entry):
    """Every service volume in the long form. 1.29 keeps short entries short ("src:dst:rw",
    paths made absolute); v2 turns them long and adds bind.create_host_path / an empty volume."""
    if isinstance(entry, str):
        parts = entry.split(":")
        if len(parts) == 1:
            entry = {"type": "volume", "target": parts[0]}
        else:
            source, target, options = parts[0], parts[1], (parts[2].split(",") if len(parts) > 2 else [])
            bind = source.startswith(("/", ".", "~"))
            entry = {"type": "bind" if bind else "volume", "source": source, "target": target}
            for option in options:
                if option == "ro":
                    entry["read_only"] = True
                elif option == "nocopy":
                    entry["volume"] = {"nocopy": True}
                elif option in ("z", "Z"):
                    entry.setdefault("bind", {})["selinux"] = option
                elif option != "rw":
                    entry.setdefault("bind", {})["propagation"] = option
    entry = dict(entry)
    bind = dict(entry.get("bind") or {})
    if bind.get("create_host_path") is True:
        del bind["create_host_path"]  # v2's default for the short form; 1.29 cannot say it
    entry["bind"] = bind
    for key in ("bind", "volume", "tmpfs"):
        if entry.get(key) in ({}, None):
            entry.pop(key, None)
    if entry.get("read_only") is False:
        del entry["read_only"]
    return entry


def healthcheck(check):
    check = dict(check)
    if check.get("disable") is True or check.get("test") == ["NONE"]:
        return {"disable": True}  # 1.29 prints disable as test: [NONE]; v2 keeps disable: true
    if isinstance(check.get("test"), str):
        check["test"] = ["CMD-SHELL", check["test"]]
    return check


def depends_on(value):
    if isinstance(value, list):
        value = {name: {} for name in value}
    return {name: {"condition": "service_started", "required": True, **(dep or {})}
            for name, dep in value.items()}


def volumes_from(entry):
    """1.29 prints "service:db:ro" / "container:x:rw"; v2 keeps "db:ro" / "container:x" as written
    (rw is the default)."""
    entry = entry[len("service:"):] if entry.startswith("service:") else entry
    return entry[:-len(":rw")] if entry.endswith(":rw") else entry


def implied_dependencies(svc):
    """links, network_mode/ipc/pid "service:X" and volumes_from X make the service depend on X.
    compose-go (loader/normalize.go) writes each under depends_on (service_started, restart: true);
    1.29 applies them when it starts the services but leaves them out of `config`."""
    named = [link.split(":")[0] for link in svc.get("links", [])]
    named += [svc[key][len("service:"):] for key in ("network_mode", "ipc", "pid")
              if str(svc.get(key, "")).startswith("service:")]
    named += [v.split(":")[0] for v in svc.get("volumes_from", []) if not v.startswith("container:")]
    for name in named:
        deps = svc.setdefault("depends_on", {})
        if isinstance(deps, list):
            deps = svc["depends_on"] = {n: {} for n in deps}
        deps.setdefault(name, {"condition": "service_started", "required": True, "restart": True})
    return svc


def extra_hosts(value):
    """v2 prints a sorted list of "host=ip"; 1.29 prints what was written (list or map, ':' or '=')."""
    if isinstance(value, dict):
        items = [f"{host}={ip}" for host, ips in value.items() for ip in (ips if isinstance(ips, list) else [ips])]
    else:
        items = [re.sub(r"^([^=:]+):", r"\1=", item) if "=" not in item else item for item in value]
    return sorted(items)


def tmpfs_item(item):
    """A `tmpfs` entry "/path:opt,opt" with its options in one order, `size=` in bytes and `mode=`
    in octal without leading zeros. 1.29 and v2 print the entry as written; dtx parses it and
    writes it back (size=67108864,mode=1777,noexec). The mount reads all of these alike."""
    path, sep, options = str(item).partition(":")
    if not sep:
        return item
    folded = []
    for option in options.split(","):
        name, eq, value = option.partition("=")
        if eq and name == "size":
            value = str(byte_size(value))
        elif eq and name == "mode" and re.fullmatch(r"[0-7]+", value):
            value = format(int(value, 8), "o")
        folded.append(name + eq + value)
    return path + ":" + ",".join(sorted(folded))


def limits(svc):
    """mem_limit / cpus / pids_limit -> deploy.resources.limits.{memory,cpus,pids}. 1.29 and v2
    print each where it was written; dtx keeps one set of limits and prints it under deploy.
    compose-go rejects distinct values in the two places (loader/validate.go) and docker compose
    applies either alike. A shorthand that disagrees with a deploy limit stays put, so it shows."""
    for short, field in LIMIT_SHORTHANDS:
        if short not in svc:
            continue
        resources = svc.setdefault("deploy", {}).setdefault("resources", {})
        limit = resources.setdefault("limits", {})
        if limit.get(field, svc[short]) == svc[short]:
            limit[field] = svc.pop(short)
    return svc


def service(svc):
    svc = {k: v for k, v in svc.items() if v is not None and not k.startswith("x-")}
    for key in ("command", "entrypoint"):
        if isinstance(svc.get(key), str):
            svc[key] = shlex.split(svc[key])  # v2 splits with go-shellwords; 1.29 keeps the string
    if "environment" in svc:
        svc["environment"] = key_value_map(svc["environment"])
    if "labels" in svc:
        svc["labels"] = {k: v or "" for k, v in key_value_map(svc["labels"]).items()}
    if "expose" in svc:
        svc["expose"] = [str(e) for e in svc["expose"]]
    if "ports" in svc:
        svc["ports"] = sorted((port(p) for p in svc["ports"]), key=port_order)  # order means nothing
    if "volumes" in svc:
        svc["volumes"] = [volume(v) for v in svc["volumes"]]
    if isinstance(svc.get("tmpfs"), str):
        svc["tmpfs"] = [svc["tmpfs"]]
    if "tmpfs" in svc:
        svc["tmpfs"] = [tmpfs_item(t) for t in svc["tmpfs"]]
    if "volumes_from" in svc:
        svc["volumes_from"] = [volumes_from(v) for v in svc["volumes_from"]]
    svc = implied_dependencies(svc)
    if "depends_on" in svc:
        svc["depends_on"] = depends_on(svc["depends_on"])
    if "healthcheck" in svc:
        svc["healthcheck"] = healthcheck(svc["healthcheck"])
    if "extra_hosts" in svc:
        svc["extra_hosts"] = extra_hosts(svc["extra_hosts"])
    if isinstance(svc.get("networks"), list):
        svc["networks"] = {name: None for name in svc["networks"]}
    if "networks" not in svc and "network_mode" not in svc:
        svc["networks"] = {"default": None}  # v2 says so; 1.29 leaves it implicit
    if isinstance(svc.get("build"), dict) and svc["build"].get("dockerfile") == "Dockerfile":
        svc["build"] = {k: v for k, v in svc["build"].items() if k != "dockerfile"}
    if svc.get("pull_policy") == "if_not_present":
        svc["pull_policy"] = "missing"  # compose-go loader/normalize.go; 1.29 prints as written
    for path in BYTE_FIELDS:
        svc = at(svc, path, byte_size)
    for path in DURATION_FIELDS:
        svc = at(svc, path, go_duration)
    for path in (("cpus",), ("deploy", "resources", "limits", "cpus"), ("deploy", "resources", "reservations", "cpus")):
        svc = at(svc, path, float)
    return limits(svc)  # after the folds above, so that values compare folded


# ---- the document ---------------------------------------------------------------------------

def resources(section):
    """Top-level networks / volumes: v2 names each '<project>_<key>' and gives networks an empty
    ipam; 1.29 prints neither. An explicit name, or an external one's, is kept."""
    out = {}
    for key, conf in (section or {}).items():
        conf = {k: v for k, v in (conf or {}).items() if not k.startswith("x-") and v not in ({}, None)}
        if not conf.get("external") and str(conf.get("name", "")).endswith("_" + key):
            del conf["name"]
        out[key] = conf
    return out


def normalize(doc, profiles):
    """profiles: the active ones, to drop the services 1.29 prints although inactive; None keeps
    every service (dtx's side, see the module's doc)."""
    doc = {k: v for k, v in doc.items() if not k.startswith("x-") and k not in ("version", "name")}
    services = {}
    for name, svc in (doc.get("services") or {}).items():
        wanted = svc.get("profiles")
        if profiles is not None and wanted and not set(wanted) & set(profiles):
            continue  # 1.29 prints every service; v2 only the active ones
        services[name] = service(svc)
    doc["services"] = services
    for key in ("networks", "volumes"):
        if key in doc:
            doc[key] = resources(doc[key])
    if doc.get("networks", {}).get("default") == {}:
        del doc["networks"]["default"]  # v2's implicit default network
    for key in ("networks", "volumes"):
        if doc.get(key) == {}:
            del doc[key]
    return doc


def canonical(doc, profiles):
    """The canonical text of a loaded document (see normalize() for `profiles`)."""
    return json.dumps(normalize(doc, profiles), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def diff(texts, name_a, name_b):
    """A unified diff of two canonical texts, as a list of lines; empty when they are equal."""
    return list(difflib.unified_diff(texts[0].splitlines(True), texts[1].splitlines(True), name_a, name_b))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", action="append", default=[], help="an active profile")
    parser.add_argument("files", nargs="+", metavar="FILE")
    args = parser.parse_args()
    if len(args.files) > 2:
        parser.error("one file to print, or two to compare")
    texts = [canonical(load(f), args.profile if i == 0 else None) for i, f in enumerate(args.files)]
    if len(texts) == 1:
        sys.stdout.write(texts[0])
        return 0
    lines = diff(texts, *args.files)
    sys.stdout.writelines(lines)
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
