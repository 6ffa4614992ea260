from lib import *

GSTG = {"name": "staging", "tok": "staging", "seed": "g-s", "project": "acme-data-staging", "number": "482913775016"}
GPRD = {"name": "production", "tok": "production", "seed": "g-p", "project": "acme-data-production", "number": "993018244570"}

REGION = "europe-west1"


def glabels(env, extra=None, default=True):
    l = {"app": "clickstream", "env": env["tok"]}
    if extra:
        l.update(extra)
    eff = dict(l)
    if default:
        eff["goog-terraform-provisioned"] = "true"
    return l, eff, dict(eff)


def kms_key(env, ring, key, region=REGION):
    return f"projects/{env['project']}/locations/{region}/keyRings/{ring}/cryptoKeys/{key}"


def sa(env, name):
    return f"{name}@{env['project']}.iam.gserviceaccount.com"


def dataflow_job(env, name, template, params, machine, min_w, max_w):
    l, eff, tl = glabels(env, {"pipeline": name})
    jid = f"2024-{num(env['seed']+name+'m', 1, 12):02d}-{num(env['seed']+name+'d', 1, 28):02d}_0{num(env['seed']+name+'h', 1, 9)}_{num(env['seed']+name+'i', 10, 59)}_{num(env['seed']+name+'s', 10, 59)}-{digits(env['seed']+name+'id', 19)}"
    return R("google_dataflow_flex_template_job", name.replace("-", "_"), {
        "additional_experiments": ["enable_recommendations", "use_runner_v2"],
        "autoscaling_algorithm": "THROUGHPUT_BASED",
        "container_spec_gcs_path": f"gs://acme-dataflow-templates/{template}/metadata.json",
        "effective_labels": eff,
        "enable_streaming_engine": True,
        "id": jid,
        "ip_configuration": "WORKER_IP_PRIVATE",
        "job_id": jid,
        "kms_key_name": kms_key(env, "dataflow", "jobs"),
        "labels": l,
        "launcher_machine_type": "",
        "machine_type": machine,
        "max_workers": max_w,
        "name": f"{name}-{env['tok']}",
        "network": "",
        "num_workers": min_w,
        "on_delete": "drain",
        "parameters": params,
        "project": env["project"],
        "region": REGION,
        "sdk_container_image": "",
        "service_account_email": sa(env, "dataflow-worker"),
        "skip_wait_on_job_termination": False,
        "staging_location": f"gs://acme-dataflow-{env['tok']}/staging",
        "state": "JOB_STATE_RUNNING",
        "subnetwork": f"regions/{REGION}/subnetworks/dataflow-{env['tok']}",
        "temp_location": f"gs://acme-dataflow-{env['tok']}/tmp",
        "terraform_labels": tl,
        "transform_name_mapping": {},
        "type": "JOB_TYPE_STREAMING",
    }, provider="google-beta")


def dataflow(env, machine, min_w, max_w):
    e = env["tok"]
    p = env["project"]
    return [
        dataflow_job(env, "clickstream-enrich", "clickstream-enrich/v3.4.1", {
            "inputSubscription": f"projects/{p}/subscriptions/clickstream-raw-{e}",
            "outputTable": f"{p}:clickstream_{e}.events",
            "deadLetterTopic": f"projects/{p}/topics/clickstream-dlq-{e}",
            "windowDuration": "1m",
            "geoIpDatabase": "gs://acme-dataflow-templates/geoip/GeoLite2-City.mmdb",
            "useStorageWriteApi": "true",
            "numStorageWriteApiStreams": "0",
        }, machine, min_w, max_w),
        dataflow_job(env, "sessionize", "sessionize/v1.9.0", {
            "inputTable": f"{p}:clickstream_{e}.events",
            "outputTopic": f"projects/{p}/topics/sessions-{e}",
            "gapDuration": "30m",
            "allowedLateness": "10m",
        }, machine, min_w, max_w // 2),
    ]


def composer(env, size, sched, worker_min, worker_max, k, drift=None):
    drift = drift or {}
    e = env["tok"]
    p = env["project"]
    l, eff, tl = glabels(env, {"app": "orchestration"})
    name = f"orchestration-{e}"
    gke = f"projects/{p}/locations/{REGION}/clusters/{REGION}-{name}-{hx(env['seed']+'gke', 8)}-gke"
    overrides = {
        "celery-worker_concurrency": "12",
        "core-dags_are_paused_at_creation": "True",
        "core-max_active_runs_per_dag": "4",
        "scheduler-catchup_by_default": "False",
        "secrets-backend": "airflow.providers.google.cloud.secrets.secret_manager.CloudSecretManagerBackend",
        "webserver-expose_config": drift.get("expose_config", "False"),
    }
    return [R("google_composer_environment", "orchestration", {
        "config": [{
            "airflow_uri": f"https://{hx(env['seed']+'af', 32)}-dot-{REGION}.composer.googleusercontent.com",
            "dag_gcs_prefix": f"gs://{REGION}-{name}-{hx(env['seed']+'bkt', 8)}-bucket/dags",
            "data_retention_config": [{"airflow_metadata_retention_config": [{"retention_days": 60, "retention_mode": "RETENTION_MODE_ENABLED"}], "task_logs_retention_config": [{"storage_mode": "CLOUD_LOGGING_AND_CLOUD_STORAGE"}]}],
            "database_config": [{"machine_type": "", "zone": ""}],
            "enable_private_builds_only": True,
            "enable_private_environment": True,
            "encryption_config": [{"kms_key_name": kms_key(env, "composer", "environment")}],
            "environment_size": size,
            "gke_cluster": gke,
            "maintenance_window": [{"end_time": "2024-01-01T04:00:00Z", "recurrence": "FREQ=WEEKLY;BYDAY=SA,SU", "start_time": "2024-01-01T00:00:00Z"}],
            "master_authorized_networks_config": [],
            "node_config": [{
                "composer_internal_ipv4_cidr_block": "100.64.128.0/20",
                "composer_network_attachment": "",
                "disk_size_gb": 0,
                "enable_ip_masq_agent": False,
                "ip_allocation_policy": [{"cluster_ipv4_cidr_block": "", "cluster_secondary_range_name": f"composer-pods-{e}", "services_ipv4_cidr_block": "", "services_secondary_range_name": f"composer-services-{e}", "use_ip_aliases": True}],
                "machine_type": "",
                "network": f"projects/{p}/global/networks/data-{e}",
                "oauth_scopes": [],
                "service_account": sa(env, "composer-worker"),
                "subnetwork": f"projects/{p}/regions/{REGION}/subnetworks/composer-{e}",
                "tags": ["composer-worker"],
                "zone": "",
            }],
            "node_count": 0,
            "private_environment_config": [{
                "cloud_composer_connection_subnetwork": "",
                "cloud_composer_network_ipv4_cidr_block": "172.31.245.0/24",
                "cloud_sql_ipv4_cidr_block": "10.0.0.0/12",
                "connection_type": "",
                "enable_private_endpoint": drift.get("private_endpoint", True),
                "enable_privately_used_public_ips": False,
                "master_ipv4_cidr_block": "172.16.0.0/23",
                "web_server_ipv4_cidr_block": "",
            }],
            "recovery_config": [{"scheduled_snapshots_config": [{"enabled": True, "snapshot_creation_schedule": "0 4 * * *", "snapshot_location": f"gs://acme-composer-snapshots-{e}", "time_zone": "UTC+01"}]}],
            "resilience_mode": drift.get("resilience", "HIGH_RESILIENCE"),
            "software_config": [{
                "airflow_config_overrides": overrides,
                "cloud_data_lineage_integration": [{"enabled": True}],
                "env_variables": {"AIRFLOW_VAR_ENVIRONMENT": env["name"], "DATA_PROJECT": p},
                "image_version": "composer-2.9.7-airflow-2.9.3",
                "pypi_packages": {"apache-airflow-providers-slack": "==8.9.0", "dbt-bigquery": "==1.8.2", "pandas-gbq": "==0.23.1"},
                "python_version": "",
                "scheduler_count": 0,
                "web_server_plugins_mode": "ENABLED",
            }],
            "web_server_config": [],
            "web_server_network_access_control": [{"allowed_ip_range": [{"description": "Corporate VPN", "value": "198.51.100.0/24"}]}],
            "workloads_config": [{
                "dag_processor": [{"count": 1, "cpu": 1 * k, "memory_gb": 4 * k, "storage_gb": 1 * k}],
                "scheduler": [{"count": sched, "cpu": 1 * k, "memory_gb": 3.75 * k, "storage_gb": 2.5 * k}],
                "triggerer": [{"count": 1, "cpu": 0.5 * k, "memory_gb": 1 * k}],
                "web_server": [{"cpu": 1 * k, "memory_gb": 3.75 * k, "storage_gb": 2.5 * k}],
                "worker": [{"cpu": 1 * k, "max_count": worker_max, "memory_gb": 3.75 * k, "min_count": worker_min, "storage_gb": 2.5 * k}],
            }],
        }],
        "effective_labels": eff,
        "id": f"projects/{p}/locations/{REGION}/environments/{name}",
        "labels": l,
        "name": name,
        "project": p,
        "region": REGION,
        "storage_config": [{"bucket": f"{REGION}-{name}-{hx(env['seed']+'bkt', 8)}-bucket"}],
        "terraform_labels": tl,
        "timeouts": None,
    }, schema_version=0)]


def cases():
    write_case(
        "gcp", "dataflow-streaming-jobs",
        "Two streaming Dataflow Flex Template jobs (Streaming Engine, private worker IPs, CMEK): clickstream "
        "enrichment from Pub/Sub to BigQuery and sessionisation back to Pub/Sub, with template parameters as a "
        "map. Production's workers are n2-standard-4 with up to 20 and 10 workers, staging's n2-standard-2 with "
        "up to 10 and 5; job ids, bucket, topic and dataset names are each environment's own.",
        "hashicorp/google-beta provider documentation for google_dataflow_flex_template_job; `terraform show "
        "-json` of a state by Terraform 1.7.5 (format_version 1.0).",
        0.5, [],
        show_state(dataflow(GSTG, "n2-standard-2", 1, 10), "1.0", "1.7.5"),
        show_state(dataflow(GPRD, "n2-standard-4", 2, 20), "1.0", "1.7.5"),
    )
    s = dict(GSTG, seed="cmp-s", tok="stg", project="acme-orch-stg", number="220918374651")
    p = dict(GPRD, seed="cmp-p", tok="prod", project="acme-orch-prod", number="771092836450")
    drift = {"expose_config": "True", "private_endpoint": False, "resilience": "STANDARD_RESILIENCE"}
    sd = composer(s, "ENVIRONMENT_SIZE_SMALL", 1, 1, 6, 1, drift)
    pd = composer(p, "ENVIRONMENT_SIZE_MEDIUM", 2, 2, 6, 2)
    write_case(
        "gcp", "composer-private-resilience-plan",
        "A Cloud Composer 2 environment (private IP, CMEK, scheduled snapshots, workloads sized per component) "
        "in no-op plans. Production is ENVIRONMENT_SIZE_MEDIUM with two schedulers, at least two workers and "
        "twice the CPU, memory and storage per component; staging is SMALL with one scheduler, at least one "
        "worker and half of each, as the ratio wants. But staging's Airflow exposes its configuration (with connection strings) in the web "
        "UI, its GKE control plane has a public endpoint, it runs in standard instead of high resilience, and "
        "its worker autoscaling maximum was left at production's 6.",
        "hashicorp/google provider documentation for google_composer_environment (Composer 2 config blocks); "
        "Airflow configuration reference; `terraform show -json` of plans by Terraform 1.9.8 (format_version 1.2).",
        0.5,
        [
            L("config_drift", "google_composer_environment.orchestration", "config[0].software_config[0].airflow_config_overrides", "Staging overrides webserver-expose_config to True, showing the Airflow configuration in the UI; production keeps it False.", prefix=True),
            L("config_drift", "google_composer_environment.orchestration", "config[0].private_environment_config[0].enable_private_endpoint", "Staging's GKE control plane has a public endpoint; production's is private."),
            L("config_drift", "google_composer_environment.orchestration", "config[0].resilience_mode", "Staging runs STANDARD_RESILIENCE, production HIGH_RESILIENCE (zonal failover)."),
            L("size_ratio", "google_composer_environment.orchestration", "config[0].workloads_config[0].worker[0].max_count", "Staging may scale to 6 workers like production; at ratio 0.5 it should stop at 3."),
        ],
        show_plan(sd, sd, "1.2", "1.9.8", timestamp="2025-04-08T12:30:02Z"),
        show_plan(pd, pd, "1.2", "1.9.8", timestamp="2025-04-08T12:33:47Z"),
    )


if __name__ == "__main__":
    cases()
