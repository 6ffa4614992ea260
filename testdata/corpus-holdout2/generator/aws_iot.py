from awscommon import *

SRC = ("hashicorp/aws provider documentation for aws_iot_thing_type, aws_iot_policy, aws_iot_topic_rule, "
       "aws_iot_logging_options and aws_iot_provisioning_template (fleet provisioning template as JSON); ")

RULE_ACTIONS = ["cloudwatch_alarm", "cloudwatch_logs", "cloudwatch_metric", "dynamodb", "dynamodbv2",
                "elasticsearch", "firehose", "http", "iot_analytics", "iot_events", "kafka", "kinesis", "lambda",
                "location", "republish", "s3", "sns", "sqs", "step_functions", "timestream"]


def iot(env):
    e = env["tok"]
    t, ta = tag_pair(env, "sensors")
    region = "eu-central-1"
    a = lambda res: arn(env, "iot", res, region)
    policy = cj({
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "iot:Connect", "Resource": a("client/${iot:Connection.Thing.ThingName}"),
             "Condition": {"Bool": {"iot:Connection.Thing.IsAttached": "true"}}},
            {"Effect": "Allow", "Action": "iot:Publish", "Resource": [a("topic/sensors/${iot:Connection.Thing.ThingName}/telemetry"), a("topic/$aws/things/${iot:Connection.Thing.ThingName}/shadow/update")]},
            {"Effect": "Allow", "Action": "iot:Subscribe", "Resource": a("topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/shadow/update/*")},
            {"Effect": "Allow", "Action": "iot:Receive", "Resource": a("topic/$aws/things/${iot:Connection.Thing.ThingName}/shadow/update/*")},
        ],
    })
    template = pj({
        "Parameters": {"SerialNumber": {"Type": "String"}, "AWS::IoT::Certificate::Id": {"Type": "String"}, "Site": {"Type": "String"}},
        "Resources": {
            "certificate": {"Properties": {"CertificateId": {"Ref": "AWS::IoT::Certificate::Id"}, "Status": "Active"}, "Type": "AWS::IoT::Certificate"},
            "policy": {"Properties": {"PolicyName": f"sensor-{e}"}, "Type": "AWS::IoT::Policy"},
            "thing": {"OverrideSettings": {"AttributePayload": "MERGE", "ThingGroups": "DO_NOTHING", "ThingTypeName": "REPLACE"},
                      "Properties": {"AttributePayload": {"site": {"Ref": "Site"}}, "ThingName": {"Fn::Join": ["", ["sensor-", {"Ref": "SerialNumber"}]]}, "ThingTypeName": f"env-sensor-{e}"},
                      "Type": "AWS::IoT::Thing"},
        },
    })
    rule = {k: [] for k in RULE_ACTIONS}
    rule.update({
        "arn": a(f"rule/telemetry_{e}"),
        "description": "Telemetry from environment sensors to the archive stream",
        "enabled": True,
        "error_action": [dict({k: [] for k in RULE_ACTIONS}, cloudwatch_logs=[{"batch_mode": False, "log_group_name": f"/iot/rules/telemetry_{e}/errors", "role_arn": role_arn(env, f"iot-rules-{e}")}])],
        "firehose": [{"batch_mode": True, "delivery_stream_name": f"telemetry-{e}", "role_arn": role_arn(env, f"iot-rules-{e}"), "separator": "\n"}],
        "id": f"telemetry_{e}",
        "name": f"telemetry_{e}",
        "sql": "SELECT *, topic(2) AS thing, timestamp() AS received_at FROM 'sensors/+/telemetry' WHERE temperature <> NULL",
        "sql_version": "2016-03-23",
        "tags": t, "tags_all": ta,
    })
    rs = [
        R("aws_iot_thing_type", "sensor", {
            "arn": a(f"thingtype/env-sensor-{e}"),
            "deprecated": False,
            "id": f"env-sensor-{e}",
            "name": f"env-sensor-{e}",
            "properties": [{"description": "Temperature and humidity sensor", "searchable_attributes": ["model", "site"]}],
            "tags": t, "tags_all": ta,
        }, unknown=["arn", "id"]),
        R("aws_iot_policy", "sensor", {
            "arn": a(f"policy/sensor-{e}"),
            "default_version_id": "1",
            "id": f"sensor-{e}",
            "name": f"sensor-{e}",
            "policy": policy,
            "tags": t, "tags_all": ta,
            "timeouts": None,
        }, unknown=["arn", "default_version_id", "id"]),
        R("aws_iot_topic_rule", "telemetry", rule, unknown=["arn", "id"]),
        R("aws_iot_logging_options", "this", {
            "default_log_level": "WARN",
            "disable_all_logs": False,
            "id": region,
            "role_arn": role_arn(env, f"iot-logging-{e}"),
        }, unknown=["id"]),
        R("aws_iot_provisioning_template", "fleet", {
            "arn": a(f"provisioningtemplate/fleet-{e}"),
            "default_version_id": 1,
            "description": "Claims-based fleet provisioning of sensors",
            "enabled": True,
            "id": f"fleet-{e}",
            "name": f"fleet-{e}",
            "pre_provisioning_hook": [],
            "provisioning_role_arn": role_arn(env, f"iot-provisioning-{e}"),
            "tags": t, "tags_all": ta,
            "template_body": template,
            "type": "FLEET_PROVISIONING",
        }, unknown=["arn", "default_version_id", "id"]),
    ]
    for r in rs:
        r.refs = {}
    find(rs, "aws_iot_logging_options.this").refs = {"role_arn": ["aws_iam_role.iot_logging.arn", "aws_iam_role.iot_logging"]}
    return rs


def cases():
    stg = dict(STG, tok="staging", seed="iot-s")
    prd = dict(PRD, tok="production", seed="iot-p")
    s = iot(stg)
    p = iot(prd)
    write_case(
        "aws", "iot-fleet-create-plan",
        "AWS IoT Core for a fleet of environment sensors: a thing type, a device policy scoped to the thing name "
        "(JSON), a topic rule that sends telemetry to Firehose with an error action, account logging options and "
        "a fleet provisioning template (JSON). Staging's plan creates it all (ARNs, ids and policy versions "
        "unknown until apply); production's plan changes nothing. Rule names join the environment with an "
        "underscore, as IoT rule names must.",
        SRC + "`terraform show -json` of plans by Terraform 1.3.9 (format_version 1.1).",
        0.5, [],
        show_plan(s, None, "1.1", "1.3.9", created={r.address for r in s}, region="eu-central-1"),
        show_plan(p, p, "1.1", "1.3.9", region="eu-central-1"),
    )


if __name__ == "__main__":
    cases()
