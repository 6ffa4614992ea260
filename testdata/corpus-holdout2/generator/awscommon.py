from lib import *

REGION = "eu-west-1"


def arn(env, service, res, region=REGION, acct=None):
    return f"arn:aws:{service}:{region}:{acct or env['acct']}:{res}"


def sg(env, s):
    return "sg-0" + hx(env["seed"] + "sg" + s, 16)


def subnet(env, s):
    return "subnet-0" + hx(env["seed"] + "subnet" + s, 16)


def vpc(env):
    return "vpc-0" + hx(env["seed"] + "vpc", 16)


def kms_arn(env, s="main", region=REGION):
    return arn(env, "kms", "key/" + uid(env["seed"] + "kms" + s), region)


def role_arn(env, name):
    return f"arn:aws:iam::{env['acct']}:role/{name}"


def aws_tags(env, app, extra=None):
    t = {"Application": app, "Environment": env["name"], "Owner": "data-platform"}
    if extra:
        t.update(extra)
    return t


def tag_pair(env, app, extra=None, default=None):
    t = aws_tags(env, app, extra)
    all_ = dict(t)
    all_.update(default or {"CostCenter": "cc-4410", "Terraform": "true"})
    return t, all_
