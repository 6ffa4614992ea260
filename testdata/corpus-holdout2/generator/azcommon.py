from lib import *

LOC = "westeurope"


def sub(env):
    return env["sub"]


def rg(env, app):
    return f"rg-{app}-{env['tok']}"


def rid(env, app, provider, *parts):
    return f"/subscriptions/{env['sub']}/resourceGroups/{rg(env, app)}/providers/{provider}/" + "/".join(parts)


def aztags(env, app, extra=None):
    t = {"environment": env["name"], "application": app, "cost-center": "cc-2210"}
    if extra:
        t.update(extra)
    return t


def key(seed, n=44):
    """A made-up access key; like every secret of the corpus it starts with corpus-fake-."""
    return "corpus-fake-" + base64.b64encode(bytes.fromhex(hx(seed, n * 3 // 4 * 2))).decode()[:n - 13] + "="


def principal(env, s):
    return uid(env["seed"] + "pr" + s)


AS = {"name": "staging", "tok": "staging", "short": "stg", "seed": "az-s", "sub": "6f1d2c3b-9a8e-4d7c-b6a5-1e2f3a4b5c6d", "tenant": "3c5e7a91-2b4d-4f6e-8a0c-1d2e3f4a5b6c"}
AP = {"name": "production", "tok": "production", "short": "prod", "seed": "az-p", "sub": "c0ffee00-4b3a-4f2e-8d1c-9a8b7c6d5e4f", "tenant": "3c5e7a91-2b4d-4f6e-8a0c-1d2e3f4a5b6c"}
