from awscommon import *

SRC = ("hashicorp/aws provider documentation for aws_kinesis_stream, aws_kinesis_stream_consumer and "
       "aws_kinesis_firehose_delivery_stream (extended_s3 destination with record format conversion and "
       "dynamic partitioning); ")


def stream(env, shards, drift=None):
    drift = drift or {}
    e = env["tok"]
    t, ta = tag_pair(env, "events")
    sarn = arn(env, "kinesis", f"stream/events-{e}")
    fh_role = role_arn(env, f"firehose-events-{e}")
    bucket = f"acme-events-archive-{e}"
    enc = drift.get("encryption", "KMS")
    rs = [
        R("aws_kinesis_stream", "events", {
            "arn": sarn,
            "encryption_type": enc,
            "enforce_consumer_deletion": False,
            "id": sarn,
            "kms_key_id": kms_arn(env, "kinesis") if enc == "KMS" else "",
            "name": f"events-{e}",
            "retention_period": drift.get("retention", 168),
            "shard_count": shards,
            "shard_level_metrics": ["IncomingBytes", "IteratorAgeMilliseconds", "OutgoingBytes", "ReadProvisionedThroughputExceeded", "WriteProvisionedThroughputExceeded"],
            "stream_mode_details": [{"stream_mode": "PROVISIONED"}],
            "tags": t, "tags_all": ta,
            "timeouts": None,
        }, schema_version=1),
        R("aws_kinesis_stream_consumer", "analytics", {
            "arn": f"{sarn}/consumer/analytics:{ts(env['seed']+'cons', 2023, 'epoch')}",
            "creation_timestamp": ts(env["seed"] + "consc", 2023),
            "id": f"{sarn}/consumer/analytics:{ts(env['seed']+'cons', 2023, 'epoch')}",
            "name": "analytics",
            "stream_arn": sarn,
        }),
        R("aws_kinesis_firehose_delivery_stream", "events_to_s3", {
            "arn": arn(env, "firehose", f"deliverystream/events-{e}-to-s3"),
            "destination": "extended_s3",
            "destination_id": "destinationId-000000000001",
            "elasticsearch_configuration": [],
            "extended_s3_configuration": [{
                "bucket_arn": f"arn:aws:s3:::{bucket}",
                "buffering_interval": 300,
                "buffering_size": 128,
                "cloudwatch_logging_options": [{"enabled": drift.get("logging", True), "log_group_name": f"/aws/kinesisfirehose/events-{e}-to-s3", "log_stream_name": "DestinationDelivery"}],
                "compression_format": "UNCOMPRESSED",
                "custom_time_zone": "UTC",
                "data_format_conversion_configuration": [{
                    "enabled": True,
                    "input_format_configuration": [{"deserializer": [{"hive_json_ser_de": [], "open_x_json_ser_de": [{"case_insensitive": True, "column_to_json_key_mappings": {}, "convert_dots_in_json_keys_to_underscores": False}]}]}],
                    "output_format_configuration": [{"serializer": [{"orc_ser_de": [], "parquet_ser_de": [{"block_size_bytes": 268435456, "compression": "SNAPPY", "enable_dictionary_compression": False, "max_padding_bytes": 0, "page_size_bytes": 1048576, "writer_version": "V1"}]}]}],
                    "schema_configuration": [{"catalog_id": env["acct"], "database_name": f"events_{e}", "region": REGION, "role_arn": fh_role, "table_name": "events", "version_id": "LATEST"}],
                }],
                "dynamic_partitioning_configuration": [{"enabled": True, "retry_duration": 300}],
                "error_output_prefix": "errors/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/",
                "file_extension": "",
                "kms_key_arn": kms_arn(env, "archive"),
                "prefix": "events/type=!{partitionKeyFromQuery:type}/dt=!{partitionKeyFromQuery:dt}/",
                "processing_configuration": [{
                    "enabled": True,
                    "processors": [
                        {"parameters": [
                            {"parameter_name": "MetadataExtractionQuery", "parameter_value": "{type:.type,dt:.ts[0:10]}"},
                            {"parameter_name": "JsonParsingEngine", "parameter_value": "JQ-1.6"},
                        ], "type": "MetadataExtraction"},
                        {"parameters": [
                            {"parameter_name": "LambdaArn", "parameter_value": arn(env, "lambda", f"function:events-enrich-{e}:$LATEST")},
                            {"parameter_name": "BufferSizeInMBs", "parameter_value": "1"},
                            {"parameter_name": "BufferIntervalInSeconds", "parameter_value": "60"},
                        ], "type": "Lambda"},
                    ],
                }],
                "role_arn": fh_role,
                "s3_backup_configuration": [],
                "s3_backup_mode": "Disabled",
            }],
            "http_endpoint_configuration": [],
            "iceberg_configuration": [],
            "id": arn(env, "firehose", f"deliverystream/events-{e}-to-s3"),
            "kinesis_source_configuration": [{"kinesis_stream_arn": sarn, "role_arn": fh_role}],
            "msk_source_configuration": [],
            "name": f"events-{e}-to-s3",
            "opensearch_configuration": [],
            "opensearchserverless_configuration": [],
            "redshift_configuration": [],
            "server_side_encryption": [],
            "snowflake_configuration": [],
            "splunk_configuration": [],
            "tags": t, "tags_all": ta,
            "timeouts": None,
            "version_id": str(num(env["seed"] + "fhv", 2, 9)),
        }, schema_version=1),
        R("aws_cloudwatch_log_stream", "firehose_delivery", {
            "arn": arn(env, "logs", f"log-group:/aws/kinesisfirehose/events-{e}-to-s3:log-stream:DestinationDelivery"),
            "id": "DestinationDelivery",
            "log_group_name": f"/aws/kinesisfirehose/events-{e}-to-s3",
            "name": "DestinationDelivery",
        }),
    ]
    return rs


def cases():
    stg = dict(STG, tok="staging", seed="kin-s")
    prd = dict(PRD, tok="production", seed="kin-p")
    write_case(
        "aws", "kinesis-firehose-archive",
        "A provisioned Kinesis data stream with an enhanced fan-out consumer, and a Firehose delivery stream that "
        "reads it, extracts partition keys with JQ, enriches records through a Lambda processor, converts JSON to "
        "Parquet with the Glue schema and writes to S3 under KMS. Production's stream has four shards, staging's two.",
        SRC + "`terraform show -json` of a state by Terraform 1.5.7 (format_version 1.0).",
        0.5, [],
        show_state(stream(stg, 2), "1.0", "1.5.7"),
        show_state(stream(prd, 4), "1.0", "1.5.7"),
    )
    stg2 = dict(STG, tok="stg", seed="kin-s2")
    prd2 = dict(PRD, tok="prod", seed="kin-p2")
    drift = {"retention": 24, "encryption": "NONE", "logging": False}
    s = stream(stg2, 2, drift)
    p = stream(prd2, 4)
    write_case(
        "aws", "kinesis-retention-encryption-plan",
        "No-op plans of the streams of aws/kinesis-firehose-archive: staging's data stream keeps records 24 hours "
        "instead of 7 days and is not encrypted at rest (no KMS key), and its Firehose delivery stream logs "
        "delivery errors nowhere.",
        SRC + "`terraform show -json` of plans by Terraform 1.4.6 (format_version 1.1).",
        0.5,
        [
            L("config_drift", "aws_kinesis_stream.events", "retention_period", "Staging keeps stream records 24 hours, production 168; a consumer outage longer than a day loses data only in staging."),
            L("config_drift", "aws_kinesis_stream.events", "encryption_type", "Staging's stream is not encrypted at rest (NONE, so no KMS key); production encrypts with its customer managed key."),
            L("config_drift", "aws_kinesis_firehose_delivery_stream.events_to_s3", "extended_s3_configuration[0].cloudwatch_logging_options[0].enabled", "Staging's delivery stream does not log delivery errors to CloudWatch; production does."),
        ],
        show_plan(s, s, "1.1", "1.4.6", region=REGION),
        show_plan(p, p, "1.1", "1.4.6", region=REGION),
    )


if __name__ == "__main__":
    cases()
