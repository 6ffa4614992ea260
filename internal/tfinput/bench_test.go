package tfinput

import (
	"encoding/json"
	"fmt"
	tfaddr "github.com/hashicorp/terraform-registry-address"
	"strings"
	"sync"
	"testing"
)

// generateState writes a `terraform show -json` state of n aws_instance-like
// resources (about 2 KB each, as real AWS states are), in modules of 100.
func generateState(n int) []byte {
	var b strings.Builder
	b.Grow(n * 2600)
	b.WriteString(`{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{"child_modules":[`)
	types := []string{"t3.micro", "t3.large", "m5.xlarge", "r6g.2xlarge"}
	for m := 0; m*100 < n; m++ {
		if m > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"address":"module.svc%d","resources":[`, m)
		for i := m * 100; i < n && i < (m+1)*100; i++ {
			if i > m*100 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"address":"module.svc%d.aws_instance.web[%d]","mode":"managed","type":"aws_instance","name":"web","index":%d,"provider_name":%q,"schema_version":1,"values":{`, m, i, i, awsProvider)
			fmt.Fprintf(&b, `"ami":"ami-0c55b159cbfafe1f%d","arn":"arn:aws:ec2:us-east-1:123456789012:instance/i-0%015x","associate_public_ip_address":false,"availability_zone":"us-east-1%c","capacity_reservation_specification":[{"capacity_reservation_preference":"open","capacity_reservation_target":[]}],"cpu_core_count":2,"cpu_options":[{"amd_sev_snp":"","core_count":2,"threads_per_core":2}],"cpu_threads_per_core":2,"credit_specification":[],"disable_api_stop":false,"disable_api_termination":false,"ebs_block_device":[],"ebs_optimized":true,`, i%10, i, 'a'+rune(i%3))
			fmt.Fprintf(&b, `"enclave_options":[{"enabled":false}],"ephemeral_block_device":[],"get_password_data":false,"hibernation":false,"host_id":"","iam_instance_profile":"web-profile","id":"i-0%015x","instance_initiated_shutdown_behavior":"stop","instance_lifecycle":"","instance_market_options":[],"instance_state":"running","instance_type":"%s","ipv6_address_count":0,"ipv6_addresses":[],"key_name":"deploy","launch_template":[],`, i, types[i%len(types)])
			fmt.Fprintf(&b, `"maintenance_options":[{"auto_recovery":"default"}],"metadata_options":[{"http_endpoint":"enabled","http_protocol_ipv6":"disabled","http_put_response_hop_limit":2,"http_tokens":"required","instance_metadata_tags":"disabled"}],"monitoring":true,"network_interface":[],"outpost_arn":"","password_data":"","placement_group":"","placement_partition_number":0,"primary_network_interface_id":"eni-0%015x","private_dns":"ip-10-0-%d-%d.ec2.internal","private_ip":"10.0.%d.%d","public_dns":"","public_ip":"",`, i, i/256%256, i%256, i/256%256, i%256)
			fmt.Fprintf(&b, `"root_block_device":[{"delete_on_termination":true,"device_name":"/dev/xvda","encrypted":true,"iops":3000,"kms_key_id":"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab","tags":{},"throughput":125,"volume_id":"vol-0%015x","volume_size":50,"volume_type":"gp3"}],"secondary_private_ips":[],"security_groups":[],"source_dest_check":true,"subnet_id":"subnet-0%04x","tags":{"Environment":"production","Name":"web-%d","Service":"svc%d","Team":"platform"},"tags_all":{"Environment":"production","ManagedBy":"terraform","Name":"web-%d","Service":"svc%d","Team":"platform"},"tenancy":"default","timeouts":null,"user_data":"3f2a1c9e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39","user_data_base64":null,"user_data_replace_on_change":false,"volume_tags":null,"vpc_security_group_ids":["sg-0%015x","sg-0123456789abcdef0"]},`, i, i%16, i, m, i, m, i%7)
			b.WriteString(`"sensitive_values":{"capacity_reservation_specification":[{"capacity_reservation_target":[]}],"cpu_options":[{}],"credit_specification":[],"ebs_block_device":[],"enclave_options":[{}],"ephemeral_block_device":[],"instance_market_options":[],"ipv6_addresses":[],"launch_template":[],"maintenance_options":[{}],"metadata_options":[{}],"network_interface":[],"private_dns_name_options":[],"root_block_device":[{"tags":{}}],"secondary_private_ips":[],"security_groups":[],"tags":{},"tags_all":{},"vpc_security_group_ids":[false,false]}}`)
		}
		b.WriteString(`]}`)
	}
	b.WriteString(`]}}}`)
	return []byte(b.String())
}

// benchStateOnce generates the benchmark state once, and only for benchmarks.
var benchStateOnce = sync.OnceValue(func() []byte { return generateState(10000) })

func BenchmarkDecodeJSON(b *testing.B) {
	benchState := benchStateOnce()
	b.SetBytes(int64(len(benchState)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeJSON(benchState); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodingJSONUnmarshal(b *testing.B) {
	benchState := benchStateOnce()
	b.SetBytes(int64(len(benchState)))
	b.ReportAllocs()
	for b.Loop() {
		var v any
		if err := json.Unmarshal(benchState, &v); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadState(b *testing.B) {
	benchState := benchStateOnce()
	b.SetBytes(int64(len(benchState)))
	b.ReportAllocs()
	for b.Loop() {
		v, err := DecodeJSON(benchState)
		if err != nil {
			b.Fatal(err)
		}
		rs, ok, err := FromDocument(v)
		if err != nil || !ok || len(rs) != 10000 {
			b.Fatal(err, ok, len(rs))
		}
	}
}

func BenchmarkLoadStatePruned(b *testing.B) {
	benchState := benchStateOnce()
	b.SetBytes(int64(len(benchState)))
	b.ReportAllocs()
	for b.Loop() {
		rs, err := resourcesFromJSON("bench.json", benchState, false)
		if err != nil || len(rs) != 10000 {
			b.Fatal(err, len(rs))
		}
	}
}

// awsProvider is the provider address Terraform writes into show -json.
var awsProvider = tfaddr.NewProvider(tfaddr.DefaultProviderRegistryHost, "hashicorp", "aws").String()
