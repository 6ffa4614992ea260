"""Writers for the held-out corpus: show -json states and plans of every
format version, raw v4 states, settings objects, and case manifests."""

import base64
import copy
import hashlib
import json
import os
import re

OUT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PROVIDERS = {
    "aws": "hashicorp/aws",
    "google": "hashicorp/google",
    "google-beta": "hashicorp/google-beta",
    "azurerm": "hashicorp/azurerm",
    "kubernetes": "hashicorp/kubernetes",
    "helm": "hashicorp/helm",
    "random": "hashicorp/random",
    "time": "hashicorp/time",
    "tls": "hashicorp/tls",
    "cloudflare": "cloudflare/cloudflare",
    "datadog": "datadog/datadog",
    "github": "integrations/github",
}


def hx(seed, n):
    """Deterministic lowercase hex of length n."""
    out = ""
    i = 0
    while len(out) < n:
        out += hashlib.sha256(f"{seed}/{i}".encode()).hexdigest()
        i += 1
    return out[:n]


def num(seed, lo, hi):
    return lo + int(hx(seed, 12), 16) % (hi - lo + 1)


def digits(seed, n):
    s = str(int(hx(seed, 30), 16))
    return (s * 3)[:n]


def alnum(seed, n, upper=False, lower=True):
    chars = ""
    if upper:
        chars += "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    if lower:
        chars += "abcdefghijklmnopqrstuvwxyz"
    chars += "0123456789"
    v = int(hx(seed, 64), 16)
    out = ""
    for _ in range(n):
        v, r = divmod(v, len(chars))
        out += chars[r]
        if v < len(chars):
            v = int(hx(seed + out, 64), 16)
    return out


def uid(seed):
    h = hx(seed, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:32]}"


def ip(seed, prefix):
    parts = prefix.split(".")
    while len(parts) < 4:
        parts.append(str(num(seed + str(len(parts)), 2, 250)))
    return ".".join(parts)


def ts(seed, year=2024, fmt="z"):
    """A timestamp of one of several shapes."""
    m = num(seed + "m", 1, 12)
    d = num(seed + "d", 1, 28)
    hh = num(seed + "h", 0, 23)
    mm = num(seed + "i", 0, 59)
    ss = num(seed + "s", 0, 59)
    ms = num(seed + "ms", 0, 999)
    if fmt == "z":
        return f"{year}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}:{ss:02d}Z"
    if fmt == "ms":
        return f"{year}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}:{ss:02d}.{ms:03d}Z"
    if fmt == "ns":
        return f"{year}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}:{ss:02d}.{ms:03d}{num(seed+'n',100000,999999)}Z"
    if fmt == "off":
        return f"{year}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}:{ss:02d}.{ms:03d}-07:00"
    if fmt == "plus":
        return f"{year}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}:{ss:02d}+00:00"
    if fmt == "azure":
        return f"{year}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}:{ss:02d}.{ms:03d}{num(seed+'n',1000,9999)}Z"
    if fmt == "epoch":
        return str(1700000000 + num(seed, 0, 40000000))
    if fmt == "rfc1123":
        days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return f"{days[d % 7]}, {d:02d} {months[m-1]} {year} {hh:02d}:{mm:02d}:{ss:02d} GMT"
    raise ValueError(fmt)


def cj(obj):
    """Compact JSON as cloud APIs return it."""
    return json.dumps(obj, separators=(",", ":"))


def pj(obj):
    """JSON as jsonencode() writes it (compact, sorted keys)."""
    return json.dumps(obj, separators=(",", ":"), sort_keys=True)


class R:
    """One resource instance."""

    def __init__(self, type, name, values, module=None, index=None, provider=None,
                 schema_version=0, sensitive=(), deps=(), mode="managed", unknown=(),
                 refs=None, private=None):
        self.type = type
        self.name = name
        self.values = values
        self.module = module
        self.index = index
        self.provider = provider or type.split("_")[0]
        if self.provider == "google" and type.startswith("google_"):
            self.provider = "google"
        self.schema_version = schema_version
        self.sensitive = [tuple(p) if isinstance(p, (list, tuple)) else (p,) for p in sensitive]
        self.deps = list(deps)
        self.mode = mode
        # unknown: attribute paths unknown at plan time when this resource is
        # created or replaced.
        self.unknown = [tuple(p) if isinstance(p, (list, tuple)) else (p,) for p in unknown]
        self.refs = refs or {}
        self.private = private

    @property
    def local(self):
        a = ("data." if self.mode == "data" else "") + f"{self.type}.{self.name}"
        if self.index is not None:
            a += f"[{self.index}]" if isinstance(self.index, int) else f'[{json.dumps(self.index)}]'
        return a

    @property
    def address(self):
        return (self.module + "." if self.module else "") + self.local


def provider_name(p, tfver):
    if tfver.startswith("0.12"):
        return p
    return "registry.terraform.io/" + PROVIDERS[p]


def build_mask(v):
    if isinstance(v, dict):
        return {k: build_mask(x) for k, x in v.items() if isinstance(x, (dict, list))}
    if isinstance(v, list):
        return [build_mask(x) if isinstance(x, (dict, list)) else False for x in v]
    return False


def set_path(mask, path, val=True):
    cur = mask
    for i, step in enumerate(path[:-1]):
        if isinstance(cur, dict):
            cur = cur.setdefault(step, {} if isinstance(path[i + 1], str) else [])
        else:
            while len(cur) <= step:
                cur.append({})
            cur = cur[step]
    last = path[-1]
    if isinstance(cur, dict):
        cur[last] = val
    else:
        while len(cur) <= last:
            cur.append(False)
        cur[last] = val


def sensitive_mask(r, values):
    m = build_mask(values) if values is not None else {}
    for p in r.sensitive:
        set_path(m, p)
    return m


def strip_unknown(values, unknown):
    v = copy.deepcopy(values)
    for p in unknown:
        cur = v
        ok = True
        for step in p[:-1]:
            try:
                cur = cur[step]
            except (KeyError, IndexError, TypeError):
                ok = False
                break
        if ok and isinstance(cur, dict):
            cur.pop(p[-1], None)
        elif ok and isinstance(cur, list) and isinstance(p[-1], int) and p[-1] < len(cur):
            cur[p[-1]] = None
    return v


def unknown_mask(r, values):
    m = build_mask(values) if values is not None else {}
    # Terraform writes after_unknown with containers only where they hold an
    # unknown; keep the shape but prune empty containers for brevity.
    for p in r.unknown:
        set_path(m, p)
    return prune(m) or {}


def prune(m):
    if isinstance(m, dict):
        out = {}
        for k, x in m.items():
            px = prune(x)
            if px not in (None, False, {}, []) or x is True:
                out[k] = px if x is not True else True
        return out
    if isinstance(m, list):
        items = [prune(x) if x is not True else True for x in m]
        if any(i not in (None, False, {}, []) for i in items):
            return [i if i not in (None, {}, []) else False for i in items]
        return []
    return m


def module_tree(resources, tfver, fmt, values_of=None):
    """The root_module object of a show -json document."""
    root = {"resources": [], "children": {}}
    for r in resources:
        node = root
        if r.module:
            parts = re.findall(r'module\.[^.\[]+(?:\[[^\]]+\])?', r.module)
            acc = ""
            for p in parts:
                acc = (acc + "." if acc else "") + p
                node = node["children"].setdefault(acc, {"resources": [], "children": {}})
        node["resources"].append(r)
    top = render_tree(root, None, tfver, fmt, values_of)
    top.pop("address", None)
    return top


def render_tree(node, addr, tfver, fmt, values_of):
    out = {}
    res = []
    for r in node["resources"]:
        vals = values_of(r) if values_of else r.values
        if vals is None:
            continue
        o = {"address": r.address, "mode": r.mode, "type": r.type, "name": r.name}
        if r.index is not None:
            o["index"] = r.index
        o["provider_name"] = provider_name(r.provider, tfver)
        o["schema_version"] = r.schema_version
        o["values"] = vals
        if fmt != "0.1":
            o["sensitive_values"] = sensitive_mask(r, vals)
        res.append(o)
    if res:
        out["resources"] = res
    kids = [render_tree(n, a, tfver, fmt, values_of) for a, n in node["children"].items()]
    kids = [k for k in kids if k.get("resources") or k.get("child_modules")]
    if kids:
        out["child_modules"] = kids
    if addr:
        out["address"] = addr
    return out


def show_state(resources, fmt="1.0", tfver="1.7.5", outputs=None):
    doc = {"format_version": fmt, "terraform_version": tfver, "values": {}}
    if outputs:
        doc["values"]["outputs"] = outputs
    doc["values"]["root_module"] = module_tree(resources, tfver, fmt)
    return doc


def expressions_for(r, values):
    ex = {}
    skip = {"id", "arn", "tags_all", "self_link", "creation_timestamp", "etag", "fingerprint"}
    for k, v in (values or {}).items():
        if k in r.refs:
            ex[k] = {"references": r.refs[k]}
            continue
        if k in skip or (r.unknown and (k,) in r.unknown):
            continue
        if v is None or v == "" or v == [] or v == {}:
            continue
        if isinstance(v, list) and v and isinstance(v[0], dict):
            ex[k] = [expressions_block(x) for x in v]
        else:
            ex[k] = {"constant_value": v}
    return ex


def expressions_block(b):
    out = {}
    for k, v in b.items():
        if v is None or v == "" or v == [] or v == {}:
            continue
        if isinstance(v, list) and v and isinstance(v[0], dict):
            out[k] = [expressions_block(x) for x in v]
        else:
            out[k] = {"constant_value": v}
    return out


def config_tree(resources, provider_keys):
    root = {"resources": [], "module_calls": {}}
    seen = set()
    for r in resources:
        node = root
        if r.module:
            names = re.findall(r'module\.([^.\[]+)(\[[^\]]+\])?', r.module)
            for name, idx in names:
                call = node["module_calls"].setdefault(name, {"source": f"./modules/{name}", "module": {"resources": [], "module_calls": {}}})
                if idx:
                    if idx.startswith('["'):
                        call.setdefault("for_each_expression", {"references": [f"var.{name}s"]})
                    else:
                        call.setdefault("count_expression", {"references": [f"var.{name}_count"]})
                node = call["module"]
        key = (id(node), r.mode, r.type, r.name)
        if key in seen:
            continue
        seen.add(key)
        o = {
            "address": ("data." if r.mode == "data" else "") + f"{r.type}.{r.name}",
            "mode": r.mode,
            "type": r.type,
            "name": r.name,
            "provider_config_key": r.provider,
            "expressions": expressions_for(r, r.values),
            "schema_version": r.schema_version,
        }
        if isinstance(r.index, int):
            o["count_expression"] = {"references": [f"var.{r.name}_count"]}
        elif r.index is not None:
            o["for_each_expression"] = {"references": [f"local.{r.name}"]}
        node["resources"].append(o)

    def clean(n):
        if not n["module_calls"]:
            n.pop("module_calls")
        else:
            for c in n["module_calls"].values():
                clean(c["module"])
        if not n["resources"]:
            n.pop("resources")
        return n
    clean(root)
    return {"provider_config": provider_keys, "root_module": root}


def show_plan(after, before=None, fmt="1.2", tfver="1.9.8", actions=None, created=(),
              timestamp=None, relevant=None, variables=None, outputs=None, region=None):
    """A plan document. after: resources with their planned values (unknown
    attributes listed in R.unknown for created/replaced resources). before:
    resources of the prior state (None for a plan from an empty state).
    created: addresses created by this plan. actions: address -> actions."""
    actions = actions or {}
    before_by = {r.address: r for r in (before or [])}
    doc = {"format_version": fmt, "terraform_version": tfver}
    if variables:
        doc["variables"] = {k: {"value": v} for k, v in variables.items()}

    def planned_vals(r):
        if r.address in created or actions.get(r.address, ["no-op"])[0] in ("create",) or "create" in actions.get(r.address, []):
            return strip_unknown(r.values, r.unknown)
        return r.values
    pv = {}
    if outputs:
        pv["outputs"] = {k: {"sensitive": v.get("sensitive", False), **({"value": v["value"]} if "value" in v else {})} for k, v in outputs.items()}
    pv["root_module"] = module_tree(after, tfver, fmt, values_of=planned_vals)
    doc["planned_values"] = pv
    rcs = []
    for r in after:
        acts = actions.get(r.address)
        if acts is None:
            acts = ["create"] if (r.address in created or r.address not in before_by) else ["no-op"]
        b = before_by.get(r.address)
        creating = "create" in acts
        rc = {"address": r.address}
        if r.module:
            rc["module_address"] = r.module
        rc.update({"mode": r.mode, "type": r.type, "name": r.name})
        if r.index is not None:
            rc["index"] = r.index
        rc["provider_name"] = provider_name(r.provider, tfver)
        after_v = strip_unknown(r.values, r.unknown) if creating else r.values
        ch = {
            "actions": acts,
            "before": None if (b is None or acts == ["create"]) else b.values,
            "after": after_v,
            "after_unknown": unknown_mask(r, r.values) if creating else {},
        }
        if fmt != "0.1":
            ch["before_sensitive"] = False if ch["before"] is None else sensitive_mask(b, b.values)
            ch["after_sensitive"] = sensitive_mask(r, after_v)
        if "delete" in acts and "create" in acts:
            ch["replace_paths"] = [[k] for k in (r.unknown[:1] and [r.unknown[0][0]])]
        rc["change"] = ch
        if "delete" in acts and "create" in acts:
            rc["action_reason"] = "replace_because_cannot_update"
        rcs.append(rc)
    doc["resource_changes"] = rcs
    if outputs:
        doc["output_changes"] = {k: {"actions": ["no-op"], "before": v.get("value"), "after": v.get("value"), "after_unknown": False, "before_sensitive": v.get("sensitive", False), "after_sensitive": v.get("sensitive", False)} for k, v in outputs.items()}
    if before:
        sfmt = "1.0" if fmt.startswith("1.") else fmt
        ps = {"format_version": sfmt, "terraform_version": tfver, "values": {}}
        if outputs:
            ps["values"]["outputs"] = {k: {"sensitive": v.get("sensitive", False), "value": v.get("value"), **({"type": v["type"]} if "type" in v else {})} for k, v in outputs.items()}
        ps["values"]["root_module"] = module_tree(before, tfver, fmt)
        doc["prior_state"] = ps
    provs = {}
    for r in after:
        provs.setdefault(r.provider, {"name": r.provider, "full_name": "registry.terraform.io/" + PROVIDERS[r.provider]})
        if region and r.provider == "aws":
            provs["aws"]["expressions"] = {"region": {"constant_value": region}}
    doc["configuration"] = config_tree(after, provs)
    if relevant:
        doc["relevant_attributes"] = relevant
    v = tuple(int(x) for x in tfver.split(".")[:2])
    if v >= (1, 5) and timestamp:
        doc["timestamp"] = timestamp
    if v >= (1, 8):
        doc["applyable"] = any(rc["change"]["actions"] != ["no-op"] for rc in rcs)
        doc["complete"] = True
    if v >= (1, 4):
        doc["errored"] = False
    return doc


def raw_state(resources, tfver="1.6.6", serial=1, lineage_seed="x", outputs=None):
    groups = {}
    order = []
    for r in resources:
        key = (r.module, r.mode, r.type, r.name)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(r)
    res = []
    for key in order:
        rs = groups[key]
        r0 = rs[0]
        o = {}
        if r0.module:
            o["module"] = r0.module
        o.update({"mode": r0.mode, "type": r0.type, "name": r0.name})
        if isinstance(r0.index, int):
            o["each"] = "list"
        elif r0.index is not None:
            o["each"] = "map"
        o["provider"] = f'provider["registry.terraform.io/{PROVIDERS[r0.provider]}"]'
        insts = []
        for r in rs:
            i = {}
            if r.index is not None:
                i["index_key"] = r.index
            i["schema_version"] = r.schema_version
            i["attributes"] = r.values
            sens = []
            for p in r.sensitive:
                steps = []
                for s in p:
                    if isinstance(s, int):
                        steps.append({"type": "index", "value": {"value": s, "type": "number"}})
                    else:
                        steps.append({"type": "get_attr", "value": s})
                sens.append(steps)
            i["sensitive_attributes"] = sens
            if r.private is not None:
                i["private"] = r.private
            elif r.mode == "managed":
                i["private"] = base64.b64encode(b'{"schema_version":"%d"}' % r.schema_version).decode()
            if r.deps:
                i["dependencies"] = sorted(r.deps)
            insts.append(i)
        o["instances"] = insts
        res.append(o)
    doc = {
        "version": 4,
        "terraform_version": tfver,
        "serial": serial,
        "lineage": uid("lineage" + lineage_seed),
        "outputs": outputs or {},
        "resources": res,
    }
    v = tuple(int(x) for x in tfver.split(".")[:2])
    if v >= (1, 3):
        doc["check_results"] = None
    return doc


def write_case(cloud, name, description, source, ratio, labels, staging, production, ext="json", rules=None):
    d = os.path.join(OUT, cloud, name)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        p = os.path.join(d, f)
        if os.path.isfile(p):
            os.remove(p)
    man = {"description": description, "ratio": ratio, "source": source, "labels": labels}
    with open(os.path.join(d, "case.json"), "w") as f:
        json.dump(man, f, indent=2)
        f.write("\n")
    for side, doc in (("staging", staging), ("production", production)):
        if isinstance(doc, dict):
            with open(os.path.join(d, f"{side}.{ext}"), "w") as f:
                json.dump(doc, f, indent=2)
                f.write("\n")
        else:
            # a directory of files: {filename: text}
            sd = os.path.join(d, side)
            os.makedirs(sd, exist_ok=True)
            for fn, text in doc:
                with open(os.path.join(sd, fn), "w") as f:
                    f.write(text)
    if rules:
        with open(os.path.join(d, "parity.hcl"), "w") as f:
            f.write(rules)


def L(kind, address, path, why, prefix=False):
    l = {"kind": kind, "address": address, "path": path}
    if prefix:
        l["prefix"] = True
    l["why"] = why
    return l


def find(resources, address):
    for r in resources:
        if r.address == address:
            return r
    raise KeyError(address)


def tags(env, extra=None, **kw):
    t = {"Environment": env["name"], "ManagedBy": "terraform"}
    t.update(kw)
    if extra:
        t.update(extra)
    return t


STG = {"name": "staging", "short": "stg", "acct": "418295370612", "seed": "stg"}
PRD = {"name": "production", "short": "prod", "acct": "702913845266", "seed": "prd"}
