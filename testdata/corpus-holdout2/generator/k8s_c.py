from lib import *
from k8s_a import manifest_res

SRC_CP = ("hashicorp/kubernetes provider documentation for kubernetes_priority_class_v1, kubernetes_storage_class_v1, "
          "kubernetes_limit_range_v1, kubernetes_cluster_role_v1, kubernetes_cluster_role_binding_v1 and "
          "kubernetes_runtime_class_v1; ")


def meta(env, name, namespace=None, labels=None, annotations=None, generation=0):
    m = {"annotations": annotations or {}, "generate_name": "", "generation": generation, "labels": labels or {},
         "name": name, "resource_version": str(num(env["seed"] + name + "rv", 10000, 9999999)), "uid": uid(env["seed"] + name + "uid")}
    if namespace is not None:
        m["namespace"] = namespace
    return [m]


def cluster_policies(env, k, drift=None, v1=True):
    drift = drift or {}
    sfx = "_v1" if v1 else ""
    e = env["tok"]
    ns = f"shop-{e}"
    q = lambda cpu_m, mem_mi: {"cpu": f"{cpu_m}m" if cpu_m < 1000 else str(cpu_m // 1000), "memory": f"{mem_mi}Mi" if mem_mi < 1024 else f"{mem_mi // 1024}Gi"}
    rules = [
        {"api_groups": [""], "non_resource_urls": [], "resource_names": [], "resources": ["configmaps", "pods", "pods/log", "services"], "verbs": ["get", "list", "watch"]},
        {"api_groups": ["apps"], "non_resource_urls": [], "resource_names": [], "resources": ["deployments", "replicasets", "statefulsets"], "verbs": ["get", "list", "watch"]},
    ]
    if drift.get("secrets_star"):
        rules.append({"api_groups": [""], "non_resource_urls": [], "resource_names": [], "resources": ["secrets"], "verbs": ["*"]})
    params = {"csi.storage.k8s.io/fstype": "ext4", "encrypted": drift.get("encrypted", "true"), "kmsKeyId": f"arn:aws:kms:eu-west-1:{env['acct']}:key/{uid(env['seed']+'kms')}", "type": "gp3"}
    if drift.get("encrypted") == "false":
        del params["kmsKeyId"]
    rs = [
        R(f"kubernetes_priority_class{sfx}", "critical", {
            "description": "Checkout and order APIs; may preempt batch pods",
            "global_default": False,
            "id": "shop-critical",
            "metadata": meta(env, "shop-critical"),
            "preemption_policy": "PreemptLowerPriority",
            "value": 100000,
        }),
        R(f"kubernetes_priority_class{sfx}", "batch", {
            "description": "Reports and reconciliation jobs; never preempt",
            "global_default": False,
            "id": "shop-batch",
            "metadata": meta(env, "shop-batch"),
            "preemption_policy": "Never",
            "value": 1000,
        }),
        R(f"kubernetes_storage_class{sfx}", "gp3_encrypted", {
            "allow_volume_expansion": True,
            "allowed_topologies": [],
            "id": "gp3-encrypted",
            "metadata": meta(env, "gp3-encrypted", annotations={"storageclass.kubernetes.io/is-default-class": "true"}),
            "mount_options": [],
            "parameters": params,
            "reclaim_policy": drift.get("reclaim", "Retain"),
            "storage_provisioner": "ebs.csi.aws.com",
            "volume_binding_mode": "WaitForFirstConsumer",
        }),
        R(f"kubernetes_limit_range{sfx}", "defaults", {
            "id": f"{ns}/defaults",
            "metadata": meta(env, "defaults", ns),
            "spec": [{"limit": [
                {"default": q(500 * k, 512 * k), "default_request": q(100 * k, 128 * k), "max": q(2000 * k, 4096 * k), "max_limit_request_ratio": {}, "min": {}, "type": "Container"},
                {"default": {}, "default_request": {}, "max": {"storage": f"{50 * k}Gi"}, "max_limit_request_ratio": {}, "min": {}, "type": "PersistentVolumeClaim"},
            ]}],
        }),
        R(f"kubernetes_cluster_role{sfx}", "readonly", {
            "aggregation_rule": [],
            "id": "shop-readonly",
            "metadata": meta(env, "shop-readonly", labels={"rbac.acme.dev/team": "shop"}),
            "rule": rules,
        }),
        R(f"kubernetes_cluster_role_binding{sfx}", "readonly", {
            "id": "shop-readonly",
            "metadata": meta(env, "shop-readonly"),
            "role_ref": [{"api_group": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "shop-readonly"}],
            "subject": [{"api_group": "rbac.authorization.k8s.io", "kind": "Group", "name": "shop-developers", "namespace": ""}],
        }),
    ]
    if v1:
        rs.append(R("kubernetes_runtime_class_v1", "gvisor", {"handler": "runsc", "id": "gvisor", "metadata": meta(env, "gvisor")}))
    return rs


def monitoring(env, storage_gi, drift=None, tag="2.14.1"):
    drift = drift or {}
    e = env["tok"]
    ns = f"shop-{e}"
    sel = 'namespace="%s",service="orders-api"' % ns
    err = drift.get("threshold", "0.02")
    rs = [
        manifest_res("service_monitor", {
            "apiVersion": "monitoring.coreos.com/v1", "kind": "ServiceMonitor",
            "metadata": {"name": "orders-api", "namespace": ns, "labels": {"release": "kube-prometheus-stack"}},
            "spec": {"selector": {"matchLabels": {"app": "orders-api"}}, "namespaceSelector": {"matchNames": [ns]},
                     "endpoints": [{"port": "metrics", "path": "/metrics", "interval": drift.get("interval", "30s"), "scrapeTimeout": "10s"}]},
        }, {"spec": {"attachMetadata": None, "endpoints": [{"interval": None, "path": None, "port": None, "scrapeTimeout": None, "relabelings": None, "metricRelabelings": None, "scheme": None, "tlsConfig": None, "honorLabels": None}], "jobLabel": None, "namespaceSelector": {"any": None, "matchNames": None}, "podTargetLabels": None, "sampleLimit": None, "selector": {"matchExpressions": None, "matchLabels": None}, "targetLabels": None}}),
        manifest_res("prometheus_rule", {
            "apiVersion": "monitoring.coreos.com/v1", "kind": "PrometheusRule",
            "metadata": {"name": "orders-api", "namespace": ns, "labels": {"release": "kube-prometheus-stack"}},
            "spec": {"groups": [{"name": "orders-api", "rules": [
                {"alert": "OrdersHighErrorRate",
                 "expr": f'sum(rate(http_requests_total{{{sel},code=~"5.."}}[5m])) / sum(rate(http_requests_total{{{sel}}}[5m])) > {err}',
                 "for": "10m", "labels": {"severity": "page"},
                 "annotations": {"summary": "More than 2% of order requests fail", "runbook_url": "https://runbooks.acme.dev/shop/orders-errors"}},
                {"alert": "OrdersLatencyP99",
                 "expr": f'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{{{sel}}}[5m]))) > 1.5',
                 "for": "15m", "labels": {"severity": "ticket"},
                 "annotations": {"summary": "p99 latency of the orders API above 1.5 s", "runbook_url": "https://runbooks.acme.dev/shop/orders-latency"}},
            ]}]},
        }, {"spec": {"groups": [{"interval": None, "labels": None, "limit": None, "name": None, "partial_response_strategy": None, "query_offset": None, "rules": [{"alert": None, "annotations": None, "expr": None, "for": None, "keep_firing_for": None, "labels": None, "record": None}]}]}}),
        manifest_res("external_secret", {
            "apiVersion": "external-secrets.io/v1beta1", "kind": "ExternalSecret",
            "metadata": {"name": "orders-db", "namespace": ns},
            "spec": {"refreshInterval": drift.get("refresh", "1h"), "secretStoreRef": {"kind": "ClusterSecretStore", "name": "aws-secrets-manager"},
                     "target": {"name": "orders-db", "creationPolicy": "Owner", "deletionPolicy": "Retain"},
                     "data": [{"secretKey": "password", "remoteRef": {"key": f"shop/{e}/orders-db", "property": "password"}},
                              {"secretKey": "username", "remoteRef": {"key": f"shop/{e}/orders-db", "property": "username"}}]},
        }, {"spec": {"data": [{"remoteRef": {"conversionStrategy": None, "decodingStrategy": None, "key": None, "metadataPolicy": None, "property": None, "version": None}, "secretKey": None, "sourceRef": None}], "dataFrom": None, "refreshInterval": None, "secretStoreRef": {"kind": None, "name": None}, "target": {"creationPolicy": None, "deletionPolicy": None, "immutable": None, "name": None, "template": None}}}),
        R("kubernetes_persistent_volume_claim_v1", "reports", {
            "id": f"{ns}/reports",
            "metadata": meta(env, "reports", ns, labels={"app": "orders-reports"}),
            "spec": [{"access_modes": ["ReadWriteOnce"], "resources": [{"limits": {}, "requests": {"storage": f"{storage_gi}Gi"}}],
                      "selector": [], "storage_class_name": drift.get("storage_class", "gp3-encrypted"), "volume_mode": "Filesystem",
                      "volume_name": f"pvc-{uid(env['seed']+'pv')}"}],
            "timeouts": None,
            "wait_until_bound": True,
        }),
        R("kubernetes_job_v1", "migrate", {
            "id": f"{ns}/orders-migrate",
            "metadata": meta(env, "orders-migrate", ns, labels={"app": "orders-api", "app.kubernetes.io/version": tag}, generation=1),
            "spec": [{
                "active_deadline_seconds": 600, "backoff_limit": 2, "backoff_limit_per_index": 0, "completion_mode": "NonIndexed",
                "completions": 1, "manual_selector": False, "max_failed_indexes": 0, "parallelism": 1, "pod_failure_policy": [],
                "selector": [],
                "template": [{"metadata": [{"annotations": {}, "generate_name": "", "generation": 0, "labels": {"app": "orders-migrate"}, "name": "", "namespace": "", "resource_version": "", "uid": ""}],
                              "spec": [{"active_deadline_seconds": 0, "affinity": [], "automount_service_account_token": False,
                                        "container": [{"args": ["migrate", "up"], "command": [], "env": [{"name": "APP_ENV", "value": env["name"], "value_from": []}],
                                                       "env_from": [{"config_map_ref": [], "prefix": "", "secret_ref": [{"name": "orders-db", "optional": False}]}],
                                                       "image": f"acmeretail.azurecr.io/orders-api:{tag}", "image_pull_policy": "IfNotPresent", "name": "migrate",
                                                       "resources": [{"limits": {"cpu": f"{250 * env['k']}m", "memory": f"{256 * env['k']}Mi"}, "requests": {"cpu": f"{50 * env['k']}m", "memory": f"{128 * env['k']}Mi"}}],
                                                       "security_context": [{"allow_privilege_escalation": False, "capabilities": [{"add": [], "drop": ["ALL"]}], "privileged": False, "read_only_root_filesystem": True, "run_as_group": "10001", "run_as_non_root": True, "run_as_user": "10001", "seccomp_profile": [], "se_linux_options": []}],
                                                       "stdin": False, "stdin_once": False, "termination_message_path": "/dev/termination-log", "termination_message_policy": "File", "tty": False, "working_dir": ""}],
                                        "dns_policy": "ClusterFirst", "enable_service_links": True, "host_ipc": False, "host_network": False, "host_pid": False,
                                        "priority_class_name": "shop-batch", "restart_policy": "Never", "service_account_name": "orders-migrate",
                                        "share_process_namespace": False, "termination_grace_period_seconds": 30}]}],
                "ttl_seconds_after_finished": "86400",
            }],
            "timeouts": None,
            "wait_for_completion": True,
        }, unknown=["id", ("metadata", 0, "resource_version"), ("metadata", 0, "uid"), ("metadata", 0, "generation")]),
    ]
    return rs


def cases():
    s = {"name": "staging", "tok": "staging", "seed": "cp-s", "acct": "418295370612"}
    p = {"name": "production", "tok": "production", "seed": "cp-p", "acct": "702913845266"}
    write_case(
        "kubernetes", "cluster-policies",
        "Cluster-wide objects of a shop cluster: two priority classes, the default gp3 storage class (encrypted "
        "with the cluster's KMS key, volumes retained), a LimitRange with container defaults and maxima and a "
        "PVC maximum, a read-only cluster role and its binding to the developers group, and a gVisor runtime "
        "class. LimitRange quantities are halved in staging (container defaults 500m/512Mi against 1/1Gi, and so on); "
        "uids and resource versions are each cluster's own.",
        SRC_CP + "raw state (version 4) written by Terraform 1.6.6.",
        0.5, [],
        raw_state(cluster_policies(s, 1), "1.6.6", 9, "cp-s"),
        raw_state(cluster_policies(p, 2), "1.6.6", 11, "cp-p"),
        ext="tfstate",
    )
    s = {"name": "staging", "tok": "stg", "seed": "cp-s2", "acct": "418295370612"}
    p = {"name": "production", "tok": "prod", "seed": "cp-p2", "acct": "702913845266"}
    drift = {"reclaim": "Delete", "encrypted": "false", "secrets_star": True}
    write_case(
        "kubernetes", "storage-class-rbac-terraform-1.0",
        "The cluster objects of kubernetes/cluster-policies as the kubernetes provider v2 wrote them (resource "
        "types without the _v1 suffix) under Terraform 1.0 (format_version 0.2): staging's default storage class "
        "deletes volumes with their claims and does not encrypt them, and its read-only cluster role also grants "
        "every verb on secrets.",
        SRC_CP.replace("_v1", "") + "`terraform show -json` of a state by Terraform 1.0.11 (format_version 0.2).",
        0.5,
        [
            L("config_drift", "kubernetes_storage_class.gp3_encrypted", "reclaim_policy", "Staging deletes a volume when its claim is deleted (Delete); production retains it."),
            L("config_drift", "kubernetes_storage_class.gp3_encrypted", "parameters.encrypted", "Staging's volumes are not encrypted (encrypted \"false\", no KMS key); production's are."),
            L("config_drift", "kubernetes_cluster_role.readonly", "rule", "Staging's read-only role also grants every verb on secrets; production's reads pods, services, config maps and workloads only.", prefix=True),
        ],
        show_state(cluster_policies(s, 1, drift, v1=False), "0.2", "1.0.11"),
        show_state(cluster_policies(p, 2, v1=False), "0.2", "1.0.11"),
    )
    s = {"name": "staging", "tok": "staging", "seed": "mo-s", "k": 1}
    p = {"name": "production", "tok": "production", "seed": "mo-p", "k": 2}
    sa_, sb = monitoring(s, 20, tag="2.15.0"), monitoring(s, 20, tag="2.14.1")
    pa, pb = monitoring(p, 40, tag="2.15.0"), monitoring(p, 40, tag="2.14.1")
    job = "kubernetes_job_v1.migrate"
    write_case(
        "kubernetes", "monitoring-crds-migration-replace-plan",
        "Plans that replace the orders database migration job (new image 2.15.0) next to unchanged monitoring "
        "objects: a ServiceMonitor, a PrometheusRule with error-rate and latency alerts, an External Secrets "
        "ExternalSecret and a reports PVC. The replaced job's id, uid and resource version are unknown. "
        "Production's PVC requests 40Gi and the migration container 100m/256Mi up to 500m/512Mi; staging's "
        "are half. Namespaces and secret paths carry the environment.",
        "hashicorp/kubernetes provider documentation for kubernetes_manifest, kubernetes_job_v1 and "
        "kubernetes_persistent_volume_claim_v1; Prometheus Operator and External Secrets Operator CRDs; "
        "`terraform show -json` of plans by Terraform 1.5.7 (format_version 1.1).",
        0.5, [],
        show_plan(sa_, sb, "1.1", "1.5.7", actions={job: ["delete", "create"]}, timestamp="2024-12-09T15:21:08Z"),
        show_plan(pa, pb, "1.1", "1.5.7", actions={job: ["delete", "create"]}, timestamp="2024-12-09T15:25:51Z"),
    )
    s = {"name": "staging", "tok": "stg", "seed": "mo-s2", "k": 1}
    p = {"name": "production", "tok": "prod", "seed": "mo-p2", "k": 2}
    drift = {"threshold": "0.2", "interval": "5m", "refresh": "0"}
    write_case(
        "kubernetes", "prometheus-rule-scrape-secret-refresh",
        "The monitoring objects of kubernetes/monitoring-crds-migration-replace-plan shown by Terraform 1.9.5: "
        "staging's error-rate alert fires only above 20 % instead of 2 %, Prometheus scrapes the API every five "
        "minutes instead of every 30 seconds, and the ExternalSecret never refreshes (a rotated database "
        "password never reaches the pods).",
        "hashicorp/kubernetes provider documentation for kubernetes_manifest; Prometheus Operator and External "
        "Secrets Operator CRDs; `terraform show -json` of a state by Terraform 1.9.5 (format_version 1.0).",
        0.5,
        [
            L("config_drift", "kubernetes_manifest.prometheus_rule", "manifest.spec.groups", "Staging's OrdersHighErrorRate alert fires above 0.2 (20 %), production's above 0.02.", prefix=True),
            L("config_drift", "kubernetes_manifest.service_monitor", "manifest.spec.endpoints", "Staging scrapes every 5m, production every 30s; alerts in staging lag by minutes.", prefix=True),
            L("config_drift", "kubernetes_manifest.external_secret", "manifest.spec.refreshInterval", "Staging's ExternalSecret never refreshes (0); production refreshes hourly."),
        ],
        show_state(monitoring(s, 20, drift), "1.0", "1.9.5"),
        show_state(monitoring(p, 40), "1.0", "1.9.5"),
    )


if __name__ == "__main__":
    cases()
