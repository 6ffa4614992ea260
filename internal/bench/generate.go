// Package bench measures parity check on states of realistic size: it
// generates `terraform show -json` states of n resources per side and
// benchmarks the check against merely decoding the same files with
// encoding/json. `make bench` runs the Go benchmarks here and the
// benchreport command, which measures the real binary's wall time and peak
// memory at 1k, 10k and 50k resources.
package bench

import (
	"bufio"
	"encoding/json"
	"fmt"
	tfaddr "github.com/hashicorp/terraform-registry-address"
	"io"
	"math/rand/v2"
	"strings"
)

// ResourcesPerModule is how many resources each generated service module
// holds.
const ResourcesPerModule = 100

// Production sizes and their staging halves, per ladder.
var (
	instanceTypes = [][2]string{
		{"t3.xlarge", "t3.large"}, {"m5.2xlarge", "m5.xlarge"}, {"c5.4xlarge", "c5.2xlarge"},
		{"r5.2xlarge", "r5.xlarge"}, {"m6i.8xlarge", "m6i.4xlarge"},
	}
	dbClasses = [][2]string{
		{"db.r5.2xlarge", "db.r5.xlarge"}, {"db.m5.4xlarge", "db.m5.2xlarge"}, {"db.r6g.xlarge", "db.r6g.large"},
	}
	engines = [][2]string{{"postgres", "15.4"}, {"mysql", "8.0.35"}, {"postgres", "16.1"}}
	teams   = []string{"platform", "payments", "search", "identity", "growth", "data"}
	zones   = []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}
)

// GenerateState writes a `terraform show -json` state (format_version 1.0)
// of n resources to w, about 2 KB of JSON per resource, in service modules of
// ResourcesPerModule resources (databases in a nested module). The mix is
// aws_instance (mostly for_each instances, and a counted group per module
// whose count staging halves), aws_db_instance (with a sensitive
// password), aws_security_group with nested ingress blocks, aws_s3_bucket
// with tags and a JSON policy, and kubernetes_deployment with its nested
// spec.
//
// env is "staging" or "production". Both sides generated with the same seed
// pair up resource by resource: staging carries its environment in names and
// tags ("orders-staging-12") and half the production sizes, its identity
// attributes (ids, ARNs, IPs) differ, and two resources in a thousand have a
// real configuration difference, so a check finds a little drift.
func GenerateState(w io.Writer, n int, env string, seed int64) error {
	if env != "staging" && env != "production" {
		return fmt.Errorf("env %q: want staging or production", env)
	}
	g := &generator{env: env, seed: uint64(seed), bw: bufio.NewWriterSize(w, 1<<20)}
	g.bw.WriteString(`{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{"resources":[],"child_modules":[`)
	for m := 0; m*ResourcesPerModule < n; m++ {
		if m > 0 {
			g.bw.WriteByte(',')
		}
		end := min((m+1)*ResourcesPerModule, n)
		g.module(m, m*ResourcesPerModule, end)
	}
	g.bw.WriteString(`]}}}`)
	if g.err != nil {
		return g.err
	}
	return g.bw.Flush()
}

type generator struct {
	env  string
	seed uint64
	bw   *bufio.Writer
	err  error
}

func (g *generator) staging() bool { return g.env == "staging" }

// size returns the production or staging member of a pair.
func (g *generator) size(p [2]string) string {
	if g.staging() {
		return p[1]
	}
	return p[0]
}

// short is the environment as it appears in bucket and host names.
func (g *generator) short() string {
	if g.staging() {
		return "stg"
	}
	return "prod"
}

func (g *generator) module(m, start, end int) {
	addr := fmt.Sprintf("module.svc_%d", m)
	dbAddr := addr + ".module.db"
	var top, db []int
	for i := start; i < end; i++ {
		if i%5 == 1 {
			db = append(db, i)
		} else {
			top = append(top, i)
		}
	}
	fmt.Fprintf(g.bw, `{"address":%q,"resources":[`, addr)
	first := true
	for _, i := range top {
		if g.skip(i) {
			continue
		}
		if !first {
			g.bw.WriteByte(',')
		}
		first = false
		g.resource(addr, m, i)
	}
	g.bw.WriteString(`]`)
	if len(db) > 0 {
		fmt.Fprintf(g.bw, `,"child_modules":[{"address":%q,"resources":[`, dbAddr)
		for k, i := range db {
			if k > 0 {
				g.bw.WriteByte(',')
			}
			g.resource(dbAddr, m, i)
		}
		g.bw.WriteString(`]}]`)
	}
	g.bw.WriteString(`}`)
}

// instanceSlot numbers the aws_instance resources of a module (those with
// i%5 of 0 or 3) from 0.
func instanceSlot(i int) int { return (i/5)%(ResourcesPerModule/5)*2 + i%5/3 }

// batchCount is the production count of each module's aws_instance.batch;
// staging has half as many, so staging states are slightly smaller.
const batchCount = 4

// skip reports whether resource i is left out of this environment: the
// staging half of a counted group.
func (g *generator) skip(i int) bool {
	if i%5 != 0 && i%5 != 3 {
		return false
	}
	slot := instanceSlot(i)
	return g.staging() && slot < batchCount && slot >= batchCount/2
}

// resource writes resource i. Structure and configuration come from a
// random source seeded by (seed, i) alone, so both environments agree;
// identities come from one seeded by the environment too.
func (g *generator) resource(module string, m, i int) {
	cfg := rand.New(rand.NewPCG(g.seed, uint64(i)))
	id := rand.New(rand.NewPCG(g.seed^hashString(g.env), uint64(i)))
	svc := fmt.Sprintf("svc-%d", m)
	team := teams[cfg.IntN(len(teams))]
	drift := i%1000 == 500 || i%1000 == 501 // two resources in a thousand really differ
	tags := map[string]any{
		"Environment": g.env,
		"ManagedBy":   "terraform",
		"Service":     svc,
		"Team":        team,
		"CostCenter":  fmt.Sprintf("cc-%04d", cfg.IntN(10000)),
	}
	if drift && g.staging() {
		tags["CostCenter"] = "cc-unassigned"
	}

	var (
		typ, name string
		index     any
		values    map[string]any
		sensitive map[string]any
	)
	switch i % 5 {
	case 0, 3:
		// A few counted instances per module, whose count is a size; the
		// rest keyed by for_each, as most fleets are.
		typ = "aws_instance"
		if slot := instanceSlot(i); slot < batchCount {
			name, index = "batch", slot
		} else {
			name, index = "app", fmt.Sprintf("node-%d", i)
		}
		values, sensitive = g.instance(cfg, id, i, svc, tags)
	case 1:
		typ, name = "aws_db_instance", fmt.Sprintf("db_%d", i)
		values, sensitive = g.database(cfg, id, i, svc, tags, drift)
	case 2:
		if i%10 == 2 {
			typ, name = "aws_security_group", fmt.Sprintf("sg_%d", i)
			values, sensitive = g.securityGroup(cfg, id, i, svc, tags)
		} else {
			typ, name = "aws_s3_bucket", fmt.Sprintf("bucket_%d", i)
			values, sensitive = g.bucket(cfg, id, i, svc, tags)
		}
	case 4:
		typ, name = "kubernetes_deployment", fmt.Sprintf("deploy_%d", i)
		values, sensitive = g.deployment(cfg, id, i, svc)
	}

	address := fmt.Sprintf("%s.%s.%s", module, typ, name)
	provider := awsProvider
	if strings.HasPrefix(typ, "kubernetes_") {
		provider = kubernetesProvider
	}
	res := map[string]any{
		"address":          address,
		"mode":             "managed",
		"type":             typ,
		"name":             name,
		"provider_name":    provider,
		"schema_version":   1,
		"values":           values,
		"sensitive_values": sensitive,
	}
	switch ix := index.(type) {
	case int:
		res["address"] = fmt.Sprintf("%s[%d]", address, ix)
		res["index"] = ix
	case string:
		res["address"] = fmt.Sprintf("%s[%q]", address, ix)
		res["index"] = ix
	}
	b, err := json.Marshal(res)
	if err != nil && g.err == nil {
		g.err = err
	}
	g.bw.Write(b)
}

func (g *generator) instance(cfg, id *rand.Rand, i int, svc string, tags map[string]any) (map[string]any, map[string]any) {
	instanceID := fmt.Sprintf("i-0%016x", id.Uint64()>>4)
	ip := fmt.Sprintf("10.%d.%d.%d", id.IntN(256), id.IntN(256), 1+id.IntN(254))
	// Block device and CPU sizes: staging runs at half.
	cores, iops, throughput, volume := 4, 6000, 250, 200
	if g.staging() {
		cores, iops, throughput, volume = 2, 3000, 125, 100
	}
	named := copyMap(tags)
	named["Name"] = fmt.Sprintf("%s-%s-app-%d", svc, g.env, i)
	return map[string]any{
			"ami":                                  fmt.Sprintf("ami-0%016x", cfg.Uint64()>>4),
			"arn":                                  "arn:aws:ec2:eu-west-1:123456789012:instance/" + instanceID,
			"associate_public_ip_address":          false,
			"availability_zone":                    zones[i%len(zones)],
			"cpu_options":                          []any{map[string]any{"amd_sev_snp": "", "core_count": cores, "threads_per_core": 2}},
			"credit_specification":                 []any{},
			"disable_api_stop":                     false,
			"disable_api_termination":              true,
			"ebs_block_device":                     []any{},
			"ebs_optimized":                        true,
			"hibernation":                          false,
			"iam_instance_profile":                 svc + "-app",
			"id":                                   instanceID,
			"instance_initiated_shutdown_behavior": "stop",
			"instance_state":                       "running",
			"instance_type":                        g.size(instanceTypes[cfg.IntN(len(instanceTypes))]),
			"key_name":                             "deploy",
			"metadata_options": []any{map[string]any{
				"http_endpoint": "enabled", "http_protocol_ipv6": "disabled", "http_put_response_hop_limit": 2,
				"http_tokens": "required", "instance_metadata_tags": "disabled",
			}},
			"monitoring":                   true,
			"primary_network_interface_id": fmt.Sprintf("eni-0%016x", id.Uint64()>>4),
			"private_dns":                  "ip-" + strings.ReplaceAll(ip, ".", "-") + ".eu-west-1.compute.internal",
			"private_ip":                   ip,
			"root_block_device": []any{map[string]any{
				"delete_on_termination": true, "device_name": "/dev/xvda", "encrypted": true, "iops": iops,
				"kms_key_id": "arn:aws:kms:eu-west-1:123456789012:key/" + uuid(cfg),
				"tags":       map[string]any{}, "throughput": throughput,
				"volume_id": fmt.Sprintf("vol-0%016x", id.Uint64()>>4), "volume_size": volume, "volume_type": "gp3",
			}},
			"source_dest_check":      true,
			"subnet_id":              fmt.Sprintf("subnet-0%016x", cfg.Uint64()>>4),
			"tags":                   named,
			"tags_all":               named,
			"tenancy":                "default",
			"user_data":              fmt.Sprintf("%040x", cfg.Uint64()),
			"vpc_security_group_ids": []any{fmt.Sprintf("sg-0%016x", cfg.Uint64()>>4)},
		}, map[string]any{
			"cpu_options": []any{map[string]any{}}, "credit_specification": []any{}, "ebs_block_device": []any{},
			"metadata_options": []any{map[string]any{}}, "root_block_device": []any{map[string]any{"tags": map[string]any{}}},
			"tags": map[string]any{}, "tags_all": map[string]any{}, "vpc_security_group_ids": []any{false},
		}
}

func (g *generator) database(cfg, id *rand.Rand, i int, svc string, tags map[string]any, drift bool) (map[string]any, map[string]any) {
	eng := engines[cfg.IntN(len(engines))]
	storage := 200 * (1 + cfg.IntN(10))
	if g.staging() {
		storage /= 2
	}
	identifier := fmt.Sprintf("%s-%s-db-%d", svc, g.env, i)
	backup := 7
	if drift && g.staging() {
		backup = 1
	}
	return map[string]any{
			"allocated_storage":                   storage,
			"arn":                                 "arn:aws:rds:eu-west-1:123456789012:db:" + identifier,
			"auto_minor_version_upgrade":          true,
			"backup_retention_period":             backup,
			"backup_window":                       "03:00-04:00",
			"ca_cert_identifier":                  "rds-ca-rsa2048-g1",
			"copy_tags_to_snapshot":               true,
			"db_name":                             "app",
			"db_subnet_group_name":                svc + "-" + g.env,
			"deletion_protection":                 true,
			"endpoint":                            identifier + ".c9akciq32.eu-west-1.rds.amazonaws.com:5432",
			"engine":                              eng[0],
			"engine_version":                      eng[1],
			"iam_database_authentication_enabled": false,
			"id":                                  fmt.Sprintf("db-%026X", id.Uint64()),
			"identifier":                          identifier,
			"instance_class":                      g.size(dbClasses[cfg.IntN(len(dbClasses))]),
			"kms_key_id":                          "arn:aws:kms:eu-west-1:123456789012:key/" + uuid(cfg),
			"maintenance_window":                  "sun:05:00-sun:06:00",
			"multi_az":                            true,
			"parameter_group_name":                "default." + eng[0],
			"password":                            fmt.Sprintf("secret-%016x", id.Uint64()),
			"performance_insights_enabled":        true,
			"port":                                5432,
			"storage_encrypted":                   true,
			"storage_type":                        "gp3",
			"tags":                                tags,
			"tags_all":                            tags,
			"username":                            "app",
			"vpc_security_group_ids":              []any{fmt.Sprintf("sg-0%016x", cfg.Uint64()>>4)},
		}, map[string]any{
			"password": true, "tags": map[string]any{}, "tags_all": map[string]any{}, "vpc_security_group_ids": []any{false},
		}
}

func (g *generator) securityGroup(cfg, id *rand.Rand, i int, svc string, tags map[string]any) (map[string]any, map[string]any) {
	var ingress, ingressSens []any
	for _, port := range []int{443, 8443, 5432, 6379, 9090} {
		ingress = append(ingress, map[string]any{
			"cidr_blocks":      []any{fmt.Sprintf("10.%d.0.0/16", cfg.IntN(256))},
			"description":      fmt.Sprintf("%s port %d", svc, port),
			"from_port":        port,
			"ipv6_cidr_blocks": []any{},
			"prefix_list_ids":  []any{},
			"protocol":         "tcp",
			"security_groups":  []any{},
			"self":             false,
			"to_port":          port,
		})
		ingressSens = append(ingressSens, map[string]any{"cidr_blocks": []any{false}, "ipv6_cidr_blocks": []any{}, "prefix_list_ids": []any{}, "security_groups": []any{}})
	}
	sgID := fmt.Sprintf("sg-0%016x", id.Uint64()>>4)
	return map[string]any{
			"arn":         "arn:aws:ec2:eu-west-1:123456789012:security-group/" + sgID,
			"description": "Managed by Terraform for " + svc,
			"egress": []any{map[string]any{
				"cidr_blocks": []any{"0.0.0.0/0"}, "description": "", "from_port": 0, "ipv6_cidr_blocks": []any{"::/0"},
				"prefix_list_ids": []any{}, "protocol": "-1", "security_groups": []any{}, "self": false, "to_port": 0,
			}},
			"id":                     sgID,
			"ingress":                ingress,
			"name":                   fmt.Sprintf("%s-%s-sg-%d", svc, g.env, i),
			"owner_id":               "123456789012",
			"revoke_rules_on_delete": false,
			"tags":                   tags,
			"tags_all":               tags,
			"vpc_id":                 fmt.Sprintf("vpc-0%016x", cfg.Uint64()>>4),
		}, map[string]any{
			"egress":  []any{map[string]any{"cidr_blocks": []any{false}, "ipv6_cidr_blocks": []any{false}, "prefix_list_ids": []any{}, "security_groups": []any{}}},
			"ingress": ingressSens, "tags": map[string]any{}, "tags_all": map[string]any{},
		}
}

func (g *generator) bucket(cfg, id *rand.Rand, i int, svc string, tags map[string]any) (map[string]any, map[string]any) {
	name := fmt.Sprintf("acme-%s-%s-logs-%d", svc, g.short(), i)
	policy := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::%s","arn:aws:s3:::%s/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`, name, name)
	return map[string]any{
			"acceleration_status":         "",
			"arn":                         "arn:aws:s3:::" + name,
			"bucket":                      name,
			"bucket_domain_name":          name + ".s3.amazonaws.com",
			"bucket_regional_domain_name": name + ".s3.eu-west-1.amazonaws.com",
			"force_destroy":               false,
			"hosted_zone_id":              "Z1BKCTXD74EZPE",
			"id":                          name,
			"lifecycle_rule": []any{map[string]any{
				"abort_incomplete_multipart_upload_days": 7, "enabled": true, "expiration": []any{map[string]any{"days": 30 + cfg.IntN(335)}},
				"id": "expire", "prefix": "", "tags": map[string]any{},
			}},
			"object_lock_enabled": false,
			"policy":              policy,
			"region":              "eu-west-1",
			"request_payer":       "BucketOwner",
			"server_side_encryption_configuration": []any{map[string]any{"rule": []any{map[string]any{
				"apply_server_side_encryption_by_default": []any{map[string]any{"kms_master_key_id": "", "sse_algorithm": "aws:kms"}},
				"bucket_key_enabled":                      true,
			}}}},
			"tags":       tags,
			"tags_all":   tags,
			"versioning": []any{map[string]any{"enabled": true, "mfa_delete": false}},
		}, map[string]any{
			"lifecycle_rule": []any{map[string]any{"expiration": []any{map[string]any{}}, "tags": map[string]any{}}},
			"server_side_encryption_configuration": []any{map[string]any{"rule": []any{map[string]any{
				"apply_server_side_encryption_by_default": []any{map[string]any{}},
			}}}},
			"tags": map[string]any{}, "tags_all": map[string]any{}, "versioning": []any{map[string]any{}},
		}
}

func (g *generator) deployment(cfg, id *rand.Rand, i int, svc string) (map[string]any, map[string]any) {
	app := fmt.Sprintf("%s-worker-%d", svc, i)
	replicas := 2 * (1 + cfg.IntN(8))
	if g.staging() {
		replicas /= 2
	}
	labels := map[string]any{"app": app, "team": teams[cfg.IntN(len(teams))]}
	limits := map[string]any{"cpu": "2", "memory": "4Gi"}
	requests := map[string]any{"cpu": "500m", "memory": "1Gi"}
	if g.staging() {
		limits = map[string]any{"cpu": "1", "memory": "2Gi"}
		requests = map[string]any{"cpu": "250m", "memory": "512Mi"}
	}
	image := fmt.Sprintf("123456789012.dkr.ecr.eu-west-1.amazonaws.com/%s:1.%d.%d", svc, cfg.IntN(40), cfg.IntN(10))
	return map[string]any{
			"id": g.env + "/" + app,
			"metadata": []any{map[string]any{
				"annotations": map[string]any{}, "generate_name": "", "generation": 1 + id.IntN(50), "labels": labels,
				"name": app, "namespace": g.env, "resource_version": fmt.Sprint(id.IntN(1 << 30)), "uid": uuid(id),
			}},
			"spec": []any{map[string]any{
				"min_ready_seconds": 0, "paused": false, "progress_deadline_seconds": 600,
				"replicas": fmt.Sprint(replicas), "revision_history_limit": 10,
				"selector": []any{map[string]any{"match_expressions": []any{}, "match_labels": map[string]any{"app": app}}},
				"strategy": []any{map[string]any{
					"rolling_update": []any{map[string]any{"max_surge": "25%", "max_unavailable": "25%"}},
					"type":           "RollingUpdate",
				}},
				"template": []any{map[string]any{
					"metadata": []any{map[string]any{"annotations": map[string]any{}, "labels": labels}},
					"spec": []any{map[string]any{
						"container": []any{map[string]any{
							"args": []any{"--listen=:8080", "--log-format=json"},
							"env": []any{
								map[string]any{"name": "APP_ENV", "value": g.env, "value_from": []any{}},
								map[string]any{"name": "DATABASE_HOST", "value": fmt.Sprintf("%s-%s-db.internal", svc, g.env), "value_from": []any{}},
							},
							"image": image, "image_pull_policy": "IfNotPresent", "name": "worker",
							"liveness_probe": []any{map[string]any{
								"failure_threshold": 3, "http_get": []any{map[string]any{"path": "/healthz", "port": "8080", "scheme": "HTTP"}},
								"initial_delay_seconds": 10, "period_seconds": 10, "timeout_seconds": 1,
							}},
							"port": []any{map[string]any{"container_port": 8080, "name": "http", "protocol": "TCP"}},
							"resources": []any{map[string]any{
								"limits":   limits,
								"requests": requests,
							}},
						}},
						"service_account_name":             svc,
						"termination_grace_period_seconds": 30,
					}},
				}},
			}},
			"wait_for_rollout": true,
		}, map[string]any{
			"metadata": []any{map[string]any{"annotations": map[string]any{}, "labels": map[string]any{}}},
			"spec":     []any{map[string]any{}},
		}
}

func copyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

func uuid(r *rand.Rand) string {
	a, b := r.Uint64(), r.Uint64()
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", a>>32, a>>16&0xffff, a&0xffff, b>>48, b&0xffffffffffff)
}

// hashString is FNV-1a, to derive a per-environment seed.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// The provider addresses Terraform writes into show -json documents.
var (
	awsProvider        = tfaddr.NewProvider(tfaddr.DefaultProviderRegistryHost, "hashicorp", "aws").String()
	kubernetesProvider = tfaddr.NewProvider(tfaddr.DefaultProviderRegistryHost, "hashicorp", "kubernetes").String()
)
