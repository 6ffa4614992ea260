package parity

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestBuiltinKnowledgeOfProviders compares one resource of each kind the
// knowledge base knows from the third held-out corpus: values the provider
// computes or reads back are not drift, sizes follow the ratio on their own
// ladders and floors, and numbers that are policies are compared as
// configuration.
func TestBuiltinKnowledgeOfProviders(t *testing.T) {
	t.Parallel()
	type vals = map[string]Value
	block := func(fields vals) Value { return List(Object(fields)) }
	tests := []struct {
		name      string
		typ       string
		stg, prod vals
		want      []findingSummary
	}{
		{
			name: "snowflake read-backs are not drift",
			typ:  "snowflake_warehouse",
			stg: vals{"warehouse_size": String("MEDIUM"), "max_cluster_count": Int(2),
				"show_output": block(vals{"state": String("SUSPENDED"), "running": Int(0)}),
				"parameters":  block(vals{"statement_timeout_in_seconds": block(vals{"value": String("3600"), "level": String("")})})},
			prod: vals{"warehouse_size": String("LARGE"), "max_cluster_count": Int(4),
				"show_output": block(vals{"state": String("STARTED"), "running": Int(11)}),
				"parameters":  block(vals{"statement_timeout_in_seconds": block(vals{"value": String("3600"), "level": String("WAREHOUSE")})})},
			want: []findingSummary{},
		},
		{
			name: "snowflake warehouse size copied from production",
			typ:  "snowflake_warehouse",
			stg:  vals{"warehouse_size": String("X-LARGE")},
			prod: vals{"warehouse_size": String("XLARGE")},
			want: []findingSummary{{FindingSizeRatio, "warehouse_size", "X-LARGE", "XLARGE", "LARGE"}},
		},
		{
			name: "snowflake warehouse at the smallest size",
			typ:  "snowflake_warehouse",
			stg:  vals{"warehouse_size": String("XSMALL")},
			prod: vals{"warehouse_size": String("XSMALL")},
			want: []findingSummary{},
		},
		{
			name: "atlas tiers and a replica set at its minimum",
			typ:  "mongodbatlas_advanced_cluster",
			stg: vals{"connection_strings": block(vals{"standard_srv": String("mongodb+srv://orders-stg.z9dqr.mongodb.net")}),
				"replication_specs": block(vals{"region_configs": block(vals{
					"electable_specs": block(vals{"instance_size": String("M30"), "node_count": Int(3)}),
					"auto_scaling":    block(vals{"compute_min_instance_size": String("M20")})})})},
			prod: vals{"connection_strings": block(vals{"standard_srv": String("mongodb+srv://orders-prd.awj8p.mongodb.net")}),
				"replication_specs": block(vals{"region_configs": block(vals{
					"electable_specs": block(vals{"instance_size": String("M40"), "node_count": Int(3)}),
					"auto_scaling":    block(vals{"compute_min_instance_size": String("M30")})})})},
			want: []findingSummary{},
		},
		{
			name: "atlas low-CPU tier is another family",
			typ:  "mongodbatlas_advanced_cluster",
			stg: vals{"replication_specs": block(vals{"region_configs": block(vals{
				"electable_specs": block(vals{"instance_size": String("R40")})})})},
			prod: vals{"replication_specs": block(vals{"region_configs": block(vals{
				"electable_specs": block(vals{"instance_size": String("M50")})})})},
			want: []findingSummary{{FindingSizeFamily, "replication_specs[0].region_configs[0].electable_specs[0].instance_size", "R40", "M50", ""}},
		},
		{
			name: "confluent CKUs at the multi-zone minimum",
			typ:  "confluent_kafka_cluster",
			stg:  vals{"availability": String("MULTI_ZONE"), "dedicated": block(vals{"cku": Int(2)}), "rest_endpoint": String("https://pkc-jzbbj.eu-west-1.aws.confluent.cloud:443")},
			prod: vals{"availability": String("MULTI_ZONE"), "dedicated": block(vals{"cku": Int(2)}), "rest_endpoint": String("https://pkc-2vjgo.eu-west-1.aws.confluent.cloud:443")},
			want: []findingSummary{},
		},
		{
			name: "min.insync.replicas is durability, not a size",
			typ:  "confluent_kafka_topic",
			stg:  vals{"config": Object(vals{"min.insync.replicas": String("1")})},
			prod: vals{"config": Object(vals{"min.insync.replicas": String("2")})},
			want: []findingSummary{{FindingConfigDrift, `config["min.insync.replicas"]`, "1", "2", ""}},
		},
		{
			name: "auth0 password history is a policy",
			typ:  "auth0_connection",
			stg:  vals{"options": block(vals{"password_history": block(vals{"enable": Bool(true), "size": Int(5)})})},
			prod: vals{"options": block(vals{"password_history": block(vals{"enable": Bool(true), "size": Int(5)})})},
			want: []findingSummary{},
		},
		{
			name: "batch desired vcpus is read back",
			typ:  "aws_batch_compute_environment",
			stg:  vals{"compute_resources": block(vals{"desired_vcpus": Int(0), "max_vcpus": Int(128)})},
			prod: vals{"compute_resources": block(vals{"desired_vcpus": Int(48), "max_vcpus": Int(256)})},
			want: []findingSummary{},
		},
		{
			name: "lightsail bundle follows the ratio, its RAM and CPUs come with it",
			typ:  "aws_lightsail_instance",
			stg:  vals{"bundle_id": String("small_2_0"), "ram_size": Number("2.0"), "cpu_count": Int(1), "support_code": String("262121095971/3.10.148.77")},
			prod: vals{"bundle_id": String("medium_2_0"), "ram_size": Number("4.0"), "cpu_count": Int(2), "support_code": String("861789765632/18.133.62.205")},
			want: []findingSummary{},
		},
		{
			name: "lightsail bundle copied from production",
			typ:  "aws_lightsail_instance",
			stg:  vals{"bundle_id": String("medium_2_0"), "ram_size": Number("4.0")},
			prod: vals{"bundle_id": String("medium_2_0"), "ram_size": Number("4.0")},
			want: []findingSummary{{FindingSizeRatio, "bundle_id", "medium_2_0", "medium_2_0", "small_2_0"}},
		},
		{
			name: "sagemaker GPU generation",
			typ:  "aws_sagemaker_endpoint_configuration",
			stg:  vals{"production_variants": block(vals{"instance_type": String("ml.g4dn.xlarge")})},
			prod: vals{"production_variants": block(vals{"instance_type": String("ml.g5.2xlarge")})},
			want: []findingSummary{{FindingSizeFamily, "production_variants[0].instance_type", "ml.g4dn.xlarge", "ml.g5.2xlarge", ""}},
		},
		{
			name: "autoscale maximum copied from production",
			typ:  "azurerm_monitor_autoscale_setting",
			stg:  vals{"profile": block(vals{"capacity": block(vals{"default": Int(3), "minimum": Int(3), "maximum": Int(24)})})},
			prod: vals{"profile": block(vals{"capacity": block(vals{"default": Int(6), "minimum": Int(6), "maximum": Int(24)})})},
			want: []findingSummary{{FindingSizeRatio, "profile[0].capacity[0].maximum", "24", "24", "12"}},
		},
		{
			name: "bastion at its two scale units",
			typ:  "azurerm_bastion_host",
			stg:  vals{"scale_units": Int(2)},
			prod: vals{"scale_units": Int(2)},
			want: []findingSummary{},
		},
		{
			name: "dataproc derived properties and generated names",
			typ:  "google_dataproc_cluster",
			stg: vals{"cluster_config": block(vals{"bucket": String("dataproc-staging-europe-west4-551208733694-32ilpxlv"),
				"worker_config":   block(vals{"num_instances": Int(5), "instance_names": List(String("etl-w-0"))}),
				"software_config": block(vals{"properties": Object(vals{"spark:spark.executor.memory": String("5739m")})})})},
			prod: vals{"cluster_config": block(vals{"bucket": String("dataproc-staging-europe-west4-237744019851-q5zfhxec"),
				"worker_config":   block(vals{"num_instances": Int(10), "instance_names": List(String("etl-w-0"), String("etl-w-1"))}),
				"software_config": block(vals{"properties": Object(vals{"spark:spark.executor.memory": String("12859m")})})})},
			want: []findingSummary{},
		},
		{
			name: "compute engine scale-in pace is configuration",
			typ:  "google_compute_region_autoscaler",
			stg:  vals{"autoscaling_policy": block(vals{"scale_in_control": block(vals{"max_scaled_in_replicas": block(vals{"fixed": Int(2)})})})},
			prod: vals{"autoscaling_policy": block(vals{"scale_in_control": block(vals{"max_scaled_in_replicas": block(vals{"fixed": Int(2)})})})},
			want: []findingSummary{},
		},
		{
			name: "okta key rotation times and issuer",
			typ:  "okta_auth_server",
			stg:  vals{"credentials_rotation_mode": String("AUTO"), "credentials_last_rotated": String("2025-10-13T10:08:00Z"), "issuer": String("https://lumen.oktapreview.com/oauth2/ausi7Kb3yiib6XIPlzUj")},
			prod: vals{"credentials_rotation_mode": String("AUTO"), "credentials_last_rotated": String("2025-10-27T07:40:22Z"), "issuer": String("https://lumen.okta.com/oauth2/ausCFTMTG2ix6gdWXw4B")},
			want: []findingSummary{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rep, err := Compare(state(res(tt.typ+".this", tt.typ, tt.stg)), state(res(tt.typ+".this", tt.typ, tt.prod)), Rules{Ratio: 0.5})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, summarize(rep)); diff != "" {
				t.Errorf("findings (-want +got):\n%s\n%+v", diff, rep.Findings)
			}
		})
	}
}
