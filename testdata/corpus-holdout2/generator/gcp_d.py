from lib import *
from gcp_a import glabels, kms_key, sa

REGION = "europe-west1"

SECRETS = ["db-password", "stripe-api-key"]


def secrets(env, drift=None):
    drift = drift or {}
    e = env["tok"]
    p = env["project"]
    l, eff, tl = glabels(env, {"app": "checkout"})
    rs = []
    for sname in SECRETS:
        rep = [{"auto": [], "user_managed": [{"replicas": [
            {"customer_managed_encryption": [{"kms_key_name": kms_key(env, "secrets", "checkout", loc)}], "location": loc}
            for loc in ("europe-west1", "europe-west4")]}]}]
        if drift.get("auto_replication") == sname:
            rep = [{"auto": [{"customer_managed_encryption": []}], "user_managed": []}]
        rot = [{"next_rotation_time": ts(env["seed"] + sname + "rot", 2025, "z"), "rotation_period": "7776000s"}]
        if drift.get("no_rotation") == sname:
            rot = []
        rs.append(R("google_secret_manager_secret", "this", {
            "annotations": {},
            "create_time": ts(env["seed"] + sname, 2024, "ns"),
            "deletion_protection": False,
            "effective_annotations": {},
            "effective_labels": eff,
            "expire_time": "",
            "id": f"projects/{p}/secrets/{sname}",
            "labels": l,
            "name": f"projects/{env['number']}/secrets/{sname}",
            "project": p,
            "replication": rep,
            "rotation": rot,
            "secret_id": sname,
            "tags": {},
            "terraform_labels": tl,
            "timeouts": None,
            "topics": [{"name": f"projects/{p}/topics/secret-rotation-{e}"}],
            "ttl": None,
            "version_aliases": {},
            "version_destroy_ttl": "",
        }, index=sname))
        ver = str(num(env["seed"] + sname + "v", 1, 9))
        rs.append(R("google_secret_manager_secret_version", "this", {
            "create_time": ts(env["seed"] + sname + "vc", 2025, "ns"),
            "deletion_policy": "DELETE",
            "destroy_time": "",
            "enabled": True,
            "id": f"projects/{env['number']}/secrets/{sname}/versions/{ver}",
            "is_secret_data_base64": False,
            "name": f"projects/{env['number']}/secrets/{sname}/versions/{ver}",
            "secret": f"projects/{p}/secrets/{sname}",
            "secret_data": f"corpus-fake-{sname}-{alnum(env['seed']+sname+'data', 24)}",
            "secret_data_wo": None,
            "secret_data_wo_version": 0,
            "timeouts": None,
            "version": ver,
        }, index=sname, sensitive=["secret_data", "secret_data_wo"]))
        members = [("checkout", f"serviceAccount:{sa(env, 'checkout-api')}")]
        if drift.get("developers") == sname:
            members.append(("developers", "group:checkout-developers@acme.dev"))
        for mlabel, member in members:
            role = "roles/secretmanager.secretAccessor"
            rs.append(R("google_secret_manager_secret_iam_member", mlabel, {
                "condition": [],
                "etag": "BwY" + alnum(env["seed"] + sname + mlabel, 9, upper=True) + "=",
                "id": f"projects/{p}/secrets/{sname}/{role}/{member}",
                "member": member,
                "project": p,
                "role": role,
                "secret_id": f"projects/{p}/secrets/{sname}",
            }, index=sname))
    return rs


WORKFLOW = """# Reserve stock, charge the order and announce it.
main:
  params: [event]
  steps:
    - init:
        assign:
          - message: ${json.decode(base64.decode(event.data.message.data))}
          - order_id: ${message.orderId}
          - api: ${sys.get_env("ORDERS_API")}
    - reserve_stock:
        try:
          call: http.post
          args:
            url: ${api + "/v1/orders/" + order_id + ":reserve"}
            auth:
              type: OIDC
            timeout: 30
          result: reservation
        retry:
          predicate: ${http.default_retry_predicate}
          max_retries: %(retries)d
          backoff:
            initial_delay: 2
            max_delay: 60
            multiplier: 2
    - charge:
        call: http.post
        args:
          url: ${api + "/v1/orders/" + order_id + ":charge"}
          auth:
            type: OIDC
          timeout: 60
        result: payment
    - announce:
        call: googleapis.pubsub.v1.projects.topics.publish
        args:
          topic: projects/%(project)s/topics/order-events-%(env)s
          body:
            messages:
              - data: ${base64.encode(json.encode({"orderId": order_id, "status": "CHARGED"}))}
    - done:
        return: ${payment.body}
"""


def workflows(env, drift=None):
    drift = drift or {}
    e = env["tok"]
    p = env["project"]
    l, eff, tl = glabels(env, {"app": "fulfilment"})
    wf = f"order-fulfilment-{e}"
    wf_id = f"projects/{p}/locations/{REGION}/workflows/{wf}"
    return [
        R("google_workflows_workflow", "fulfilment", {
            "call_log_level": drift.get("log_level", "LOG_ERRORS_ONLY"),
            "create_time": ts(env["seed"] + "wfc", 2024, "ns"),
            "crypto_key_name": "" if drift.get("no_cmek") else kms_key(env, "workflows", "fulfilment"),
            "deletion_protection": True,
            "description": "Order fulfilment after checkout",
            "effective_labels": eff,
            "execution_history_level": "EXECUTION_HISTORY_DETAILED",
            "id": wf_id,
            "labels": l,
            "name": wf,
            "name_prefix": "",
            "project": p,
            "region": REGION,
            "revision_id": f"{num(env['seed']+'rev', 1, 40):06d}-{hx(env['seed']+'revh', 3)}",
            "service_account": f"projects/{p}/serviceAccounts/{sa(env, 'workflows')}",
            "source_contents": WORKFLOW % {"retries": drift.get("retries", 5), "project": p, "env": e},
            "state": "ACTIVE",
            "tags": {},
            "terraform_labels": tl,
            "timeouts": None,
            "update_time": ts(env["seed"] + "wfu", 2025, "ns"),
            "user_env_vars": {"APP_ENV": env["name"], "ORDERS_API": f"https://orders.internal.{e}.shop-acme.dev"},
        }),
        R("google_eventarc_trigger", "order_created", {
            "channel": "",
            "conditions": {},
            "create_time": ts(env["seed"] + "evc", 2024, "ns"),
            "destination": [{"cloud_function": "", "cloud_run_service": [], "gke": [], "http_endpoint": [], "network_config": [], "workflow": wf_id}],
            "effective_labels": eff,
            "etag": hx(env["seed"] + "evetag", 40),
            "event_data_content_type": "application/json",
            "id": f"projects/{p}/locations/{REGION}/triggers/order-created-{e}",
            "labels": l,
            "location": REGION,
            "matching_criteria": [{"attribute": "type", "operator": "", "value": "google.cloud.pubsub.topic.v1.messagePublished"}],
            "name": f"order-created-{e}",
            "project": p,
            "service_account": sa(env, "eventarc-invoker"),
            "terraform_labels": tl,
            "timeouts": None,
            "transport": [{"pubsub": [{"subscription": f"projects/{p}/subscriptions/eventarc-{REGION}-order-created-{e}-sub-{num(env['seed']+'sub', 100, 999)}", "topic": f"projects/{p}/topics/order-created-{e}"}]}],
            "uid": uid(env["seed"] + "evuid"),
            "update_time": ts(env["seed"] + "evu", 2025, "ns"),
        }),
    ]


def cases():
    s = {"name": "staging", "tok": "stg", "seed": "sm-s", "project": "checkout-stg", "number": "118820374651"}
    p = {"name": "production", "tok": "prod", "seed": "sm-p", "project": "checkout-prod", "number": "552901837264"}
    drift = {"auto_replication": "db-password", "no_rotation": "stripe-api-key", "developers": "stripe-api-key"}
    write_case(
        "gcp", "secret-manager-cmek-rotation-access",
        "Two Secret Manager secrets of the checkout service with their current versions (secret data sensitive) "
        "and accessor bindings. Production replicates both to two regions under customer-managed keys and "
        "rotates them every 90 days. In staging the database password is replicated automatically without CMEK, "
        "the Stripe key has no rotation schedule, and a developers group may read the Stripe key.",
        "hashicorp/google provider documentation for google_secret_manager_secret, "
        "google_secret_manager_secret_version and google_secret_manager_secret_iam_member; raw state (version 4) "
        "written by Terraform 1.7.5.",
        0.5,
        [
            L("config_drift", 'google_secret_manager_secret.this["db-password"]', "replication", "Staging replicates the database password automatically with Google-managed keys; production pins two regions with customer-managed keys.", prefix=True),
            L("config_drift", 'google_secret_manager_secret.this["stripe-api-key"]', "rotation", "Staging's Stripe key has no rotation period; production rotates it every 90 days.", prefix=True),
            L("only_in_staging", 'google_secret_manager_secret_iam_member.developers["stripe-api-key"]', "", "In staging the checkout-developers group can read the Stripe key; in production only the checkout service account can."),
        ],
        raw_state(secrets(s, drift), "1.7.5", 31, "sm-s"),
        raw_state(secrets(p), "1.7.5", 48, "sm-p"),
        ext="tfstate",
    )
    s = {"name": "staging", "tok": "staging", "seed": "wf-s", "project": "fulfilment-staging", "number": "330918274655"}
    p = {"name": "production", "tok": "production", "seed": "wf-p", "project": "fulfilment-production", "number": "771029384410"}
    write_case(
        "gcp", "workflows-eventarc-yaml",
        "A Cloud Workflows workflow whose YAML source reserves stock with retries, charges and announces an order, "
        "triggered by Eventarc on a Pub/Sub topic. The YAML names the environment's own topic; user_env_vars carry "
        "the environment's API host; revision ids, etags and the generated subscription are each environment's own.",
        "hashicorp/google provider documentation for google_workflows_workflow and google_eventarc_trigger; "
        "Workflows syntax reference; `terraform show -json` of a state by Terraform 1.8.5 (format_version 1.0).",
        0.5, [],
        show_state(workflows(s), "1.0", "1.8.5"),
        show_state(workflows(p), "1.0", "1.8.5"),
    )
    s = {"name": "staging", "tok": "stg", "seed": "wf-s2", "project": "fulfilment-stg", "number": "330918274777"}
    p = {"name": "production", "tok": "prd", "seed": "wf-p2", "project": "fulfilment-prd", "number": "771029384888"}
    drift = {"retries": 0, "log_level": "LOG_NONE", "no_cmek": True}
    write_case(
        "gcp", "workflows-retries-logging-cmek",
        "The workflow of gcp/workflows-eventarc-yaml shown by Terraform 1.9.8: staging's YAML no longer retries "
        "the stock reservation (max_retries 0), its calls are not logged, and it is encrypted with a Google-managed "
        "key instead of the customer-managed one.",
        "hashicorp/google provider documentation for google_workflows_workflow and google_eventarc_trigger; "
        "`terraform show -json` of a state by Terraform 1.9.8 (format_version 1.0).",
        0.5,
        [
            L("config_drift", "google_workflows_workflow.fulfilment", "source_contents", "Staging's reserve_stock step retries 0 times, production's 5 times with backoff.", prefix=True),
            L("config_drift", "google_workflows_workflow.fulfilment", "call_log_level", "Staging logs no calls (LOG_NONE); production logs errors (LOG_ERRORS_ONLY)."),
            L("config_drift", "google_workflows_workflow.fulfilment", "crypto_key_name", "Staging's workflow has no customer-managed encryption key; production's has one."),
        ],
        show_state(workflows(s, drift), "1.0", "1.9.8"),
        show_state(workflows(p), "1.0", "1.9.8"),
    )


if __name__ == "__main__":
    cases()
