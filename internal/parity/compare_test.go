package parity

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func settings(fields map[string]Value) Environment {
	return Environment{Resources: []Resource{{Values: Object(fields)}}}
}

// webCluster returns the settings of the quickstart's web cluster module.
func webCluster(instanceType string, count int64, timeout int64) map[string]Value {
	return map[string]Value{
		"instance_type":      String(instanceType),
		"instance_count":     Int(count),
		"database_instance":  String("db.r6g.large"),
		"max_connections":    Int(200),
		"connection_timeout": Int(timeout),
		"keepalive_timeout":  Int(65),
		"monitoring_enabled": Bool(true),
	}
}

type findingSummary struct {
	Kind     FindingKind
	Path     string
	Staging  string
	Prod     string
	Expected string
}

func summarize(rep *Report) []findingSummary {
	out := []findingSummary{}
	for _, f := range rep.Findings {
		out = append(out, findingSummary{f.Kind, f.Path, f.Staging, f.Production, f.Expected})
	}
	return out
}

func TestCompareSettings(t *testing.T) {
	t.Parallel()
	prodWeb := webCluster("t3.xlarge", 4, 30)
	tests := []struct {
		name    string
		staging map[string]Value
		prod    map[string]Value
		rules   Rules
		want    []findingSummary
	}{
		{
			name:    "in parity at half size",
			staging: webCluster("t3.large", 2, 30),
			prod:    prodWeb,
			rules:   Rules{Ratio: 0.5},
			want:    []findingSummary{},
		},
		{
			name:    "config drift",
			staging: webCluster("t3.large", 2, 10),
			prod:    prodWeb,
			rules:   Rules{Ratio: 0.5},
			want:    []findingSummary{{FindingConfigDrift, "connection_timeout", "10", "30", ""}},
		},
		{
			name:    "ratio broken",
			staging: webCluster("t3.medium", 2, 30),
			prod:    prodWeb,
			rules:   Rules{Ratio: 0.5},
			want:    []findingSummary{{FindingSizeRatio, "instance_type", "t3.medium", "t3.xlarge", "t3.large"}},
		},
		{
			name:    "count broken",
			staging: webCluster("t3.large", 4, 30),
			prod:    prodWeb,
			rules:   Rules{Ratio: 0.5},
			want:    []findingSummary{{FindingSizeRatio, "instance_count", "4", "4", "2"}},
		},
		{
			name:    "family changed",
			staging: webCluster("m5.large", 2, 30),
			prod:    prodWeb,
			rules:   Rules{Ratio: 0.5},
			want:    []findingSummary{{FindingSizeFamily, "instance_type", "m5.large", "t3.xlarge", ""}},
		},
		{
			name:    "ignored with a reason",
			staging: webCluster("t3.large", 2, 10),
			prod:    prodWeb,
			rules:   Rules{Ratio: 0.5, Ignores: []IgnoreRule{{Pattern: "connection_timeout", Reason: "staging load tests time out sooner"}}},
			want:    []findingSummary{},
		},
		{
			name:    "environment tokens are not drift",
			staging: map[string]Value{"name": String("web-staging"), "domain": String("staging.example.com")},
			prod:    map[string]Value{"name": String("web-production"), "domain": String("prod.example.com")},
			want:    []findingSummary{},
		},
		{
			name:    "production token in a staging that names itself is drift",
			staging: map[string]Value{"name": String("web-staging"), "bucket": String("assets-prod")},
			prod:    map[string]Value{"name": String("web-prod"), "bucket": String("assets-prod")},
			want:    []findingSummary{{FindingConfigDrift, "bucket", "assets-prod", "assets-prod", ""}},
		},
		{
			name:    "staging token in a production that names itself is drift",
			staging: map[string]Value{"name": String("web-staging"), "hook": String("alerts-staging")},
			prod:    map[string]Value{"name": String("web-prod"), "hook": String("alerts-staging")},
			want:    []findingSummary{{FindingConfigDrift, "hook", "alerts-staging", "alerts-staging", ""}},
		},
		{
			// Production compared with itself names no other environment.
			name:    "a document compared with itself is in parity",
			staging: map[string]Value{"name": String("web-prod"), "bucket": String("assets-prod")},
			prod:    map[string]Value{"name": String("web-prod"), "bucket": String("assets-prod")},
			want:    []findingSummary{},
		},
		{
			name:    "a word that merely contains a token names no environment",
			staging: map[string]Value{"name": String("web-staging"), "portal": String("backstage")},
			prod:    map[string]Value{"name": String("web-prod"), "portal": String("backstage")},
			want:    []findingSummary{},
		},
		{
			name:    "an environment word in capitals is an enumeration",
			staging: map[string]Value{"name": String("bt-staging"), "instance_type": String("PRODUCTION")},
			prod:    map[string]Value{"name": String("bt-prod"), "instance_type": String("PRODUCTION")},
			want:    []findingSummary{},
		},
		{
			name:    "tokens of either environment are replaced on both sides",
			staging: map[string]Value{"bucket": String("data-stg-prod")},
			prod:    map[string]Value{"bucket": String("data-prd-prod")},
			want:    []findingSummary{},
		},
		{
			name:    "sets compare order-independently",
			staging: map[string]Value{"cidrs": Set(String("10.0.0.0/8"), String("192.168.0.0/16"))},
			prod:    map[string]Value{"cidrs": Set(String("192.168.0.0/16"), String("10.0.0.0/8"))},
			want:    []findingSummary{},
		},
		{
			name:    "lists compare in order: a reorder is one finding",
			staging: map[string]Value{"zones": List(String("a"), String("b"))},
			prod:    map[string]Value{"zones": List(String("b"), String("a"))},
			want: []findingSummary{
				{FindingConfigDrift, "zones", `["a","b"]`, `["b","a"]`, ""},
			},
		},
		{
			name:    "an element inserted in an ordered list is one finding",
			staging: map[string]Value{"args": List(String("--a"), String("--c"))},
			prod:    map[string]Value{"args": List(String("--a"), String("--b"), String("--c"))},
			want: []findingSummary{
				{FindingConfigDrift, "args[1]", "", "--b", ""},
			},
		},
		{
			name: "elements keyed by name: one variable added is one finding",
			staging: map[string]Value{"env": List(
				Object(map[string]Value{"name": String("DEBUG"), "value": String("0")}),
				Object(map[string]Value{"name": String("LOG"), "value": String("info")}))},
			prod: map[string]Value{"env": List(
				Object(map[string]Value{"name": String("API_VERSION"), "value": String("2")}),
				Object(map[string]Value{"name": String("DEBUG"), "value": String("0")}),
				Object(map[string]Value{"name": String("LOG"), "value": String("warn")}))},
			want: []findingSummary{
				{FindingConfigDrift, "env[0]", "", `{"name":"API_VERSION","value":"2"}`, ""},
				{FindingConfigDrift, "env[1].value", "info", "warn", ""},
			},
		},
		{
			name:    "numbers normalised",
			staging: map[string]Value{"weight": Number("1.50")},
			prod:    map[string]Value{"weight": Number("15e-1")},
			want:    []findingSummary{},
		},
		{
			name:    "nested paths",
			staging: map[string]Value{"pools": List(Object(map[string]Value{"idle_timeout": Int(50)}))},
			prod:    map[string]Value{"pools": List(Object(map[string]Value{"idle_timeout": Int(100)}))},
			want:    []findingSummary{{FindingConfigDrift, "pools[0].idle_timeout", "50", "100", ""}},
		},
		{
			name:    "size rule with its own ratio",
			staging: map[string]Value{"storage_gb": Int(25)},
			prod:    map[string]Value{"storage_gb": Int(100)},
			rules:   Rules{Ratio: 0.5, Sizes: []SizeRule{{Pattern: "storage_gb", Ratio: 0.25}}},
			want:    []findingSummary{},
		},
		{
			name:    "unknown is not drift",
			staging: map[string]Value{"endpoint_port": Unknown()},
			prod:    map[string]Value{"endpoint_port": Int(443)},
			want:    []findingSummary{{FindingUnknown, "endpoint_port", "(unknown)", "443", ""}},
		},
		{
			name:    "an unknown the provider computes is not warned about",
			staging: map[string]Value{"owner": ComputedUnknown(), "endpoint_port": Unknown()},
			prod:    map[string]Value{"owner": String("123456789012"), "endpoint_port": Int(443)},
			want:    []findingSummary{{FindingUnknown, "endpoint_port", "(unknown)", "443", ""}},
		},
		{
			name:    "a number and the same number written as a string are equal, and hash alike",
			staging: map[string]Value{"timeout": String("30"), "port": Number("8080")},
			prod:    map[string]Value{"timeout": Int(30), "port": String("8080.0")},
			want:    []findingSummary{},
		},
		{
			name:    "a string that is not a JSON number is not a number",
			staging: map[string]Value{"code": String("0x10")},
			prod:    map[string]Value{"code": Int(16)},
			want:    []findingSummary{{FindingConfigDrift, "code", "0x10", "16", ""}},
		},
		{
			name:    "AWS-managed ARNs under reference names are configuration",
			staging: map[string]Value{"policy_arn": String("arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy"), "role_arn": String("arn:aws:iam::111111111111:role/a")},
			prod:    map[string]Value{"policy_arn": String("arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy"), "role_arn": String("arn:aws:iam::222222222222:role/b")},
			want: []findingSummary{{FindingConfigDrift, "policy_arn", "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy",
				"arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy", ""}},
		},
		{
			name: "switches and blocks under secret names are configuration",
			staging: map[string]Value{"pass_credentials": Bool(false), "token_validity_units": Object(map[string]Value{"access_token": String("minutes")}),
				"oidc_token": Object(map[string]Value{"audience": String("https://a")})},
			prod: map[string]Value{"pass_credentials": Bool(true), "token_validity_units": Object(map[string]Value{"access_token": String("hours")}),
				"oidc_token": Object(map[string]Value{"audience": String("https://b")})},
			want: []findingSummary{
				{FindingConfigDrift, "oidc_token.audience", "https://a", "https://b", ""},
				{FindingConfigDrift, "pass_credentials", "false", "true", ""},
				{FindingConfigDrift, "token_validity_units.access_token", "minutes", "hours", ""},
			},
		},
		{
			name:    "numbers of instances are sizes by their names",
			staging: map[string]Value{"web_instances": Int(2), "worker_nodes": Int(3), "max_unavailable_instances": Int(1)},
			prod:    map[string]Value{"web_instances": Int(4), "worker_nodes": Int(6), "max_unavailable_instances": Int(2)},
			rules:   Rules{Ratio: 0.5},
			want:    []findingSummary{{FindingConfigDrift, "max_unavailable_instances", "1", "2", ""}},
		},
		{
			name:    "set only on one side",
			staging: map[string]Value{"a": Int(1)},
			prod:    map[string]Value{"a": Int(1), "b": Bool(true)},
			want:    []findingSummary{{FindingConfigDrift, "b", "", "true", ""}},
		},
		{
			name:    "null equals absent",
			staging: map[string]Value{"a": Null()},
			prod:    map[string]Value{},
			want:    []findingSummary{},
		},
		{
			name:    "a size recognised by its value under any name",
			staging: map[string]Value{"database_instance": String("db.t3.large")},
			prod:    map[string]Value{"database_instance": String("db.t3.xlarge")},
			rules:   Rules{Ratio: 0.5},
			want:    []findingSummary{},
		},
		{
			name:    "a size recognised by its value follows the ratio",
			staging: map[string]Value{"database_instance": String("db.t3.medium")},
			prod:    map[string]Value{"database_instance": String("db.t3.xlarge")},
			rules:   Rules{Ratio: 0.5},
			want:    []findingSummary{{FindingSizeRatio, "database_instance", "db.t3.medium", "db.t3.xlarge", "db.t3.large"}},
		},
		{
			name:    "types of another family are drift",
			staging: map[string]Value{"database_instance": String("db.m5.large")},
			prod:    map[string]Value{"database_instance": String("db.t3.xlarge")},
			rules:   Rules{Ratio: 0.5},
			want:    []findingSummary{{FindingSizeFamily, "database_instance", "db.m5.large", "db.t3.xlarge", ""}},
		},
		{
			name: "a JSON document equal in meaning is in parity",
			staging: map[string]Value{"policy": String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
				`"Action":"s3:GetObject","Resource":"arn:aws:s3:::assets-staging/*",` +
				`"Principal":{"AWS":"arn:aws:iam::111111111111:role/deploy"}}]}`)},
			prod: map[string]Value{"policy": String(`{
  "Statement": {"Principal": {"AWS": ["arn:aws:iam::222222222222:role/deploy"]},
    "Resource": ["arn:aws:s3:::assets-prod/*"], "Action": ["s3:GetObject"], "Effect": "Allow"},
  "Version": "2012-10-17"}`)},
			want: []findingSummary{},
		},
		{
			name: "a change inside a JSON document is reported at its path",
			staging: map[string]Value{"policy": String(`{"Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],` +
				`"Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}`)},
			prod: map[string]Value{"policy": String(`{"Statement":[{"Effect":"Allow","Action":["s3:PutObject","s3:GetObject"],` +
				`"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`)},
			want: []findingSummary{{FindingConfigDrift, `policy.Statement.Condition.Bool["aws:SecureTransport"]`, "true", "false", ""}},
		},
		{
			name:    "generated name suffixes, account ids and OIDC ids are each environment's own",
			staging: map[string]Value{"name": String("web-20240311101520123400000001"), "endpoint": String("arn:aws:sqs:us-east-1:111111111111:jobs-staging")},
			prod:    map[string]Value{"name": String("web-20231120093000987600000003"), "endpoint": String("arn:aws:sqs:us-east-1:222222222222:jobs-prod")},
			want:    []findingSummary{},
		},
		{
			name: "host names a cloud generated, keys, fingerprints and accounts in URLs are each environment's own",
			staging: map[string]Value{
				"api":                  String("https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/v1"),
				"runner":               String("xk29fj3mzq.eu-west-1.awsapprunner.com"),
				"vpce":                 String("vpce-0a1b2c3d4e5f67890-abcd1234.s3.eu-west-1.vpce.amazonaws.com"),
				"fd":                   String("parcels-staging-b7c9d2e4f6a8h1.z01.azurefd.net"),
				"queue":                String("https://sqs.eu-west-1.amazonaws.com/111111111111/orders-staging"),
				"key":                  String("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx7c0y9Lk1mN2oP3qR4sT5uV6wX7yZ8aB9cD0eF1gH2 ci"),
				"fp":                   String("4b:1c:77:9e:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01"),
				"dax":                  String("orders-dax-staging.045884.dax-clusters.eu-west-1.amazonaws.com"),
				"dbx":                  String("dbc-476e9a31-0735.cloud.databricks.com"),
				"metadata_fingerprint": String("MZiflP6dPgy="), "etag": String("BwYK2s7Q1iY="),
			},
			prod: map[string]Value{
				"api":                  String("https://z9y8x7w6v5.execute-api.eu-west-1.amazonaws.com/v1"),
				"runner":               String("pq81ndk20s.eu-west-1.awsapprunner.com"),
				"vpce":                 String("vpce-0f9e8d7c6b5a43210-wxyz9876.s3.eu-west-1.vpce.amazonaws.com"),
				"fd":                   String("parcels-prod-c8d0e3f5a7b9j2.z01.azurefd.net"),
				"queue":                String("https://sqs.eu-west-1.amazonaws.com/222222222222/orders-prod"),
				"key":                  String("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk1m2N3o4P5q6R7s8T9u0V1w2X3y4Z5a6B7c8D9e0F1 ci"),
				"fp":                   String("9a:8b:7c:6d:5e:4f:30:21:12:03:f4:e5:d6:c7:b8:a9"),
				"dax":                  String("orders-dax-production.f17f79.dax-clusters.eu-west-1.amazonaws.com"),
				"dbx":                  String("dbc-0daae04e-093c.cloud.databricks.com"),
				"metadata_fingerprint": String("X7ppZjT03Ma="), "etag": String("BwYL9aPqZ0c="),
			},
			want: []findingSummary{},
		},
		{
			name:    "counters and epoch times are each environment's history",
			staging: map[string]Value{"revision": Int(104), "creation_time": Number("1718131200000"), "version": Int(3), "retries": Int(3)},
			prod:    map[string]Value{"revision": Int(71), "creation_time": Number("1699999999999"), "version": Int(9), "retries": Int(5)},
			want:    []findingSummary{{FindingConfigDrift, "retries", "3", "5", ""}},
		},
		{
			name:    "a region is configuration even inside an ARN",
			staging: map[string]Value{"endpoint": String("arn:aws:sqs:us-west-2:111111111111:jobs")},
			prod:    map[string]Value{"endpoint": String("arn:aws:sqs:us-east-1:222222222222:jobs")},
			want:    []findingSummary{{FindingConfigDrift, "endpoint", "arn:aws:sqs:us-west-2:111111111111:jobs", "arn:aws:sqs:us-east-1:222222222222:jobs", ""}},
		},
		{
			// One semantics for every input: a module's outputs name other
			// resources by id just as states do.
			name:    "references in a settings object are not drift",
			staging: map[string]Value{"lb_id": String("lb-0a1"), "db_arn": String("arn:aws:rds:us-east-1:1:db:a"), "port": Int(443)},
			prod:    map[string]Value{"lb_id": String("lb-9f3"), "db_arn": String("arn:aws:rds:us-east-1:2:db:b"), "port": Int(443)},
			want:    []findingSummary{},
		},
		{
			name:    "kubernetes quantities",
			staging: map[string]Value{"resources": Object(map[string]Value{"limits": Object(map[string]Value{"memory": String("1Gi"), "cpu": String("250m")})})},
			prod:    map[string]Value{"resources": Object(map[string]Value{"limits": Object(map[string]Value{"memory": String("2Gi"), "cpu": String("500m")})})},
			rules:   Rules{Ratio: 0.5},
			want:    []findingSummary{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rep, err := Compare(settings(tt.staging), settings(tt.prod), tt.rules)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, summarize(rep)); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
			wantParity := true
			for _, f := range tt.want {
				if f.Kind.IsDrift() {
					wantParity = false
				}
			}
			if rep.InParity() != wantParity {
				t.Errorf("InParity = %v, want %v", rep.InParity(), wantParity)
			}
			if wantParity && len(tt.want) == 0 && rep.StagingHash != rep.ProductionHash {
				t.Errorf("environments in parity have different hashes: %s vs %s", rep.StagingHash, rep.ProductionHash)
			}
		})
	}
}

func TestFindingMessages(t *testing.T) {
	t.Parallel()
	rep, err := Compare(settings(webCluster("t3.medium", 2, 30)), settings(webCluster("t3.xlarge", 4, 30)), Rules{Ratio: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 1 {
		t.Fatalf("want 1 finding, got %+v", rep.Findings)
	}
	f := rep.Findings[0]
	if f.Arithmetic != "t3.xlarge × 0.5 = t3.large" {
		t.Errorf("arithmetic = %q", f.Arithmetic)
	}
	if !strings.Contains(f.Message, "t3.large") || !strings.Contains(f.Message, "t3.medium") {
		t.Errorf("message does not name both sizes: %q", f.Message)
	}
	if f.Rule != `size "instance_type" (built-in)` {
		t.Errorf("rule = %q", f.Rule)
	}
}

func TestSecretsNeverShownNorComparedByDefault(t *testing.T) {
	t.Parallel()
	const stgSecret, prodSecret = "hunter2-staging-Zq9", "s3cr3t-production-Xy7"
	staging := settings(map[string]Value{
		"db_password": String(stgSecret),
		"api":         Object(map[string]Value{"key": String(stgSecret).MarkSensitive()}),
		"timeout":     Int(5),
	})
	prod := settings(map[string]Value{
		"db_password": String(prodSecret),
		"api":         Object(map[string]Value{"key": String(prodSecret).MarkSensitive()}),
		"timeout":     Int(5),
	})
	rep, err := Compare(staging, prod, Rules{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 0 {
		t.Fatalf("secrets compared by default: %+v", rep.Findings)
	}
	if rep.StagingHash != rep.ProductionHash {
		t.Errorf("secrets leak into the hash")
	}

	rep, err = Compare(staging, prod, Rules{Secrets: []SecretRule{{Pattern: "db_password"}, {Pattern: "api.key"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 2 {
		t.Fatalf("want 2 digest findings, got %+v", rep.Findings)
	}
	for _, f := range rep.Findings {
		text := strings.Join([]string{f.Staging, f.Production, f.Message, f.Expected, f.Arithmetic}, " ")
		if strings.Contains(text, stgSecret) || strings.Contains(text, prodSecret) {
			t.Errorf("secret shown in finding %+v", f)
		}
		if f.Staging != SensitiveMask || !f.Sensitive {
			t.Errorf("secret not masked: %+v", f)
		}
	}
}

func TestSecretInsideDriftedObjectIsMasked(t *testing.T) {
	t.Parallel()
	const secret = "pa55w0rd-very-secret"
	staging := settings(map[string]Value{"auth": Object(map[string]Value{"user": String("a"), "password": String(secret)})})
	prod := settings(map[string]Value{})
	rep, err := Compare(staging, prod, Rules{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 1 {
		t.Fatalf("want 1 finding, got %+v", rep.Findings)
	}
	if f := rep.Findings[0]; strings.Contains(f.Staging+f.Message, secret) {
		t.Errorf("secret leaked: %+v", f)
	}
}

func state(resources ...Resource) Environment { return Environment{Resources: resources} }

func res(addr, typ string, fields map[string]Value) Resource {
	return Resource{Address: addr, Mode: "managed", Type: typ, Values: Object(fields)}
}

func TestCompareResources(t *testing.T) {
	t.Parallel()
	web := func(i string, typ string) Resource {
		return res("aws_instance.web["+i+"]", "aws_instance", map[string]Value{
			"id": String("i-" + i + typ), "arn": String("arn:aws:ec2:::" + i), "instance_type": String(typ), "ami": String("ami-123"),
		})
	}
	tests := []struct {
		name  string
		stg   Environment
		prod  Environment
		rules Rules
		want  []findingSummary
	}{
		{
			name:  "count follows the ratio; ids and arns ignored",
			stg:   state(web("0", "t3.large"), web("1", "t3.large")),
			prod:  state(web("0", "t3.xlarge"), web("1", "t3.xlarge"), web("2", "t3.xlarge"), web("3", "t3.xlarge")),
			rules: Rules{Ratio: 0.5},
			want:  []findingSummary{},
		},
		{
			name:  "count broken",
			stg:   state(web("0", "t3.large")),
			prod:  state(web("0", "t3.xlarge"), web("1", "t3.xlarge"), web("2", "t3.xlarge"), web("3", "t3.xlarge")),
			rules: Rules{Ratio: 0.5},
			want:  []findingSummary{{FindingSizeRatio, "count", "1", "4", "2"}},
		},
		{
			name:  "count of 3 at 0.5 accepts 1 or 2",
			stg:   state(web("0", "t3.large")),
			prod:  state(web("0", "t3.xlarge"), web("1", "t3.xlarge"), web("2", "t3.xlarge")),
			rules: Rules{Ratio: 0.5},
			want:  []findingSummary{},
		},
		{
			name: "only on one side, tokens in addresses",
			stg: state(
				res("module.staging_app.aws_s3_bucket.logs", "aws_s3_bucket", map[string]Value{"bucket": String("logs-staging")}),
				res("aws_sqs_queue.debug", "aws_sqs_queue", map[string]Value{}),
			),
			prod: state(
				res("module.production_app.aws_s3_bucket.logs", "aws_s3_bucket", map[string]Value{"bucket": String("logs-production")}),
				res("aws_cloudwatch_metric_alarm.cpu", "aws_cloudwatch_metric_alarm", map[string]Value{}),
			),
			want: []findingSummary{
				{FindingOnlyInProduction, "", "", "(present)", ""},
				{FindingOnlyInStaging, "", "(present)", "", ""},
			},
		},
		{
			name:  "module pairs",
			stg:   state(res("module.blue.aws_s3_bucket.logs", "aws_s3_bucket", map[string]Value{"versioning": Bool(true)})),
			prod:  state(res("module.green.aws_s3_bucket.logs", "aws_s3_bucket", map[string]Value{"versioning": Bool(false)})),
			rules: Rules{ModulePairs: []ModulePair{{Staging: "module.blue", Production: "module.green"}}},
			want:  []findingSummary{{FindingConfigDrift, "versioning", "true", "false", ""}},
		},
		{
			name: "for_each keys after tokens",
			stg:  state(res(`aws_s3_bucket.b["stg-assets"]`, "aws_s3_bucket", map[string]Value{"acl": String("private")})),
			prod: state(res(`aws_s3_bucket.b["prod-assets"]`, "aws_s3_bucket", map[string]Value{"acl": String("private")})),
			want: []findingSummary{},
		},
		{
			name: "numbered for_each keys follow the ratio like count",
			stg: state(
				res(`aws_instance.fe["frontend-1"]`, "aws_instance", map[string]Value{"ami": String("ami-1")}),
				res(`aws_instance.fe["frontend-2"]`, "aws_instance", map[string]Value{"ami": String("ami-1")}),
				res(`aws_instance.fe["frontend-3"]`, "aws_instance", map[string]Value{"ami": String("ami-1")}),
			),
			prod: state(
				res(`aws_instance.fe["frontend-1"]`, "aws_instance", map[string]Value{"ami": String("ami-1")}),
				res(`aws_instance.fe["frontend-2"]`, "aws_instance", map[string]Value{"ami": String("ami-1")}),
				res(`aws_instance.fe["frontend-3"]`, "aws_instance", map[string]Value{"ami": String("ami-1")}),
				res(`aws_instance.fe["frontend-4"]`, "aws_instance", map[string]Value{"ami": String("ami-1")}),
				res(`aws_instance.fe["frontend-5"]`, "aws_instance", map[string]Value{"ami": String("ami-1")}),
				res(`aws_instance.fe["frontend-6"]`, "aws_instance", map[string]Value{"ami": String("ami-1")}),
			),
			rules: Rules{Ratio: 0.5},
			want:  []findingSummary{},
		},
		{
			name: "numbered for_each keys off the ratio",
			stg: state(
				res(`aws_instance.fe["frontend-1"]`, "aws_instance", map[string]Value{"ami": String("ami-1")}),
			),
			prod: state(
				res(`aws_instance.fe["frontend-1"]`, "aws_instance", map[string]Value{"ami": String("ami-1")}),
				res(`aws_instance.fe["frontend-2"]`, "aws_instance", map[string]Value{"ami": String("ami-1")}),
				res(`aws_instance.fe["frontend-3"]`, "aws_instance", map[string]Value{"ami": String("ami-1")}),
				res(`aws_instance.fe["frontend-4"]`, "aws_instance", map[string]Value{"ami": String("ami-1")}),
			),
			rules: Rules{Ratio: 0.5},
			want:  []findingSummary{{FindingSizeRatio, "count", "1", "4", "2"}},
		},
		{
			name: "module instances follow the ratio",
			stg: state(
				res("module.web[0].aws_instance.app", "aws_instance", map[string]Value{"ami": String("ami-1"), "monitoring": Bool(true)}),
				res("module.web[1].aws_instance.app", "aws_instance", map[string]Value{"ami": String("ami-1"), "monitoring": Bool(true)}),
			),
			prod: state(
				res("module.web[0].aws_instance.app", "aws_instance", map[string]Value{"ami": String("ami-1"), "monitoring": Bool(true)}),
				res("module.web[1].aws_instance.app", "aws_instance", map[string]Value{"ami": String("ami-1"), "monitoring": Bool(true)}),
				res("module.web[2].aws_instance.app", "aws_instance", map[string]Value{"ami": String("ami-1"), "monitoring": Bool(true)}),
				res("module.web[3].aws_instance.app", "aws_instance", map[string]Value{"ami": String("ami-1"), "monitoring": Bool(true)}),
			),
			rules: Rules{Ratio: 0.5},
			want:  []findingSummary{},
		},
		{
			name: "module instances: drift in one and a count off the ratio",
			stg: state(
				res(`module.web["web-1"].aws_instance.app`, "aws_instance", map[string]Value{"ami": String("ami-1"), "monitoring": Bool(false)}),
			),
			prod: state(
				res(`module.web["web-1"].aws_instance.app`, "aws_instance", map[string]Value{"ami": String("ami-1"), "monitoring": Bool(true)}),
				res(`module.web["web-2"].aws_instance.app`, "aws_instance", map[string]Value{"ami": String("ami-1"), "monitoring": Bool(true)}),
				res(`module.web["web-3"].aws_instance.app`, "aws_instance", map[string]Value{"ami": String("ami-1"), "monitoring": Bool(true)}),
				res(`module.web["web-4"].aws_instance.app`, "aws_instance", map[string]Value{"ami": String("ami-1"), "monitoring": Bool(true)}),
			),
			rules: Rules{Ratio: 0.5},
			want: []findingSummary{
				{FindingSizeRatio, "count", "1", "4", "2"},
				{FindingConfigDrift, "monitoring", "false", "true", ""},
			},
		},
		{
			name:  "gp3 IOPS at the baseline are parity at any ratio",
			stg:   state(res("aws_ebs_volume.data", "aws_ebs_volume", map[string]Value{"type": String("gp3"), "iops": Int(3000), "throughput": Int(125), "size": Int(50)})),
			prod:  state(res("aws_ebs_volume.data", "aws_ebs_volume", map[string]Value{"type": String("gp3"), "iops": Int(3000), "throughput": Int(125), "size": Int(100)})),
			rules: Rules{Ratio: 0.5},
			want:  []findingSummary{},
		},
		{
			name:  "gp3 IOPS above the baseline follow the ratio down to it",
			stg:   state(res("aws_ebs_volume.data", "aws_ebs_volume", map[string]Value{"type": String("gp3"), "iops": Int(3000), "size": Int(50)})),
			prod:  state(res("aws_ebs_volume.data", "aws_ebs_volume", map[string]Value{"type": String("gp3"), "iops": Int(10000), "size": Int(100)})),
			rules: Rules{Ratio: 0.5},
			want:  []findingSummary{{FindingSizeRatio, "iops", "3000", "10000", "5000"}},
		},
		{
			name:  "gp2 IOPS are computed from the size",
			stg:   state(res("aws_ebs_volume.data", "aws_ebs_volume", map[string]Value{"type": String("gp2"), "iops": Int(150), "size": Int(50)})),
			prod:  state(res("aws_ebs_volume.data", "aws_ebs_volume", map[string]Value{"type": String("gp2"), "iops": Int(300), "size": Int(100)})),
			rules: Rules{Ratio: 0.5},
			want:  []findingSummary{},
		},
		{
			name:  "root block device floors follow the device's own volume type",
			stg:   state(res("aws_instance.a", "aws_instance", map[string]Value{"root_block_device": List(Object(map[string]Value{"volume_type": String("gp3"), "iops": Int(3000), "throughput": Int(125), "volume_size": Int(20)}))})),
			prod:  state(res("aws_instance.a", "aws_instance", map[string]Value{"root_block_device": List(Object(map[string]Value{"volume_type": String("gp3"), "iops": Int(3000), "throughput": Int(125), "volume_size": Int(40)}))})),
			rules: Rules{Ratio: 0.5},
			want:  []findingSummary{},
		},
		{
			name: "ordered cache behaviors reversed are drift",
			stg: state(res("aws_cloudfront_distribution.cdn", "aws_cloudfront_distribution", map[string]Value{"ordered_cache_behavior": List(
				Object(map[string]Value{"path_pattern": String("/api/*"), "target_origin_id": String("api")}),
				Object(map[string]Value{"path_pattern": String("/*"), "target_origin_id": String("web")}))})),
			prod: state(res("aws_cloudfront_distribution.cdn", "aws_cloudfront_distribution", map[string]Value{"ordered_cache_behavior": List(
				Object(map[string]Value{"path_pattern": String("/*"), "target_origin_id": String("web")}),
				Object(map[string]Value{"path_pattern": String("/api/*"), "target_origin_id": String("api")}))})),
			want: []findingSummary{{FindingConfigDrift, "ordered_cache_behavior",
				`[{"path_pattern":"/api/*","target_origin_id":"api"},{"path_pattern":"/*","target_origin_id":"web"}]`,
				`[{"path_pattern":"/*","target_origin_id":"web"},{"path_pattern":"/api/*","target_origin_id":"api"}]`, ""}},
		},
		{
			name: "container args reversed are drift",
			stg: state(res("kubernetes_deployment.app", "kubernetes_deployment", map[string]Value{"spec": List(Object(map[string]Value{
				"args": List(String("--port=80"), String("--verbose"))}))})),
			prod: state(res("kubernetes_deployment.app", "kubernetes_deployment", map[string]Value{"spec": List(Object(map[string]Value{
				"args": List(String("--verbose"), String("--port=80"))}))})),
			want: []findingSummary{{FindingConfigDrift, "spec[0].args", `["--port=80","--verbose"]`, `["--verbose","--port=80"]`, ""}},
		},
		{
			name: "values that are other resources' identities are references",
			stg: state(
				res("aws_security_group.web", "aws_security_group", map[string]Value{"id": String("sg-0aaa11112222"), "name": String("web")}),
				res("aws_instance.app", "aws_instance", map[string]Value{"security_groups": List(String("sg-0aaa11112222")), "ami": String("ami-1")}),
				res("random_pet.ns", "random_pet", map[string]Value{"id": String("sunny-walrus"), "length": Int(2)}),
				res("kubernetes_namespace.app", "kubernetes_namespace", map[string]Value{"metadata": List(Object(map[string]Value{"name": String("app-sunny-walrus")}))}),
			),
			prod: state(
				res("aws_security_group.web", "aws_security_group", map[string]Value{"id": String("sg-0bbb33334444"), "name": String("web")}),
				res("aws_instance.app", "aws_instance", map[string]Value{"security_groups": List(String("sg-0bbb33334444")), "ami": String("ami-1")}),
				res("random_pet.ns", "random_pet", map[string]Value{"id": String("happy-otter"), "length": Int(2)}),
				res("kubernetes_namespace.app", "kubernetes_namespace", map[string]Value{"metadata": List(Object(map[string]Value{"name": String("app-happy-otter")}))}),
			),
			want: []findingSummary{},
		},
		{
			name: "a reference on one side only is drift",
			stg: state(
				res("aws_security_group.web", "aws_security_group", map[string]Value{"id": String("sg-0aaa11112222")}),
				res("aws_instance.app", "aws_instance", map[string]Value{"security_groups": List(String("sg-0aaa11112222"))}),
			),
			prod: state(
				res("aws_security_group.web", "aws_security_group", map[string]Value{"id": String("sg-0bbb33334444")}),
				res("aws_instance.app", "aws_instance", map[string]Value{"security_groups": List(String("default"))}),
			),
			want: []findingSummary{{FindingConfigDrift, "security_groups[0]", "sg-0aaa11112222", "default", ""}},
		},
		{
			name: "one subnet per availability zone is structural: equal counts are parity",
			stg: state(
				res("aws_subnet.private[0]", "aws_subnet", map[string]Value{"availability_zone": String("us-east-1a")}),
				res("aws_subnet.private[1]", "aws_subnet", map[string]Value{"availability_zone": String("us-east-1b")}),
				res("aws_subnet.private[2]", "aws_subnet", map[string]Value{"availability_zone": String("us-east-1c")}),
			),
			prod: state(
				res("aws_subnet.private[0]", "aws_subnet", map[string]Value{"availability_zone": String("us-east-1a")}),
				res("aws_subnet.private[1]", "aws_subnet", map[string]Value{"availability_zone": String("us-east-1b")}),
				res("aws_subnet.private[2]", "aws_subnet", map[string]Value{"availability_zone": String("us-east-1c")}),
			),
			rules: Rules{Ratio: 0.5},
			want:  []findingSummary{},
		},
		{
			name: "a structural count that differs is drift",
			stg: state(
				res("aws_subnet.private[0]", "aws_subnet", map[string]Value{"availability_zone": String("us-east-1a")}),
				res("aws_subnet.private[1]", "aws_subnet", map[string]Value{"availability_zone": String("us-east-1b")}),
			),
			prod: state(
				res("aws_subnet.private[0]", "aws_subnet", map[string]Value{"availability_zone": String("us-east-1a")}),
				res("aws_subnet.private[1]", "aws_subnet", map[string]Value{"availability_zone": String("us-east-1b")}),
				res("aws_subnet.private[2]", "aws_subnet", map[string]Value{"availability_zone": String("us-east-1c")}),
			),
			rules: Rules{Ratio: 0.5},
			want:  []findingSummary{{FindingConfigDrift, "count", "2", "3", ""}},
		},
		{
			name: "for_each over the same numbered keys enumerates members",
			stg: state(
				res(`aws_instance.fe["web-1"]`, "aws_instance", map[string]Value{"ami": String("ami-1")}),
				res(`aws_instance.fe["web-2"]`, "aws_instance", map[string]Value{"ami": String("ami-1")}),
			),
			prod: state(
				res(`aws_instance.fe["web-1"]`, "aws_instance", map[string]Value{"ami": String("ami-1")}),
				res(`aws_instance.fe["web-2"]`, "aws_instance", map[string]Value{"ami": String("ami-1")}),
			),
			rules: Rules{Ratio: 0.5},
			want:  []findingSummary{},
		},
		{
			name:  "resource-scoped ignore",
			stg:   state(res("aws_db_instance.main", "aws_db_instance", map[string]Value{"backup_retention_period": Int(1)})),
			prod:  state(res("aws_db_instance.main", "aws_db_instance", map[string]Value{"backup_retention_period": Int(30)})),
			rules: Rules{Ignores: []IgnoreRule{{Pattern: "aws_db_instance.*.backup_retention_period", Reason: "staging keeps one day"}}},
			want:  []findingSummary{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rep, err := Compare(tt.stg, tt.prod, tt.rules)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, summarize(rep)); diff != "" {
				t.Errorf("findings (-want +got):\n%s\n%+v", diff, rep.Findings)
			}
			if len(tt.want) == 0 && rep.StagingHash != rep.ProductionHash {
				t.Errorf("environments in parity have different hashes: %s vs %s", rep.StagingHash, rep.ProductionHash)
			}
		})
	}
}

func TestHashStableUnderKeyAndSetOrder(t *testing.T) {
	t.Parallel()
	a := Object(map[string]Value{"b": Int(1), "a": Set(String("x"), String("y")), "c": Number("2.0")})
	b := ObjectFromPairs([]string{"c", "a", "b"}, []Value{Number("2"), Set(String("y"), String("x")), Int(1)})
	ha, err := HashSettings(a, Rules{})
	if err != nil {
		t.Fatal(err)
	}
	hb, _ := HashSettings(b, Rules{})
	if ha != hb {
		t.Errorf("hash depends on order: %s vs %s", ha, hb)
	}
	hc, _ := HashSettings(a.With("b", Int(2)), Rules{})
	if hc == ha {
		t.Errorf("hash ignores a config change")
	}
	hd, _ := HashSettings(a.With("instance_type", String("t3.large")), Rules{})
	he, _ := HashSettings(a.With("instance_type", String("t3.xlarge")), Rules{})
	if hd != he {
		t.Errorf("hash includes a size")
	}
	if !strings.HasPrefix(ha, "sha256:") || len(ha) != len("sha256:")+64 {
		t.Errorf("hash format: %s", ha)
	}
}

func TestCanonicalJSON(t *testing.T) {
	t.Parallel()
	v := Object(map[string]Value{"b": List(Number("1.0"), Number("1e2"), Number("-0")), "a": String("é\n\"")})
	got := string(CanonicalJSON(v))
	want := `{"a":"é\n\"","b":[1,100,0]}`
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestTokenReplacer(t *testing.T) {
	t.Parallel()
	r := newTokenReplacer(DefaultStagingTokens)
	for in, want := range map[string]string{
		"staging-db":          "{env}-db",
		"db_stg":              "db_{env}",
		"Staging.example.com": "{env}.example.com",
		"upstage":             "up{env}",
		"stg01":               "{env}01",
		"stagingstg":          "staging{env}",
		// Names without separators (Azure storage accounts) carry the
		// token inside a word, followed by digits.
		"stshopwebstg01":                      "stshopweb{env}01",
		"stshopwebstg01.dfs.core.windows.net": "stshopweb{env}01.dfs.core.windows.net",
		"upstage2go":                          "up{env}2go",
		"backstage":                           "back{env}",
		"wafparcelsstaging":                   "wafparcels{env}",
		"prodigy":                             "prodigy",
		"stagecoach":                          "stagecoach",
		"MyStg01":                             "MyStg01",
		"Backstg1":                            "Backstg1",
	} {
		if got := r.Replace(in); got != want {
			t.Errorf("Replace(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPatterns(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern string
		path    string
		want    bool
	}{
		{"instance_type", "instance_type", true},
		{"instance_type", "settings.instance_type", true},
		{"instance_type", "instance_types", false},
		{"pools.*.max_connections", "pools[0].max_connections", true},
		{"pools.max_connections", "pools[3].max_connections", true},
		{"pools[*].max_connections", "pools[3].max_connections", true},
		{"pools[1].max_connections", "pools[3].max_connections", false},
		{"**.memory", "spec[0].template[0].resources[0].limits.memory", true},
		{`tags["Cost Center"]`, `tags["Cost Center"]`, true},
		{"aws_db_instance.*.allocated_storage", "aws_db_instance.main.allocated_storage", true},
		{"aws_db_instance.*.allocated_storage", "aws_rds_cluster.main.allocated_storage", false},
	}
	for _, tt := range tests {
		p, err := CompilePattern(tt.pattern)
		if err != nil {
			t.Fatalf("%s: %v", tt.pattern, err)
		}
		if got := p.matchSuffix(parseAddress(tt.path)); got != tt.want {
			t.Errorf("%q matches %q = %v, want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
	for _, bad := range []string{"", "a..b", "a.", ".a", "a[", "a[x]", "a*b"} {
		if _, err := CompilePattern(bad); err == nil {
			t.Errorf("CompilePattern(%q) accepted a bad pattern", bad)
		}
	}
}

func TestReferencesAreNotDrift(t *testing.T) {
	t.Parallel()
	stg := state(res("aws_instance.web", "aws_instance", map[string]Value{
		"subnet_id": String("subnet-0aaa"), "vpc_security_group_ids": Set(String("sg-1")), "iam_instance_profile": String("web"),
	}))
	prod := state(res("aws_instance.web", "aws_instance", map[string]Value{
		"subnet_id": String("subnet-0bbb"), "vpc_security_group_ids": Set(String("sg-2")), "iam_instance_profile": String("web"),
	}))
	rep, err := Compare(stg, prod, Rules{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 0 {
		t.Errorf("references reported as drift: %+v", rep.Findings)
	}
	// A config rule compares them after all.
	rep, err = Compare(stg, prod, Rules{Configs: []ConfigRule{{Pattern: "subnet_id"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 1 || rep.Findings[0].Path != "subnet_id" {
		t.Errorf("config rule did not override: %+v", rep.Findings)
	}
}

func TestUTF16Less(t *testing.T) {
	t.Parallel()
	// RFC 8785 §3.2.3: U+1F600 (surrogates D83D DE00) sorts before U+FB33.
	keys := []string{"\U0001F600", "\uFB33", "a", "ab", "", "é", "\u20ac"}
	for _, a := range keys {
		for _, b := range keys {
			ua, ub := []rune(a), []rune(b)
			want := false
			for i := 0; ; i++ {
				if i == len(ua) || i == len(ub) {
					want = len(ua) < len(ub)
					break
				}
				if x, y := utf16Unit(ua[i]), utf16Unit(ub[i]); x != y {
					want = x < y
					break
				}
			}
			if got := utf16Less(a, b); got != want {
				t.Errorf("utf16Less(%q, %q) = %v, want %v", a, b, got, want)
			}
		}
	}
	if !utf16Less("\U0001F600", "\uFB33") {
		t.Error("astral character must sort before U+FB33")
	}
}

func TestCanonicalStringEscapes(t *testing.T) {
	t.Parallel()
	got := string(CanonicalJSON(String("a\"b\\c\x01\td\u00e9\xff€\U0001F600")))
	want := `"a\"b\\c\u0001\td` + "\u00e9" + `\ufffd` + "€\U0001F600" + `"`
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestResourceListsCompareAsSets(t *testing.T) {
	t.Parallel()
	rule := func(port int64, desc string) Value {
		return Object(map[string]Value{"from_port": Int(port), "description": String(desc)})
	}
	stg := state(res("aws_security_group.web", "aws_security_group", map[string]Value{
		"ingress": List(rule(443, "https from staging lb"), rule(80, "http")),
	}))
	prod := state(res("aws_security_group.web", "aws_security_group", map[string]Value{
		"ingress": List(rule(80, "http"), rule(443, "https from production lb")),
	}))
	rep, err := Compare(stg, prod, Rules{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 0 {
		t.Errorf("set order reported as drift: %+v", rep.Findings)
	}
	if rep.StagingHash != rep.ProductionHash {
		t.Errorf("hash depends on set order")
	}
	prod2 := state(res("aws_security_group.web", "aws_security_group", map[string]Value{
		"ingress": List(rule(80, "http"), rule(8443, "https from production lb")),
	}))
	rep, _ = Compare(stg, prod2, Rules{})
	if len(rep.Findings) == 0 {
		t.Errorf("a changed rule is not drift")
	}
}

func TestUnknownCountFromConfiguration(t *testing.T) {
	t.Parallel()
	stg := state(res("aws_instance.web[*]", "aws_instance", map[string]Value{"instance_type": String("t3.large"), "ami": String("ami-1")}))
	prod := state(
		res("aws_instance.web[0]", "aws_instance", map[string]Value{"instance_type": String("t3.xlarge"), "ami": String("ami-1")}),
		res("aws_instance.web[1]", "aws_instance", map[string]Value{"instance_type": String("t3.xlarge"), "ami": String("ami-1")}),
	)
	rep, err := Compare(stg, prod, Rules{Ratio: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	want := []findingSummary{{FindingUnknown, "count", "(unknown)", "(unknown)", ""}}
	if diff := cmp.Diff(want, summarize(rep)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if !rep.InParity() {
		t.Error("an unknown count is not drift")
	}
}

// TestGeneratedNaturalKeys matches the elements of lists whose natural key
// is a generated name no element of the other side shares (a node pool's
// nodes) by their configuration: parity stays parity, and a changed element
// is still drift. A key some elements share keeps matching by key.
func TestGeneratedNaturalKeys(t *testing.T) {
	t.Parallel()
	node := func(name, status string) Value {
		return Object(map[string]Value{"name": String(name), "status": String(status)})
	}
	pool := func(nodes ...Value) Environment {
		return state(res("digitalocean_kubernetes_cluster.apps", "digitalocean_kubernetes_cluster", map[string]Value{
			"node_pool": List(Object(map[string]Value{"nodes": List(nodes...)})),
		}))
	}
	stg := pool(node("apps-default-x7k2q", "running"), node("apps-default-m3p9z", "running"))
	prod := pool(node("apps-default-a1b2c", "running"), node("apps-default-d4e5f", "running"))
	rep, err := Compare(stg, prod, Rules{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 0 {
		t.Errorf("generated names reported as drift: %+v", summarize(rep))
	}
	drifted := pool(node("apps-default-a1b2c", "running"), node("apps-default-d4e5f", "stopped"))
	if rep, _ = Compare(stg, drifted, Rules{}); len(rep.Findings) == 0 {
		t.Error("a changed element is not drift")
	}
	// One name in common: the names identify the elements.
	keyed := pool(node("apps-default-x7k2q", "running"), node("apps-default-zzzzz", "running"))
	rep, _ = Compare(stg, keyed, Rules{})
	var paths []string
	for _, f := range rep.Findings {
		paths = append(paths, string(f.Kind)+" "+f.Path)
	}
	if len(paths) != 2 {
		t.Errorf("with a shared key, want the element only in staging and the one only in production, got %v", paths)
	}
}

// TestGoogleProjectsAreEachEnvironments: the project ids of Google Cloud
// resources (with their random suffixes) are each environment's own, in
// the project attribute, in paths and in service account addresses; a
// path into the other environment's project is still drift.
func TestGoogleProjectsAreEachEnvironments(t *testing.T) {
	t.Parallel()
	env := func(project, topicProject string) Environment {
		return state(res("google_eventarc_trigger.uploads", "google_eventarc_trigger", map[string]Value{
			"project":         String(project),
			"service_account": String("eventarc-uploads@" + project + ".iam.gserviceaccount.com"),
			"topic":           String("projects/" + topicProject + "/topics/uploads"),
			"label":           String("orders-" + project + "-archive"),
		}))
	}
	prod := env("retail-orders-prod-1937", "retail-orders-prod-1937")
	rep, err := Compare(env("retail-orders-stg-4821", "retail-orders-stg-4821"), prod, Rules{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.Path)
	}
	// A generated project id (with digits) is replaced inside hyphenated
	// names too: orders-retail-orders-stg-4821-archive.
	if diff := cmp.Diff([]string(nil), got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	rep, _ = Compare(env("retail-orders-stg-4821", "retail-orders-prod-1937"), prod, Rules{})
	got = nil
	for _, f := range rep.Findings {
		got = append(got, f.Path)
	}
	if diff := cmp.Diff([]string{"topic"}, got); diff != "" {
		t.Errorf("staging publishing to production's project (-want +got):\n%s", diff)
	}
	// An id without digits is replaced only between '/', '@', ':' and '.'.
	for _, tt := range [][3]string{
		{"orders-retail-orders-archive", "retail-orders", "orders-retail-orders-archive"},
		{"projects/retail-orders/topics/x", "retail-orders", "projects/{ref}/topics/x"},
		{"lumen-stg-4821-functions", "lumen-stg-4821", "{ref}-functions"},
		{"europe-west1-lumen-stg-4821.cloudfunctions.net", "lumen-stg-4821", "europe-west1-{ref}.cloudfunctions.net"},
		{"xlumen-stg-4821", "lumen-stg-4821", "xlumen-stg-4821"},
	} {
		if got := replaceBounded(tt[0], tt[1]); got != tt[2] {
			t.Errorf("replaceBounded(%q, %q) = %q, want %q", tt[0], tt[1], got, tt[2])
		}
	}
}

// TestKeysInEachEnvironmentsWords pairs map keys that differ only by the
// environment's words (tag:app-staging against tag:app-production): equal
// values are parity with equal hashes, a changed value is drift at the
// key, and a key only one side has is still reported.
func TestKeysInEachEnvironmentsWords(t *testing.T) {
	t.Parallel()
	acl := func(owners map[string]Value) Environment {
		return state(res("tailscale_acl.this", "tailscale_acl", map[string]Value{
			"acl": Object(map[string]Value{"tagOwners": Object(owners)}),
		}))
	}
	owners := func(env, ciOwner string) map[string]Value {
		return map[string]Value{
			"tag:app-" + env: List(String("group:platform")),
			"tag:ci-" + env:  List(String(ciOwner)),
		}
	}
	prod := acl(owners("production", "group:ci"))
	rep, err := Compare(acl(owners("staging", "group:ci")), prod, Rules{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 0 || rep.StagingHash != rep.ProductionHash {
		t.Errorf("keys in each environment's words: findings %+v, hashes equal %v", summarize(rep), rep.StagingHash == rep.ProductionHash)
	}
	rep, _ = Compare(acl(owners("staging", "group:everyone")), prod, Rules{})
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.Path)
	}
	if diff := cmp.Diff([]string{`acl.tagOwners["tag:ci-production"][0]`}, got); diff != "" {
		t.Errorf("a changed owner (-want +got):\n%s", diff)
	}
	extra := owners("staging", "group:ci")
	extra["tag:db-staging"] = List(String("group:dba"))
	if rep, _ = Compare(acl(extra), prod, Rules{}); len(rep.Findings) != 1 {
		t.Errorf("a key only staging has: findings %+v", summarize(rep))
	}
}
