from awscommon import *

SRC = ("hashicorp/aws provider documentation for aws_glue_catalog_database, aws_glue_catalog_table, "
       "aws_glue_crawler, aws_glue_security_configuration, aws_glue_job, aws_glue_trigger, "
       "aws_athena_workgroup and aws_athena_named_query; ")


def lake(env, workers, drift=None):
    drift = drift or {}
    e = env["tok"]
    db = f"lake_{e}"
    bucket = f"acme-lake-{e}"
    t, ta = tag_pair(env, "lake")
    kms = kms_arn(env, "lake")
    cols = [
        ("order_id", "string"), ("customer_id", "string"), ("status", "string"),
        ("amount", "decimal(12,2)"), ("currency", "string"), ("created_at", "timestamp"),
        ("items", "array<struct<sku:string,qty:int,price:decimal(12,2)>>"),
    ]
    args = {
        "--TempDir": f"s3://acme-lake-artifacts-{e}/tmp/",
        "--conf": "spark.sql.shuffle.partitions=200",
        "--datalake-formats": "iceberg",
        "--enable-continuous-cloudwatch-log": "true",
        "--enable-job-insights": "true",
        "--enable-metrics": "true",
        "--job-bookmark-option": drift.get("bookmark", "job-bookmark-enable"),
        "--job-language": "python",
        "--target_database": db,
    }
    encryption = [{"encryption_option": "SSE_KMS", "kms_key_arn": kms}] if not drift.get("no_results_encryption") else []
    rs = [
        R("aws_glue_catalog_database", "lake", {
            "arn": arn(env, "glue", f"database/{db}"),
            "catalog_id": env["acct"],
            "create_table_default_permission": [{"permissions": ["ALL"], "principal": [{"data_lake_principal_identifier": "IAM_ALLOWED_PRINCIPALS"}]}],
            "description": "Curated order data",
            "federated_database": [],
            "id": f"{env['acct']}:{db}",
            "location_uri": f"s3://{bucket}/",
            "name": db,
            "parameters": {},
            "tags": t, "tags_all": ta,
            "target_database": [],
        }),
        R("aws_glue_catalog_table", "orders", {
            "arn": arn(env, "glue", f"table/{db}/orders"),
            "catalog_id": env["acct"],
            "database_name": db,
            "description": "Orders, one Parquet partition per day",
            "id": f"{env['acct']}:{db}:orders",
            "name": "orders",
            "open_table_format_input": [],
            "owner": "",
            "parameters": {
                "EXTERNAL": "TRUE", "classification": "parquet", "parquet.compression": "SNAPPY",
                "projection.dt.format": "yyyy-MM-dd", "projection.dt.range": "2022-01-01,NOW",
                "projection.dt.type": "date", "projection.enabled": "true",
                "storage.location.template": f"s3://{bucket}/orders/dt=${{dt}}/",
            },
            "partition_index": [],
            "partition_keys": [{"comment": "", "name": "dt", "parameters": {}, "type": "string"}],
            "retention": 0,
            "storage_descriptor": [{
                "additional_locations": [],
                "bucket_columns": [],
                "columns": [{"comment": "", "name": n, "parameters": {}, "type": ty} for n, ty in cols],
                "compressed": False,
                "input_format": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                "location": f"s3://{bucket}/orders/",
                "number_of_buckets": 0,
                "output_format": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
                "parameters": {},
                "schema_reference": [],
                "ser_de_info": [{"name": "parquet", "parameters": {"serialization.format": "1"}, "serialization_library": "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"}],
                "skewed_info": [],
                "sort_columns": [],
                "stored_as_sub_directories": False,
            }],
            "table_type": "EXTERNAL_TABLE",
            "target_table": [],
            "view_expanded_text": "",
            "view_original_text": "",
        }),
        R("aws_glue_security_configuration", "lake", {
            "encryption_configuration": [{
                "cloudwatch_encryption": [{"cloudwatch_encryption_mode": "SSE-KMS", "kms_key_arn": kms}],
                "job_bookmarks_encryption": [{"job_bookmarks_encryption_mode": "CSE-KMS", "kms_key_arn": kms}],
                "s3_encryption": [{"kms_key_arn": kms, "s3_encryption_mode": "SSE-KMS"}],
            }],
            "id": f"lake-{e}",
            "name": f"lake-{e}",
        }),
        R("aws_glue_crawler", "orders", {
            "arn": arn(env, "glue", f"crawler/orders-{e}"),
            "catalog_target": [],
            "classifiers": [],
            "configuration": cj({"Version": 1.0, "CrawlerOutput": {"Partitions": {"AddOrUpdateBehavior": "InheritFromTable"}}, "Grouping": {"TableGroupingPolicy": "CombineCompatibleSchemas"}}),
            "database_name": db,
            "delta_target": [],
            "description": "",
            "dynamodb_target": [],
            "hudi_target": [],
            "iceberg_target": [],
            "id": f"orders-{e}",
            "jdbc_target": [],
            "lake_formation_configuration": [{"account_id": "", "use_lake_formation_credentials": False}],
            "lineage_configuration": [{"crawler_lineage_settings": "DISABLE"}],
            "mongodb_target": [],
            "name": f"orders-{e}",
            "recrawl_policy": [{"recrawl_behavior": "CRAWL_NEW_FOLDERS_ONLY"}],
            "role": role_arn(env, f"glue-crawler-{e}"),
            "s3_target": [{"connection_name": "", "dlq_event_queue_arn": "", "event_queue_arn": "", "exclusions": ["**/_temporary/**", "**/_SUCCESS"], "path": f"s3://{bucket}/orders/", "sample_size": 0}],
            "schedule": "cron(15 2 * * ? *)",
            "schema_change_policy": [{"delete_behavior": "LOG", "update_behavior": "LOG"}],
            "security_configuration": f"lake-{e}",
            "table_prefix": "",
            "tags": t, "tags_all": ta,
        }),
        R("aws_glue_job", "compact", {
            "arn": arn(env, "glue", f"job/orders-compact-{e}"),
            "command": [{"name": "glueetl", "python_version": "3", "runtime": "", "script_location": f"s3://acme-lake-artifacts-{e}/jobs/compact_orders.py"}],
            "connections": [],
            "default_arguments": args,
            "description": "Compacts the day's order files into Iceberg",
            "execution_class": "STANDARD",
            "execution_property": [{"max_concurrent_runs": 1}],
            "glue_version": drift.get("glue_version", "4.0"),
            "id": f"orders-compact-{e}",
            "job_run_queuing_enabled": False,
            "maintenance_window": "",
            "max_capacity": workers,
            "max_retries": 1,
            "name": f"orders-compact-{e}",
            "non_overridable_arguments": {},
            "notification_property": [{"notify_delay_after": 30}],
            "number_of_workers": workers,
            "role_arn": role_arn(env, f"glue-jobs-{e}"),
            "security_configuration": f"lake-{e}",
            "source_control_details": [],
            "tags": t, "tags_all": ta,
            "timeout": 120,
            "worker_type": "G.1X",
        }),
        R("aws_glue_trigger", "nightly", {
            "actions": [{"arguments": {}, "crawler_name": "", "job_name": f"orders-compact-{e}", "notification_property": [], "security_configuration": "", "timeout": 0}],
            "arn": arn(env, "glue", f"trigger/orders-compact-nightly-{e}"),
            "description": "",
            "enabled": True,
            "event_batching_condition": [],
            "id": f"orders-compact-nightly-{e}",
            "name": f"orders-compact-nightly-{e}",
            "predicate": [],
            "schedule": "cron(0 3 * * ? *)",
            "start_on_creation": None,
            "state": "ACTIVATED",
            "tags": t, "tags_all": ta,
            "timeouts": None,
            "type": "SCHEDULED",
            "workflow_name": "",
        }),
        R("aws_athena_workgroup", "analysts", {
            "arn": arn(env, "athena", f"workgroup/analysts-{e}"),
            "configuration": [{
                "bytes_scanned_cutoff_per_query": 107374182400,
                "enforce_workgroup_configuration": drift.get("enforce", True),
                "engine_version": [{"effective_engine_version": "Athena engine version 3", "selected_engine_version": "AUTO"}],
                "execution_role": "",
                "identity_center_configuration": [],
                "publish_cloudwatch_metrics_enabled": True,
                "requester_pays_enabled": False,
                "result_configuration": [{
                    "acl_configuration": [{"s3_acl_option": "BUCKET_OWNER_FULL_CONTROL"}],
                    "encryption_configuration": encryption,
                    "expected_bucket_owner": env["acct"],
                    "output_location": f"s3://acme-athena-results-{e}/analysts/",
                }],
            }],
            "description": "Ad-hoc queries of the analysts",
            "force_destroy": False,
            "id": f"analysts-{e}",
            "name": f"analysts-{e}",
            "state": "ENABLED",
            "tags": t, "tags_all": ta,
        }),
        R("aws_athena_named_query", "daily_revenue", {
            "database": db,
            "description": "Revenue per currency for one day",
            "id": uid(env["seed"] + "nq"),
            "name": "daily-revenue",
            "query": f"SELECT currency, sum(amount) AS revenue FROM {db}.orders WHERE dt = cast(current_date - interval '1' day AS varchar) AND status = 'PAID' GROUP BY currency",
            "workgroup": f"analysts-{e}",
        }),
    ]
    return rs


def cases():
    stg = dict(STG, tok="staging", seed="glue-s")
    prd = dict(PRD, tok="production", seed="glue-p")
    write_case(
        "aws", "glue-athena-lake",
        "A small data lake: a Glue catalog database and partition-projected Parquet table, a crawler with its "
        "JSON configuration, a KMS security configuration, a compaction job on G.1X workers with a nightly "
        "trigger, and an Athena workgroup with a named query. Production's job runs ten G.1X workers (max_capacity "
        "follows), staging's five (G.1X is the smallest worker type of Spark batch jobs); bucket, database and job names carry the environment.",
        SRC + "raw state (version 4) written by Terraform 1.7.5.",
        0.5, [],
        raw_state(lake(stg, 5), "1.7.5", 28, "glue-s"),
        raw_state(lake(prd, 10), "1.7.5", 57, "glue-p"),
        ext="tfstate",
    )
    stg2 = dict(STG, tok="stg", seed="glue-s2")
    prd2 = dict(PRD, tok="prd", seed="glue-p2")
    drift = {"enforce": False, "no_results_encryption": True, "glue_version": "3.0", "bookmark": "job-bookmark-disable"}
    write_case(
        "aws", "athena-results-glue-bookmarks",
        "The lake of aws/glue-athena-lake shown by Terraform 1.8.5: staging's Athena workgroup lets clients "
        "override its settings and writes unencrypted query results, and staging's compaction job runs on Glue 3.0 "
        "with job bookmarks disabled, so every run reprocesses all input.",
        SRC + "`terraform show -json` of a state by Terraform 1.8.5 (format_version 1.0).",
        0.5,
        [
            L("config_drift", "aws_athena_workgroup.analysts", "configuration[0].enforce_workgroup_configuration", "Staging's workgroup does not enforce its configuration, so clients may choose their own result location and encryption."),
            L("config_drift", "aws_athena_workgroup.analysts", "configuration[0].result_configuration[0].encryption_configuration", "Staging's query results are written without SSE-KMS encryption; production encrypts them.", prefix=True),
            L("config_drift", "aws_glue_job.compact", "glue_version", "Staging's job runs Glue 3.0, production's Glue 4.0."),
            L("config_drift", "aws_glue_job.compact", 'default_arguments.--job-bookmark-option', "Staging disables job bookmarks, so every run reprocesses all input; production enables them."),
        ],
        show_state(lake(stg2, 5, drift), "1.0", "1.8.5"),
        show_state(lake(prd2, 10), "1.0", "1.8.5"),
    )


if __name__ == "__main__":
    cases()
