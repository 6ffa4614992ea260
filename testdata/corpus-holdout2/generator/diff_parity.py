import json, os, re, sys
from check_labels import resources, ROOT
TOK = re.compile(r'(staging|production|stage|stg|prod|prd)', re.I)
def leaves(v, p=""):
    if isinstance(v, dict):
        for k, x in v.items(): yield from leaves(x, f"{p}.{k}" if p else k)
    elif isinstance(v, list):
        for i, x in enumerate(v): yield from leaves(x, f"{p}[{i}]")
    else:
        yield p, v
for cloud in sorted(c for c in os.listdir(ROOT) if os.path.isdir(os.path.join(ROOT, c)) and c != "generator"):
    for case in sorted(c for c in os.listdir(os.path.join(ROOT, cloud)) if os.path.exists(os.path.join(ROOT, cloud, c, "case.json"))):
        d = os.path.join(ROOT, cloud, case)
        man = json.load(open(os.path.join(d, "case.json")))
        if man["labels"]: continue
        sides = {}
        for side in ("staging", "production"):
            f = [x for x in os.listdir(d) if x == side or x.startswith(side + ".")][0]
            sides[side] = resources(os.path.join(d, f))
        if sides["staging"] is None: continue
        norm = lambda a: TOK.sub("ENV", a)
        S = {norm(a): v for a, v in sides["staging"].items()}
        P = {norm(a): v for a, v in sides["production"].items()}
        diffs = set()
        for a in set(S) | set(P):
            if a not in S or a not in P:
                diffs.add(f"ONLY {a}"); continue
            ls = dict(leaves(S[a])); lp = dict(leaves(P[a]))
            for k in set(ls) | set(lp):
                x, y = ls.get(k, "(absent)"), lp.get(k, "(absent)")
                if isinstance(x, str): x = TOK.sub("ENV", x)
                if isinstance(y, str): y = TOK.sub("ENV", y)
                if x != y:
                    diffs.add(re.sub(r'\[\d+\]', '[]', k.split('.')[-1] if True else k))
        print(f"{cloud}/{case}: {sorted(diffs)}")
