from awscommon import *

SRC = ("hashicorp/aws provider documentation for aws_dms_replication_instance, aws_dms_replication_subnet_group, "
       "aws_dms_endpoint (PostgreSQL source through Secrets Manager), aws_dms_s3_endpoint and "
       "aws_dms_replication_task (table mappings and task settings as JSON); AWS DMS task settings reference; ")


def task_settings(env, rid, validation=True):
    e = env["tok"]
    return cj({
        "BeforeImageSettings": None,
        "ChangeProcessingDdlHandlingPolicy": {"HandleSourceTableAltered": True, "HandleSourceTableDropped": True, "HandleSourceTableTruncated": True},
        "ChangeProcessingTuning": {"BatchApplyMemoryLimit": 500, "BatchApplyPreserveTransaction": True, "BatchApplyTimeoutMax": 30, "BatchApplyTimeoutMin": 1, "BatchSplitSize": 0, "CommitTimeout": 1, "MemoryKeepTime": 60, "MemoryLimitTotal": 1024, "MinTransactionSize": 1000, "RecoveryTimeout": -1, "StatementCacheSize": 50},
        "CharacterSetSettings": None,
        "ControlTablesSettings": {"CommitPositionTableEnabled": False, "ControlSchema": "dms_control", "FullLoadExceptionTableEnabled": False, "HistoryTableEnabled": False, "HistoryTimeslotInMinutes": 5, "StatusTableEnabled": True, "SuspendedTablesTableEnabled": True},
        "ErrorBehavior": {"ApplyErrorDeletePolicy": "IGNORE_RECORD", "ApplyErrorEscalationCount": 0, "ApplyErrorEscalationPolicy": "LOG_ERROR", "ApplyErrorFailOnTruncationDdl": False, "ApplyErrorInsertPolicy": "LOG_ERROR", "ApplyErrorUpdatePolicy": "LOG_ERROR", "DataErrorEscalationCount": 0, "DataErrorEscalationPolicy": "SUSPEND_TABLE", "DataErrorPolicy": "LOG_ERROR", "DataMaskingErrorPolicy": "STOP_TASK", "DataTruncationErrorPolicy": "LOG_ERROR", "EventErrorPolicy": "IGNORE", "FailOnNoTablesCaptured": True, "FailOnTransactionConsistencyBreached": False, "FullLoadIgnoreConflicts": True, "RecoverableErrorCount": -1, "RecoverableErrorInterval": 5, "RecoverableErrorStopRetryAfterThrottlingMax": True, "RecoverableErrorThrottling": True, "RecoverableErrorThrottlingMax": 1800, "TableErrorEscalationCount": 0, "TableErrorEscalationPolicy": "STOP_TASK", "TableErrorPolicy": "SUSPEND_TABLE"},
        "FailTaskWhenCleanTaskResourceFailed": False,
        "FullLoadSettings": {"CommitRate": 10000, "CreatePkAfterFullLoad": False, "MaxFullLoadSubTasks": 8, "StopTaskCachedChangesApplied": False, "StopTaskCachedChangesNotApplied": False, "TargetTablePrepMode": "DO_NOTHING", "TransactionConsistencyTimeout": 600},
        "Logging": {"CloudWatchLogGroup": f"dms-tasks-orders-cdc-{e}", "CloudWatchLogStream": f"dms-task-{rid}", "EnableLogContext": False, "EnableLogging": True, "LogComponents": [
            {"Id": "TRANSFORMATION", "Severity": "LOGGER_SEVERITY_DEFAULT"},
            {"Id": "SOURCE_UNLOAD", "Severity": "LOGGER_SEVERITY_DEFAULT"},
            {"Id": "IO", "Severity": "LOGGER_SEVERITY_DEFAULT"},
            {"Id": "TARGET_LOAD", "Severity": "LOGGER_SEVERITY_INFO"},
            {"Id": "PERFORMANCE", "Severity": "LOGGER_SEVERITY_DEFAULT"},
            {"Id": "SOURCE_CAPTURE", "Severity": "LOGGER_SEVERITY_INFO"},
            {"Id": "SORTER", "Severity": "LOGGER_SEVERITY_DEFAULT"},
            {"Id": "REST_SERVER", "Severity": "LOGGER_SEVERITY_DEFAULT"},
            {"Id": "VALIDATOR_EXT", "Severity": "LOGGER_SEVERITY_DEFAULT"},
            {"Id": "TARGET_APPLY", "Severity": "LOGGER_SEVERITY_INFO"},
            {"Id": "TASK_MANAGER", "Severity": "LOGGER_SEVERITY_DEFAULT"},
            {"Id": "TABLES_MANAGER", "Severity": "LOGGER_SEVERITY_DEFAULT"},
            {"Id": "METADATA_MANAGER", "Severity": "LOGGER_SEVERITY_DEFAULT"},
            {"Id": "FILE_FACTORY", "Severity": "LOGGER_SEVERITY_DEFAULT"},
            {"Id": "COMMON", "Severity": "LOGGER_SEVERITY_DEFAULT"},
            {"Id": "ADDONS", "Severity": "LOGGER_SEVERITY_DEFAULT"},
            {"Id": "DATA_STRUCTURE", "Severity": "LOGGER_SEVERITY_DEFAULT"},
            {"Id": "COMMUNICATION", "Severity": "LOGGER_SEVERITY_DEFAULT"},
            {"Id": "FILE_TRANSFER", "Severity": "LOGGER_SEVERITY_DEFAULT"},
        ]},
        "LoopbackPreventionSettings": None,
        "PostProcessingRules": None,
        "StreamBufferSettings": {"CtrlStreamBufferSizeInMB": 5, "StreamBufferCount": 3, "StreamBufferSizeInMB": 8},
        "TTSettings": {"EnableTT": False, "TTRecordSettings": None, "TTS3Settings": None},
        "TargetMetadata": {"BatchApplyEnabled": True, "FullLobMode": False, "InlineLobMaxSize": 0, "LimitedSizeLobMode": True, "LoadMaxFileSize": 0, "LobChunkSize": 64, "LobMaxSize": 32, "ParallelApplyBufferSize": 0, "ParallelApplyQueuesPerThread": 0, "ParallelApplyThreads": 0, "ParallelLoadBufferSize": 0, "ParallelLoadQueuesPerThread": 0, "ParallelLoadThreads": 0, "SupportLobs": True, "TargetSchema": "", "TaskRecoveryTableEnabled": False},
        "ValidationSettings": {"EnableValidation": validation, "FailureMaxCount": 10000, "HandleCollationDiff": False, "MaxKeyColumnSize": 8096, "PartitionSize": 10000, "RecordFailureDelayLimitInMinutes": 0, "RecordSuspendDelayInMinutes": 30, "SkipLobColumns": False, "TableFailureMaxCount": 1000, "ThreadCount": 5, "ValidationOnly": False, "ValidationPartialLobSize": 0, "ValidationQueryCdcDelaySeconds": 0, "ValidationMode": "ROW_LEVEL"},
    })


MAPPINGS = cj({"rules": [
    {"rule-type": "selection", "rule-id": "1", "rule-name": "orders-schema", "object-locator": {"schema-name": "orders", "table-name": "%"}, "rule-action": "include", "filters": []},
    {"rule-type": "selection", "rule-id": "2", "rule-name": "exclude-audit", "object-locator": {"schema-name": "orders", "table-name": "audit_%"}, "rule-action": "exclude", "filters": []},
    {"rule-type": "transformation", "rule-id": "3", "rule-name": "lowercase-tables", "rule-target": "table", "object-locator": {"schema-name": "orders", "table-name": "%"}, "rule-action": "convert-lowercase", "value": None, "old-value": None},
    {"rule-type": "transformation", "rule-id": "4", "rule-name": "drop-card-token", "rule-target": "column", "object-locator": {"schema-name": "orders", "table-name": "payments", "column-name": "card_token"}, "rule-action": "remove-column", "value": None, "old-value": None},
]})


def dms(env, klass, storage, drift=None, engine="3.5.3"):
    drift = drift or {}
    e = env["tok"]
    t, ta = tag_pair(env, "orders-cdc")
    rid = alnum(env["seed"] + "task", 26, upper=True, lower=False)
    ri_arn = arn(env, "dms", "rep:" + alnum(env["seed"] + "ri", 26, upper=True, lower=False))
    src_arn = arn(env, "dms", "endpoint:" + alnum(env["seed"] + "src", 26, upper=True, lower=False))
    tgt_arn = arn(env, "dms", "endpoint:" + alnum(env["seed"] + "tgt", 26, upper=True, lower=False))
    kms = kms_arn(env, "dms")
    rs = [
        R("aws_dms_replication_subnet_group", "this", {
            "id": f"orders-cdc-{e}",
            "replication_subnet_group_arn": arn(env, "dms", f"subgrp:orders-cdc-{e}"),
            "replication_subnet_group_description": "Private subnets of the CDC replication instance",
            "replication_subnet_group_id": f"orders-cdc-{e}",
            "subnet_ids": [subnet(env, f"priv{i}") for i in range(3)],
            "tags": t, "tags_all": ta,
            "timeouts": None,
            "vpc_id": vpc(env),
        }),
        R("aws_dms_replication_instance", "this", {
            "allocated_storage": storage,
            "allow_major_version_upgrade": False,
            "apply_immediately": False,
            "auto_minor_version_upgrade": True,
            "availability_zone": f"{REGION}b",
            "dns_name_servers": "",
            "engine_version": engine,
            "id": f"orders-cdc-{e}",
            "kerberos_authentication_settings": [],
            "kms_key_arn": kms,
            "multi_az": drift.get("multi_az", True),
            "network_type": "IPV4",
            "preferred_maintenance_window": "sun:05:00-sun:05:30",
            "publicly_accessible": False,
            "replication_instance_arn": ri_arn,
            "replication_instance_class": klass,
            "replication_instance_id": f"orders-cdc-{e}",
            "replication_instance_private_ips": [ip(env["seed"] + "rip", "10.60.21")],
            "replication_instance_public_ips": [],
            "replication_subnet_group_id": f"orders-cdc-{e}",
            "tags": t, "tags_all": ta,
            "timeouts": None,
            "vpc_security_group_ids": [sg(env, "dms")],
        }),
        R("aws_dms_endpoint", "source", {
            "certificate_arn": "",
            "database_name": "orders",
            "elasticsearch_settings": [],
            "endpoint_arn": src_arn,
            "endpoint_id": f"orders-source-{e}",
            "endpoint_type": "source",
            "engine_name": "aurora-postgresql",
            "extra_connection_attributes": "",
            "id": f"orders-source-{e}",
            "kafka_settings": [],
            "kinesis_settings": [],
            "kms_key_arn": kms,
            "mongodb_settings": [],
            "password": None,
            "pause_replication_tasks": False,
            "port": 5432,
            "postgres_settings": [{
                "after_connect_script": "", "babelfish_database_name": "", "capture_ddls": True,
                "database_mode": "default", "ddl_artifacts_schema": "public", "execute_timeout": 60,
                "fail_tasks_on_lob_truncation": True, "heartbeat_enable": True, "heartbeat_frequency": 5,
                "heartbeat_schema": "dms", "map_boolean_as_boolean": True, "map_jsonb_as_clob": False,
                "map_long_varchar_as": "wstring", "max_file_size": 32768, "plugin_name": "pglogical",
                "slot_name": "dms_orders",
            }],
            "redis_settings": [],
            "redshift_settings": [],
            "s3_settings": [],
            "secrets_manager_access_role_arn": role_arn(env, f"dms-secrets-{e}"),
            "secrets_manager_arn": arn(env, "secretsmanager", f"secret:orders/{e}/dms-{alnum(env['seed']+'dsec', 6, upper=True)}"),
            "server_name": "",
            "service_access_role": "",
            "ssl_mode": drift.get("ssl_mode", "verify-full"),
            "tags": t, "tags_all": ta,
            "timeouts": None,
            "username": "",
        }, sensitive=["password"]),
        R("aws_dms_s3_endpoint", "target", {
            "add_column_name": True, "add_trailing_padding_character": False,
            "bucket_folder": "cdc/orders", "bucket_name": f"acme-orders-cdc-{e}",
            "canned_acl_for_objects": "none", "cdc_inserts_and_updates": True, "cdc_inserts_only": False,
            "cdc_max_batch_interval": 60, "cdc_min_file_size": 32000, "cdc_path": "", "certificate_arn": "",
            "compression_type": "GZIP", "csv_delimiter": ",", "csv_no_sup_value": "", "csv_null_value": "",
            "csv_row_delimiter": "\\n", "data_format": "parquet", "data_page_size": 1048576,
            "date_partition_delimiter": "SLASH", "date_partition_enabled": True, "date_partition_sequence": "YYYYMMDD",
            "date_partition_timezone": "", "detach_target_on_lob_lookup_failure_parquet": False,
            "dict_page_size_limit": 1048576, "enable_statistics": True, "encoding_type": "rle-dictionary",
            "encryption_mode": "SSE_KMS", "endpoint_arn": tgt_arn, "endpoint_id": f"orders-target-{e}",
            "endpoint_type": "target", "engine_display_name": "Amazon S3",
            "expected_bucket_owner": env["acct"], "external_id": "", "external_table_definition": "",
            "glue_catalog_generation": False, "id": f"orders-target-{e}", "ignore_header_rows": 0,
            "include_op_for_full_load": True, "kms_key_arn": kms, "max_file_size": 1048576,
            "parquet_timestamp_in_millisecond": True, "parquet_version": "parquet-2-0",
            "preserve_transactions": False, "rfc_4180": True, "row_group_length": 10000,
            "server_side_encryption_kms_key_id": kms_arn(env, "cdc-bucket"),
            "service_access_role_arn": role_arn(env, f"dms-s3-{e}"), "ssl_mode": "none", "status": "active",
            "tags": t, "tags_all": ta, "timeouts": None, "timestamp_column_name": "",
            "use_csv_no_sup_value": False, "use_task_start_time_for_full_load_timestamp": False,
        }),
        R("aws_dms_replication_task", "orders", {
            "cdc_start_position": "",
            "cdc_start_time": None,
            "id": f"orders-cdc-{e}",
            "migration_type": "full-load-and-cdc",
            "replication_instance_arn": ri_arn,
            "replication_task_arn": arn(env, "dms", "task:" + rid),
            "replication_task_id": f"orders-cdc-{e}",
            "replication_task_settings": task_settings(env, rid, drift.get("validation", True)),
            "resource_identifier": None,
            "source_endpoint_arn": src_arn,
            "start_replication_task": True,
            "status": "running",
            "table_mappings": MAPPINGS,
            "tags": t, "tags_all": ta,
            "target_endpoint_arn": tgt_arn,
        }),
    ]
    return rs


def cases():
    stg = dict(STG, tok="staging", seed="dms-s")
    prd = dict(PRD, tok="production", seed="dms-p")
    s_after = dms(stg, "dms.r5.large", 100)
    p_after = dms(prd, "dms.r5.xlarge", 200)
    s_before = dms(stg, "dms.r5.large", 100, engine="3.5.2")
    p_before = dms(prd, "dms.r5.xlarge", 200, engine="3.5.2")
    ri = 'aws_dms_replication_instance.this'
    write_case(
        "aws", "dms-cdc-engine-upgrade-plan",
        "Change data capture from Aurora PostgreSQL to S3 with DMS: replication instance, subnet group, a "
        "PostgreSQL source endpoint reading its credentials from Secrets Manager, an S3 Parquet target and a "
        "full-load-and-CDC task whose table mappings and task settings are JSON (the settings name each task's "
        "own CloudWatch log group and stream). Both plans upgrade the replication engine from 3.5.2 to 3.5.3 in "
        "place. Production's instance is dms.r5.xlarge with 200 GB, staging's dms.r5.large with 100 GB.",
        SRC + "`terraform show -json` of plans by Terraform 1.10.5 (format_version 1.2).",
        0.5, [],
        show_plan(s_after, s_before, "1.2", "1.10.5", actions={ri: ["update"]}, timestamp="2025-06-02T07:41:09Z", region=REGION,
                  relevant=[{"resource": ri, "attribute": ["engine_version"]}]),
        show_plan(p_after, p_before, "1.2", "1.10.5", actions={ri: ["update"]}, timestamp="2025-06-02T07:44:51Z", region=REGION,
                  relevant=[{"resource": ri, "attribute": ["engine_version"]}]),
    )
    stg2 = dict(STG, tok="stg", seed="dms-s2")
    prd2 = dict(PRD, tok="prod", seed="dms-p2")
    drift = {"validation": False, "multi_az": False, "ssl_mode": "require"}
    write_case(
        "aws", "dms-validation-multi-az-ssl",
        "The CDC pipeline of aws/dms-cdc-engine-upgrade-plan as raw states: staging's task no longer validates "
        "the rows it replicates, its replication instance runs in a single availability zone, and its source "
        "endpoint encrypts but does not verify the database's certificate.",
        SRC + "raw state (version 4) written by Terraform 1.8.5.",
        0.5,
        [
            L("config_drift", "aws_dms_replication_task.orders", "replication_task_settings", "Staging's task settings turn ValidationSettings.EnableValidation off; production validates replicated rows.", prefix=True),
            L("config_drift", "aws_dms_replication_instance.this", "multi_az", "Staging's replication instance is single-AZ; production's is Multi-AZ."),
            L("config_drift", "aws_dms_endpoint.source", "ssl_mode", "Staging's source endpoint uses ssl_mode require (no certificate verification); production uses verify-full."),
        ],
        raw_state(dms(stg2, "dms.r5.large", 100, drift), "1.8.5", 19, "dms-s2"),
        raw_state(dms(prd2, "dms.r5.xlarge", 200), "1.8.5", 34, "dms-p2"),
        ext="tfstate",
    )


if __name__ == "__main__":
    cases()
