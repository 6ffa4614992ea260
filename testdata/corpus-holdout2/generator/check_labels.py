import json, os, re, sys
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

def resources(path):
    out = {}
    if os.path.isdir(path):
        return None
    d = json.load(open(path))
    if d.get("version") == 4:
        for r in d["resources"]:
            base = (r.get("module") + "." if r.get("module") else "") + ("data." if r["mode"] == "data" else "") + f'{r["type"]}.{r["name"]}'
            for i in r["instances"]:
                a = base
                if "index_key" in i:
                    k = i["index_key"]
                    a += f"[{k}]" if isinstance(k, int) else f"[{json.dumps(k)}]"
                v = i["attributes"]
                v = {k: (x["value"] if isinstance(x, dict) and set(x) == {"value", "type"} else x) for k, x in v.items()}
                out[a] = v
        return out
    if "format_version" in d:
        root = d.get("planned_values", d.get("values"))["root_module"]
        def walk(m):
            for r in m.get("resources", []):
                out[r["address"]] = r["values"]
            for c in m.get("child_modules", []):
                walk(c)
        walk(root)
        # unknown attributes are absent from planned values: take resource_changes after + after_unknown keys
        for rc in d.get("resource_changes", []):
            for k in (rc["change"].get("after_unknown") or {}):
                out.setdefault(rc["address"], {}).setdefault(k, "(unknown)")
        return out
    return {"": d}

def steps(p):
    toks = re.findall(r'\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\]|([^.\[\]]+)', p)
    out = []
    for q, n, name in toks:
        if q: out.append(json.loads('"' + q + '"'))
        elif n: out.append(int(n))
        else: out.append(name)
    return out

def resolve(v, st):
    for s in st:
        if isinstance(s, int):
            if not isinstance(v, list) or s >= len(v): return False
            v = v[s]
        else:
            if not isinstance(v, dict) or s not in v: return False
            v = v[s]
    return True

def get(v, st):
    for s in st:
        try:
            v = v[s]
        except (KeyError, IndexError, TypeError):
            return "(absent)"
    return v


def main():
    """Every label names a resource of the documents and a path that exists there, with a value that differs between the sides (sizes excepted)."""
    bad = 0
    for cloud in sorted(c for c in os.listdir(ROOT) if os.path.isdir(os.path.join(ROOT, c)) and c != "generator"):
        cd = os.path.join(ROOT, cloud)
        for case in sorted(c for c in os.listdir(cd) if os.path.exists(os.path.join(cd, c, "case.json"))):
            d = os.path.join(cd, case)
            man = json.load(open(os.path.join(d, "case.json")))
            sides = {}
            for side in ("staging", "production"):
                f = [x for x in os.listdir(d) if x == side or x.startswith(side + ".")][0]
                sides[side] = resources(os.path.join(d, f))
            for l in man["labels"]:
                if sides["staging"] is None:
                    # HCL: the first step must appear in the staging .tf files
                    text = "".join(open(os.path.join(d, "staging", f)).read() for f in os.listdir(os.path.join(d, "staging")))
                    first = steps(l["path"])[0]
                    typ, name = l["address"].split("[")[0].split(".")[-2:]
                    if f'resource "{typ}" "{name}"' not in text or first not in text:
                        print("HCL?", cloud, case, l["address"], l["path"]); bad += 1
                    continue
                if l["kind"] in ("only_in_staging", "only_in_production"):
                    want = "staging" if l["kind"] == "only_in_staging" else "production"
                    other = "production" if want == "staging" else "staging"
                    if l["address"] not in sides[want] or l["address"] in sides[other]:
                        print("ONLY?", cloud, case, l["address"]); bad += 1
                    continue
                st = steps(l["path"])
                ok = [s for s in ("staging", "production") if l["address"] in sides[s] and resolve(sides[s][l["address"]], st)]
                if not ok:
                    print("PATH?", cloud, case, l["address"], l["path"]); bad += 1
    print("problems:", bad)
    same = 0
    for cloud in sorted(c for c in os.listdir(ROOT) if os.path.isdir(os.path.join(ROOT, c)) and c != "generator"):
        for case in sorted(c for c in os.listdir(os.path.join(ROOT, cloud)) if os.path.exists(os.path.join(ROOT, cloud, c, "case.json"))):
            d = os.path.join(ROOT, cloud, case)
            man = json.load(open(os.path.join(d, "case.json")))
            sides = {}
            for side in ("staging", "production"):
                f = [x for x in os.listdir(d) if x == side or x.startswith(side + ".")][0]
                sides[side] = resources(os.path.join(d, f))
            if sides["staging"] is None: continue
            for l in man["labels"]:
                if l["kind"].startswith("only"): continue
                a = get(sides["staging"].get(l["address"], {}), steps(l["path"]))
                b = get(sides["production"].get(l["address"], {}), steps(l["path"]))
                if a == b and l["kind"] != "size_ratio":
                    print("SAME", cloud, case, l["address"], l["path"]); same += 1
    print("labels with equal values:", same)
    return bad + same


if __name__ == "__main__":
    sys.exit(1 if main() else 0)
