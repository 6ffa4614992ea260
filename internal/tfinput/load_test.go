package tfinput

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/envparity/terraform-provider-parity/internal/inputlimit"
	"github.com/envparity/terraform-provider-parity/internal/parity"
	"github.com/envparity/terraform-provider-parity/internal/testutil"
)

func TestLoad(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		path string
		opts Options
		want []string
	}{
		{
			// Written by Terraform 1.11 (terraform_data, count, for_each,
			// a sensitive variable, a child module).
			name: "real show -json state",
			path: "testdata/real/state.json",
			want: realState,
		},
		{
			name: "real raw state v4 reads the same as its show -json",
			path: "testdata/real/raw.tfstate",
			want: realState,
		},
		{
			name: "real plan",
			path: "testdata/real/plan.json",
			want: []string{
				`terraform_data.counted[0] managed terraform_data {"id":"fc7dee10-dc44-361f-70a8-e0775976f286","input":{"idx":0,"name":"web2-0"},"output":?,"triggers_replace":null}`,
				`terraform_data.counted[1] managed terraform_data {"id":"9db14827-9932-dc3e-a306-4cbf03b17540","input":{"idx":1,"name":"web2-1"},"output":?,"triggers_replace":null}`,
				`terraform_data.keyed["a"] managed terraform_data {"id":"ec7233f1-e8f3-9f71-49d3-1f02a3267d17","input":{"big":12345678901234567890,"key":"a","value":"alpha"},"output":{"big":12345678901234567890,"key":"a","value":"alpha"},"triggers_replace":null}`,
				`terraform_data.later managed terraform_data {"id":?,"input":{"n":3,"pw":!"hunter2","size":"t3.large","upstream":"7885a6d9-1ea5-cdbc-5565-388a7cd63232"},"output":?,"triggers_replace":null}`,
				`terraform_data.secret managed terraform_data {"id":"7885a6d9-1ea5-cdbc-5565-388a7cd63232","input":{"password":!"hunter2","user":"admin"},"output":{"password":"hunter2","user":"admin"},"triggers_replace":null}`,
				`module.child.terraform_data.inner managed terraform_data {"id":"dad19153-bb06-ab8c-b560-7a60bfd99b30","input":["x","y"],"output":["x","y"],"triggers_replace":null}`,
			},
		},
		{
			name: "state: nested modules, data source, deposed skipped, sensitive subtree and list element",
			path: "testdata/aws/state.json",
			want: []string{
				`aws_db_instance.main managed aws_db_instance {"allocated_storage":100,"instance_class":"db.r5.large","master_user_secret":![!{"kms_key_id":!"k","secret_arn":!"arn:x"}],"parameters":[{"name":"max_connections","value":"500"}],"password":!"s3cret","tags":{"Environment":"production"}}`,
				`data.aws_caller_identity.current data aws_caller_identity {"account_id":"123456789012"}`,
				`module.app.aws_instance.web[0] managed aws_instance {"cpu":4.50,"ebs_optimized":true,"instance_type":"m5.xlarge","user_data":null}`,
				`module.app.module.cache["eu"].aws_elasticache_cluster.this managed aws_elasticache_cluster {"auth_token":["a",!"b"],"node_type":"cache.m5.large","num_cache_nodes":3}`,
			},
		},
		{
			name: "plan: unknowns added back, after_sensitive, deletions left out",
			path: "testdata/aws/plan.json",
			want: []string{
				`aws_instance.web managed aws_instance {"arn":?,"ebs_block_device":?,"id":?,"instance_type":"m5.xlarge","network_interface":[{"device_index":0,"network_interface_id":?},{"device_index":1}],"root_block_device":[{"volume_id":?,"volume_size":50}],"secondary_ips":[?,?],"tags":{"Name":"web"}}`,
				`aws_db_instance.main managed aws_db_instance {"endpoint":?,"instance_class":"db.r5.large","password":!"s3cret"}`,
			},
		},
		{
			name: "raw state: index keys, module prefix, data mode, deposed skipped, sensitive paths",
			path: "testdata/aws/raw.tfstate",
			want: []string{
				`aws_instance.web[0] managed aws_instance {"instance_type":"m5.large","tags":{"Name":"web-0"}}`,
				`aws_instance.web[1] managed aws_instance {"instance_type":"m5.large","tags":{"Name":"web-1"}}`,
				`module.db["eu"].aws_db_instance.main["primary"] managed aws_db_instance {"instance_class":"db.r5.large","parameter":[{"name":"a","value":"1"},{"name":"b","value":!"2"}],"password":!"s3cret","tags":{"team":"data","token":!"t0k3n"}}`,
				`data.aws_region.current data aws_region {"name":!"us-east-1"}`,
				// An unreadable sensitive path marks the whole resource.
				`aws_s3_bucket.odd["a$${b}\n"] managed aws_s3_bucket !{"bucket":!"x"}`,
			},
		},
		{
			name: "show -json 0.1 state (Terraform 0.12): no sensitive_values",
			path: "testdata/old/state-0.1.json",
			want: []string{
				`aws_instance.web managed aws_instance {"ami":"ami-0c55b159cbfafe1f0","id":"i-0123456789abcdef0","instance_type":"t3.large","tags":{"Name":"web-staging"}}`,
				`module.db.aws_db_instance.main managed aws_db_instance {"allocated_storage":50,"engine":"postgres","instance_class":"db.r5.large","password":"Stg-Old-Secret"}`,
			},
		},
		{
			name: "show -json 0.1 plan (Terraform 0.12)",
			path: "testdata/old/plan-0.1.json",
			want: []string{
				`aws_instance.web managed aws_instance {"ami":"ami-0c55b159cbfafe1f0","id":?,"instance_type":"t3.large","tags":{"Name":"web-staging"}}`,
			},
		},
		{
			name: "show -json 0.2 state (Terraform 0.15): sensitive_values",
			path: "testdata/old/state-0.2.json",
			want: []string{
				`aws_instance.web managed aws_instance {"ami":"ami-0c55b159cbfafe1f0","id":"i-0fedcba9876543210","instance_type":"t3.xlarge","tags":{"Name":"web-production"}}`,
				`module.db.aws_db_instance.main managed aws_db_instance {"allocated_storage":100,"engine":"postgres","instance_class":"db.r5.xlarge","password":!"Prod-Old-Secret"}`,
			},
		},
		{
			name: "raw state v4 written by Terraform 0.12 (no sensitive_attributes)",
			path: "testdata/old/raw-0.12.tfstate",
			want: []string{
				`aws_instance.web managed aws_instance {"ami":"ami-0c55b159cbfafe1f0","id":"i-0123456789abcdef0","instance_type":"t3.large","tags":{"Name":"web-staging"}}`,
				`module.db.aws_db_instance.main managed aws_db_instance {"allocated_storage":50,"engine":"postgres","instance_class":"db.r5.large","password":"Stg-Old-Secret"}`,
			},
		},
		{
			name: "settings object when asked for",
			path: "testdata/errors/settings.json",
			opts: Options{Settings: true},
			want: []string{`   {"instance_type":"t3.large","replicas":2}`},
		},
		{
			name: "HCL directory",
			path: "testdata/hcl/full",
			opts: Options{VarFiles: []string{"testdata/hcl/full/extra.tfvars"}},
			want: hclFull("t3.xlarge"),
		},
		{
			name: "HCL directory: auto.tfvars.json wins over auto.tfvars and terraform.tfvars",
			path: "testdata/hcl/full",
			want: hclFull("t3.large"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.opts.Name = "staging"
			env, err := Load(context.Background(), tt.path, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if env.Name != "staging" || env.Source != tt.path {
				t.Errorf("Name, Source = %q, %q", env.Name, env.Source)
			}
			if diff := cmp.Diff(tt.want, renderResources(env.Resources)); diff != "" {
				t.Errorf("resources (-want +got):\n%s", diff)
			}
		})
	}
}

var realState = []string{
	`terraform_data.counted[0] managed terraform_data {"id":"fc7dee10-dc44-361f-70a8-e0775976f286","input":{"idx":0,"name":"web-0"},"output":{"idx":0,"name":"web-0"},"triggers_replace":null}`,
	`terraform_data.counted[1] managed terraform_data {"id":"9db14827-9932-dc3e-a306-4cbf03b17540","input":{"idx":1,"name":"web-1"},"output":{"idx":1,"name":"web-1"},"triggers_replace":null}`,
	`terraform_data.keyed["a"] managed terraform_data {"id":"ec7233f1-e8f3-9f71-49d3-1f02a3267d17","input":{"big":12345678901234567890,"key":"a","value":"alpha"},"output":{"big":12345678901234567890,"key":"a","value":"alpha"},"triggers_replace":null}`,
	`terraform_data.keyed["b"] managed terraform_data {"id":"6899dcfe-a3d4-cfda-7e8c-ce4498e9bb4b","input":{"big":12345678901234567890,"key":"b","value":"beta"},"output":{"big":12345678901234567890,"key":"b","value":"beta"},"triggers_replace":null}`,
	`terraform_data.secret managed terraform_data {"id":"7885a6d9-1ea5-cdbc-5565-388a7cd63232","input":{"password":!"hunter2","user":"admin"},"output":{"password":"hunter2","user":"admin"},"triggers_replace":null}`,
	`module.child.terraform_data.inner managed terraform_data {"id":"dad19153-bb06-ab8c-b560-7a60bfd99b30","input":["x","y"],"output":["x","y"],"triggers_replace":null}`,
}

// hclFull is what testdata/hcl/full reads as, given the winning
// instance_type: terraform.tfvars sets env; a.auto.tfvars sets replicas
// as the string "2" (converted to the declared number type).
func hclFull(instanceType string) []string {
	return []string{
		`aws_instance.web[0] managed aws_instance {"ami":"ami-123","big":12345678901234567890,"instance_type":"` + instanceType + `","mystery":?,"ratio":0.1,"root_block_device":[{"volume_size":50,"volume_type":"gp3"}],"subnet_id":?,"tags":{"Environment":"staging","Name":"staging-app-0","Team":"platform"}}`,
		`aws_instance.web[1] managed aws_instance {"ami":"ami-123","big":12345678901234567890,"instance_type":"` + instanceType + `","mystery":?,"ratio":0.1,"root_block_device":[{"volume_size":50,"volume_type":"gp3"}],"subnet_id":?,"tags":{"Environment":"staging","Name":"staging-app-1","Team":"platform"}}`,
		`aws_security_group.sg managed aws_security_group {"egress":?,"ingress":[{"from_port":80,"protocol":"tcp","to_port":80},{"from_port":443,"protocol":"tcp","to_port":443}],"name":"staging-app-sg"}`,
		`aws_subnet.per_zone["us-east-1a"] managed aws_subnet {"availability_zone":"us-east-1a","cidr_block":?,"name":"STAGING-APP-us-east-1a"}`,
		`aws_subnet.per_zone["us-east-1b"] managed aws_subnet {"availability_zone":"us-east-1b","cidr_block":?,"name":"STAGING-APP-us-east-1b"}`,
		`aws_db_instance.db managed aws_db_instance {"instance_class":"db.r5.large","password":!"hunter2","settings":{"password":!"hunter2","port":5432},"username":"admin"}`,
		`data.aws_ami.ubuntu data aws_ami {"most_recent":true,"owners":["099720109477"]}`,
		`module.network[0] module module {"cidr":"10.0.0.0/16","name":"staging-app","source":"terraform-aws-modules/vpc/aws","version":"5.0.0"}`,
		`aws_instance.unknown_count[*] managed aws_instance {"index":?,"instance_type":"t3.small"}`,
		`aws_eip.keyed["a b"] managed aws_eip {"domain":"vpc","weight":1}`,
		`aws_eip.keyed["c\"d"] managed aws_eip {"domain":"vpc","weight":2}`,
	}
}

func TestLoadHCLLocations(t *testing.T) {
	t.Parallel()
	env, err := Load(context.Background(), "testdata/hcl/full", Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := env.Resources[0]
	main := filepath.Join("testdata", "hcl", "full", "main.tf")
	if diff := cmp.Diff(&parity.Location{File: main, Line: 8, Column: 1}, r.Location); diff != "" {
		t.Errorf("Location (-want +got):\n%s", diff)
	}
	wantAttrs := map[string]parity.Location{
		"ami":               {File: main, Line: 10, Column: 3},
		"instance_type":     {File: main, Line: 11, Column: 3},
		"subnet_id":         {File: main, Line: 12, Column: 3},
		"tags":              {File: main, Line: 13, Column: 3},
		"big":               {File: main, Line: 14, Column: 3},
		"ratio":             {File: main, Line: 15, Column: 3},
		"mystery":           {File: main, Line: 16, Column: 3},
		"root_block_device": {File: main, Line: 18, Column: 3},
	}
	if diff := cmp.Diff(wantAttrs, r.AttributeLocations); diff != "" {
		t.Errorf("AttributeLocations (-want +got):\n%s", diff)
	}
}

func TestLoadHCLExpressions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "locals cycle and undeclared references are unknown",
			src: `
locals {
  a = local.b
  b = local.a
  c = "${local.a}-x"
}
resource "t" "r" {
  a = local.a
  c = local.c
  d = local.nope
  e = var.nope
  f = path.module
  g = terraform.workspace
  h = timestamp()
  i = [module.m.out, "known"]
}`,
			want: []string{`t.r managed t {"a":?,"c":?,"d":?,"e":?,"f":?,"g":?,"h":?,"i":[?,"known"]}`},
		},
		{
			name: "count zero, for_each over a set, unknown for_each",
			src: `
resource "t" "none" {
  count = 0
}
resource "t" "set" {
  for_each = toset(["b", "a"])
  name     = each.value
  k        = each.key
}
resource "t" "unknown" {
  for_each = data.x.y.map
  name     = each.value
  fixed    = 1
}`,
			want: []string{
				`t.set["a"] managed t {"k":"a","name":"a"}`,
				`t.set["b"] managed t {"k":"b","name":"b"}`,
				`t.unknown[*] managed t {"fixed":1,"name":?}`,
			},
		},
		{
			name: "dynamic blocks with iterator, nested dynamic, static blocks kept in order",
			src: `
locals {
  rules = { http = 80, https = 443 }
}
resource "t" "r" {
  setting { name = "first" }
  dynamic "setting" {
    for_each = local.rules
    iterator = rule
    content {
      name = rule.key
      port = rule.value
      dynamic "cidr" {
        for_each = ["10.0.0.0/8"]
        content { block = cidr.value }
      }
    }
  }
  provisioner "local-exec" { command = "echo" }
  connection { host = "x" }
}`,
			want: []string{`t.r managed t {"setting":[{"name":"first"},{"cidr":[{"block":"10.0.0.0/8"}],"name":"http","port":80},{"cidr":[{"block":"10.0.0.0/8"}],"name":"https","port":443}]}`},
		},
		{
			name: "functions and exact numbers",
			src: `
resource "t" "r" {
  a = max(1, 5, 3)
  b = join(",", concat(["a"], ["b"]))
  c = length("héllo")
  d = length([1, 2])
  e = 0.1 + 0.2
  f = 1e30
  g = tostring(42)
  h = try(local.missing, "fallback")
  i = lower("ABC")
}`,
			want: []string{`t.r managed t {"a":5,"b":"a,b","c":5,"d":2,"e":0.3,"f":1000000000000000000000000000000,"g":"42","h":"fallback","i":"abc"}`},
		},
		{
			name: "sensitive variables mark what they flow into",
			src: `
variable "token" {
  sensitive = true
  default   = "abc"
}
variable "obj" {
  sensitive = true
  default   = { a = 1 }
}
resource "t" "r" {
  a = var.token
  b = "Bearer ${var.token}"
  c = upper(var.token)
  d = var.obj
}`,
			want: []string{`t.r managed t {"a":!"abc","b":!"Bearer abc","c":!"ABC","d":!{"a":!1}}`},
		},
		{
			name: "typed variables with optional attribute defaults",
			src: `
variable "cfg" {
  type    = object({ size = string, count = optional(number, 2) })
  default = { size = "small" }
}
resource "t" "r" {
  size  = var.cfg.size
  count_ = var.cfg.count
}`,
			want: []string{`t.r managed t {"count_":2,"size":"small"}`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(tt.src), 0o600); err != nil {
				t.Fatal(err)
			}
			env, err := Load(context.Background(), dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, renderResources(env.Resources)); diff != "" {
				t.Errorf("resources (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadSingleTFFile(t *testing.T) {
	t.Parallel()
	env, err := Load(context.Background(), "testdata/hcl/full/main.tf", Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Without variables.tf, var.* is undeclared and so unknown.
	if got := len(env.Resources); got != 2 {
		t.Fatalf("got %d resources, want 2: %v", got, renderResources(env.Resources))
	}
	if got, want := env.Resources[0].Address, "aws_instance.web[*]"; got != want {
		t.Errorf("address = %q, want %q", got, want)
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path string
		opts Options
		want string
	}{
		{"testdata/errors/settings.json", Options{}, "testdata/errors/settings.json: not a Terraform state or plan: no format_version"},
		{"testdata/errors/v3.tfstate", Options{}, "testdata/errors/v3.tfstate: raw state version 3 (written by Terraform 0.11 or earlier) is not supported: it stores attributes as flat strings"},
		{"testdata/old/v2.tfstate", Options{}, "testdata/old/v2.tfstate: raw state version 2 (written by Terraform 0.11 or earlier) is not supported"},
		{"testdata/old/v5.tfstate", Options{}, "testdata/old/v5.tfstate: raw state version 5 is not supported: parity reads version 4 (Terraform 0.12 and later)"},
		{"testdata/errors/flat.tfstate", Options{}, "testdata/errors/flat.tfstate: resources[0].instances[0] (a.b): attributes_flat (the Terraform 0.11 state layout) is not supported"},
		{"testdata/errors/syntax.json", Options{}, "testdata/errors/syntax.json: line 6, column 27: invalid character '}' looking for beginning of object key string"},
		{"testdata/errors/future.json", Options{}, `testdata/errors/future.json: format_version "2.0" is not supported: parity reads the show -json formats 0.x and 1.x`},
		{"testdata/errors/array.json", Options{Settings: true}, "testdata/errors/array.json: not a Terraform state or plan: the JSON is a list, not an object"},
		{"testdata/errors/plan.tfplan", Options{}, "testdata/errors/plan.tfplan: a binary plan file; read it with --terraform"},
		{"testdata/errors/empty_dir", Options{}, "testdata/errors/empty_dir: no Terraform configuration files (*.tf)"},
		{"testdata/errors/bad_hcl", Options{}, "testdata/errors/bad_hcl/main.tf:2,7-3,1: Invalid expression"},
		{"testdata/errors/huge_count", Options{}, "testdata/errors/huge_count/main.tf:1: a.b: count = 1000000000 is more than a static read expands (100000)"},
		{"testdata/errors/missing.json", Options{}, "testdata/errors/missing.json: no such file or directory"},
		{"testdata/hcl/full", Options{VarFiles: []string{"testdata/errors/nope.tfvars"}}, "testdata/errors/nope.tfvars: no such file or directory"},
		{"testdata/real", Options{Terraform: true, TerraformPath: "/nonexistent/terraform"}, "testdata/real"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			_, err := Load(context.Background(), tt.path, tt.opts)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

// TestPrunedDecodeMatchesFull checks that reading a file (which builds only
// what FromDocument uses) gives what DecodeJSON + FromDocument gives.
func TestPrunedDecodeMatchesFull(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("testdata/*/*.json")
	more, _ := filepath.Glob("testdata/*/*.tfstate")
	for _, f := range append(files, more...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pruned, errPruned := resourcesFromJSON(f, data, false)
		var full []parity.Resource
		v, errFull := DecodeJSON(data)
		if errFull == nil {
			var ok bool
			full, ok, errFull = FromDocument(v)
			if errFull == nil && !ok {
				_, reason := classifyDocument(v)
				errFull = &errNotDocument{reason: reason}
			}
		}
		if (errPruned == nil) != (errFull == nil) {
			t.Errorf("%s: pruned error %v, full error %v", f, errPruned, errFull)
			continue
		}
		if diff := cmp.Diff(renderResources(full), renderResources(pruned)); diff != "" {
			t.Errorf("%s (-full +pruned):\n%s", f, diff)
		}
	}
}

// TestLoadTerraformWorkingDir applies a real configuration with the
// built-in terraform_data resource (no provider download) and reads the
// working directory through terraform-exec.
func TestLoadTerraformWorkingDir(t *testing.T) {
	bin := testutil.RequireBinary(t, "TF_ACC_TERRAFORM_PATH", "terraform")
	dir := t.TempDir()
	cliConfig := filepath.Join(t.TempDir(), "terraformrc")
	if err := os.WriteFile(cliConfig, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TF_CLI_CONFIG_FILE", cliConfig)
	t.Setenv("CHECKPOINT_DISABLE", "1")
	src := `
variable "pw" {
  sensitive = true
  default   = "hunter2"
}
resource "terraform_data" "web" {
  count = 2
  input = { size = "t3.large", n = count.index, big = 12345678901234567890 }
}
resource "terraform_data" "db" {
  input = { user = "admin", password = var.pw }
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	tf := testTerraform(t, dir, bin)
	ctx := context.Background()
	if err := tf.Init(ctx); err != nil {
		t.Fatal(err)
	}
	if err := tf.Apply(ctx); err != nil {
		t.Fatal(err)
	}
	env, err := Load(ctx, dir, Options{Name: "production", Terraform: true, TerraformPath: bin})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range env.Resources {
		in, _ := r.Values.Get("input")
		got = append(got, r.Address+" "+render(in))
	}
	want := []string{
		`terraform_data.db {"password":!"hunter2","user":"admin"}`,
		`terraform_data.web[0] {"big":12345678901234567890,"n":0,"size":"t3.large"}`,
		`terraform_data.web[1] {"big":12345678901234567890,"n":1,"size":"t3.large"}`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("resources (-want +got):\n%s", diff)
	}

	// The static read of the same directory agrees on the configuration.
	static, err := Load(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var gotStatic []string
	for _, r := range static.Resources {
		in, _ := r.Values.Get("input")
		gotStatic = append(gotStatic, r.Address+" "+render(in))
	}
	wantStatic := []string{want[1], want[2], want[0]} // file order
	if diff := cmp.Diff(wantStatic, gotStatic); diff != "" {
		t.Errorf("static read (-want +got):\n%s", diff)
	}
}

// TestOldDocumentsCompare checks that documents of old Terraform versions
// compare with each other like new ones: a 0.1 staging state against a 0.2
// production state, sizes at half, is in parity.
func TestOldDocumentsCompare(t *testing.T) {
	t.Parallel()
	for _, staging := range []string{"testdata/old/state-0.1.json", "testdata/old/raw-0.12.tfstate"} {
		stg, err := Load(context.Background(), staging, Options{Name: "staging"})
		if err != nil {
			t.Fatal(err)
		}
		prod, err := Load(context.Background(), "testdata/old/state-0.2.json", Options{Name: "production"})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := parity.Compare(stg, prod, parity.Rules{Ratio: 0.5})
		if err != nil {
			t.Fatal(err)
		}
		if !rep.InParity() {
			t.Errorf("%s vs state-0.2.json: not in parity: %+v", staging, rep.Findings)
		}
	}
}

// TestLoadBounded checks that every file Load reads is bounded: only
// regular files, under the size caps, nested no deeper than the limit. Each
// refusal names the file at fault.
func TestLoadBounded(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fifo := func(name string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	state := `{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"a.b","mode":"managed","type":"a","name":"b","values":{"x":1}}]}}}`
	small := write("state.json", state)
	sideFIFO := fifo("side.json")
	fifoDir := filepath.Join(dir, "fifo-dir")
	write("fifo-dir/main.tf", `resource "a" "b" {}`)
	fifoTF := fifo("fifo-dir/other.tf")
	hclDir := filepath.Join(dir, "hcl")
	write("hcl/main.tf", "variable \"v\" {}\nresource \"a\" \"b\" {\n  x = var.v\n}\n")
	varFIFO := fifo("vars.tfvars")
	autoDir := filepath.Join(dir, "auto")
	write("auto/main.tf", `resource "a" "b" {}`)
	autoFIFO := fifo("auto/x.auto.tfvars")
	deepTF := write("deep/main.tf", "resource \"a\" \"b\" {\n  x = "+strings.Repeat("[", 5000)+strings.Repeat("]", 5000)+"\n}\n")
	deepBlocks := write("blocks/main.tf", "resource \"a\" \"b\" {\n"+strings.Repeat("b {\n", 2000)+strings.Repeat("}\n", 2000)+"}\n")
	var chain strings.Builder
	chain.WriteString("resource \"a\" \"b\" {\n  x = local.l0\n}\nlocals {\n")
	for i := range 1500 {
		fmt.Fprintf(&chain, "  l%d = [local.l%d]\n", i, i+1)
	}
	chain.WriteString("  l1500 = 1\n}\n")
	chainTF := write("chain/main.tf", chain.String())
	jsonTF := write("jsondecode/main.tf", "resource \"a\" \"b\" {\n  x = jsondecode(\""+strings.Repeat("[", 100000)+strings.Repeat("]", 100000)+"\")\n}\n")
	deepVarJSON := write("deep.tfvars.json", `{"v": `+strings.Repeat("[", 5000)+strings.Repeat("]", 5000)+`}`)
	deepJSON := write("deep.json", `{"format_version":"1.0","values":`+strings.Repeat(`{"a":`, 5000)+"1"+strings.Repeat("}", 5001))
	dupJSON := write("dup.json", "{\"format_version\":\"1.0\",\n\"values\":{},\"values\":{}}")
	dupSkipped := write("dup-skipped.json", "{\"format_version\":\"1.0\",\"configuration\":{\"x\":1,\"x\":2},\"values\":{}}")
	utf8JSON := write("utf8.json", "{\"format_version\":\"1.0\",\"values\":{\"root_module\":{\"resources\":[{\"address\":\"a.b\",\"values\":{\"x\":\"\xff\xfe\"}}]}}}")
	utf8Skipped := write("utf8-skipped.json", "{\"format_version\":\"1.0\",\"configuration\":\"\xfe\xff\",\"values\":{}}")

	tests := []struct {
		name string
		path string
		opts Options
		want string
	}{
		{"a FIFO as a side", sideFIFO, Options{}, sideFIFO + ": not a regular file (a named pipe)"},
		{"/dev/zero as a side", "/dev/zero", Options{}, "/dev/zero: not a regular file (a character device)"},
		{"a document over the cap", small, Options{Limits: inputlimit.Limits{Document: 64}}, small + ": " + fmt.Sprint(len(state)) + "B is larger than the document limit of 64B"},
		{"an endless standard input", "-", Options{Stdin: zeroReader{}, Limits: inputlimit.Limits{Document: 1 << 20}}, "-: more than 1MiB is larger than the document limit of 1MiB"},
		{"a FIFO among the .tf files", fifoDir, Options{}, fifoTF + ": not a regular file (a named pipe)"},
		{"a FIFO as --var-file", hclDir, Options{VarFiles: []string{varFIFO}}, varFIFO + ": not a regular file (a named pipe)"},
		{"/dev/zero as --var-file", hclDir, Options{VarFiles: []string{"/dev/zero"}}, "/dev/zero: not a regular file (a character device)"},
		{"a FIFO as *.auto.tfvars", autoDir, Options{}, autoFIFO + ": not a regular file (a named pipe)"},
		{"a .tf file over the cap", hclDir, Options{Limits: inputlimit.Limits{Config: 16}}, filepath.Join(hclDir, "main.tf") + ": 49B is larger than the configuration file limit of 16B"},
		{"a directory over the total cap", hclDir, Options{Limits: inputlimit.Limits{ConfigTotal: 16}}, filepath.Join(hclDir, "main.tf") + ": 49B is larger than the configuration (all files of one side together) limit of 16B"},
		{"brackets nested 5,000 deep", deepTF, Options{}, deepTF + ": line 2, column 1005: nested more than 1000 levels deep"},
		{"blocks nested 2,000 deep", deepBlocks, Options{}, deepBlocks + ": line 1000, column 3: nested more than 1000 levels deep"},
		{"a chain of 1,500 locals", chainTF, Options{}, chainTF + ":2: x: nested more than 1000 levels deep"},
		{"a deep .tfvars.json", hclDir, Options{VarFiles: []string{deepVarJSON}}, deepVarJSON + ": line 1, column 1006: nested more than 1000 levels deep"},
		{"a document nested 5,000 deep", deepJSON, Options{}, deepJSON + ": line 1, column 5029: nested more than 1000 levels deep"},
		{"a duplicate key", dupJSON, Options{}, dupJSON + `: line 2, column 13: duplicate key "values" in object (first at line 2, column 1)`},
		{"a duplicate key in a part that is skipped", dupSkipped, Options{}, dupSkipped + `: line 1, column 48: duplicate key "x" in object (first at line 1, column 42)`},
		{"invalid UTF-8", utf8JSON, Options{}, utf8JSON + ": line 1, column 95: invalid UTF-8 byte 0xff in string (byte offset 94)"},
		{"invalid UTF-8 in a part that is skipped", utf8Skipped, Options{}, utf8Skipped + ": line 1, column 42: invalid UTF-8 byte 0xfe in string (byte offset 41)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			done := make(chan error, 1)
			go func() {
				_, err := Load(context.Background(), tt.path, tt.opts)
				done <- err
			}()
			var err error
			select {
			case err = <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("Load did not return within 30s")
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
	if _, err := Load(context.Background(), "-", Options{Stdin: strings.NewReader(state)}); err != nil {
		t.Errorf("standard input: %v", err)
	}
	// jsondecode of a string nested too deep fails like any expression a
	// static read cannot evaluate: the attribute is unknown.
	env, err := Load(context.Background(), jsonTF, Options{})
	if err != nil || len(env.Resources) != 1 || render(env.Resources[0].Values) != `{"x":?}` {
		t.Errorf("jsondecode nested 100,000 deep: %v, %v", renderResources(env.Resources), err)
	}
}

// zeroReader is an endless stream of zero bytes.
type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
