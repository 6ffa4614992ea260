package locate

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/envparity/terraform-provider-parity/internal/inputlimit"
	"github.com/envparity/terraform-provider-parity/internal/parity"
)

const root = "testdata/root"

func at(file string, line, column int) parity.Location {
	return parity.Location{File: filepath.Join(root, filepath.FromSlash(file)), Line: line, Column: column}
}

func TestLookup(t *testing.T) {
	t.Parallel()
	ix, err := Load(root, inputlimit.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		address string
		want    *parity.Location // nil: not declared
	}{
		{"aws_instance.web[0]", ptr(at("main.tf", 3, 1))},
		{"aws_instance.web[1]", ptr(at("main.tf", 3, 1))},
		{"aws_instance.web", ptr(at("main.tf", 3, 1))},
		{"data.aws_ami.base", ptr(at("main.tf", 23, 1))},
		// for_each keys on the module call, followed through ./ and ../.
		{`module.app["eu"].aws_s3_bucket.logs`, ptr(at("modules/app/main.tf", 5, 1))},
		{`module.app["us"].module.db.aws_db_instance.main["primary"]`, ptr(at("modules/db/main.tf", 1, 1))},
		{`module.app["eu"].module.db.aws_db_instance.main["replica.eu"]`, ptr(at("modules/db/main.tf", 1, 1))},
		// A registry module and a module not checked out: the call.
		{"module.vpc.aws_vpc.this[0]", ptr(at("main.tf", 33, 1))},
		{"module.missing.aws_sqs_queue.q", ptr(at("main.tf", 38, 1))},
		// A module that calls itself is read once; the inner call stands
		// for what it would declare.
		{"module.loop.null_resource.x", ptr(at("modules/loop/main.tf", 5, 1))},
		{"module.loop.module.again.null_resource.x", ptr(at("modules/loop/main.tf", 1, 1))},
		{"aws_instance.other", nil},
		{"data.aws_ami.other", nil},
		{"module.nope.aws_instance.web", nil},
		{`module.app["eu"].aws_s3_bucket.other`, nil},
		{"aws_instance", nil},
		{"", nil},
		{"aws_instance.web[0", nil},
		{"aws_instance..web", nil},
	}
	for _, tt := range tests {
		t.Run(tt.address, func(t *testing.T) {
			t.Parallel()
			d, ok := ix.Lookup(tt.address)
			if tt.want == nil {
				if ok {
					t.Fatalf("Lookup(%q) = %v, want not declared", tt.address, d.Location)
				}
				return
			}
			if !ok {
				t.Fatalf("Lookup(%q): not declared, want %v", tt.address, *tt.want)
			}
			if diff := cmp.Diff(*tt.want, d.Location); diff != "" {
				t.Errorf("Lookup(%q) (-want +got):\n%s", tt.address, diff)
			}
		})
	}
}

func ptr(l parity.Location) *parity.Location { return &l }

func TestAttributes(t *testing.T) {
	t.Parallel()
	ix, err := Load(root, inputlimit.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	d, ok := ix.Lookup("aws_instance.web[0]")
	if !ok {
		t.Fatal("aws_instance.web not declared")
	}
	// Meta-arguments (count, lifecycle) are not compared and not listed;
	// the override file does not move the declaration.
	want := map[string]parity.Location{
		"ami":               at("main.tf", 5, 3),
		"instance_type":     at("main.tf", 6, 3),
		"monitoring":        at("main.tf", 7, 3),
		"root_block_device": at("main.tf", 9, 3),
		"ebs_block_device":  at("main.tf", 13, 3),
	}
	if diff := cmp.Diff(want, d.Attributes); diff != "" {
		t.Errorf("attributes (-want +got):\n%s", diff)
	}
}

func TestFiles(t *testing.T) {
	t.Parallel()
	ix, err := Load(root, inputlimit.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		filepath.Join(root, "main.tf"),
		filepath.Join(root, "modules", "app", "main.tf"),
		filepath.Join(root, "modules", "db", "main.tf"),
		filepath.Join(root, "modules", "loop", "main.tf"),
	}
	if diff := cmp.Diff(want, ix.Files()); diff != "" {
		t.Errorf("Files (-want +got):\n%s", diff)
	}
}

func TestAnnotate(t *testing.T) {
	t.Parallel()
	ix, err := Load(root, inputlimit.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	kept := parity.Location{File: "elsewhere.tf", Line: 9}
	env := parity.Environment{Resources: []parity.Resource{
		{Address: "aws_instance.web[1]"},
		{Address: `module.app["eu"].module.db.aws_db_instance.main["primary"]`},
		{Address: "aws_instance.undeclared"},
		{Address: "data.aws_ami.base", Location: &kept},
		{Address: ""},
	}}
	if n := ix.Annotate(&env); n != 2 {
		t.Errorf("Annotate located %d resources, want 2", n)
	}
	got := make([]*parity.Location, len(env.Resources))
	for i, r := range env.Resources {
		got[i] = r.Location
	}
	want := []*parity.Location{ptr(at("main.tf", 3, 1)), ptr(at("modules/db/main.tf", 1, 1)), nil, &kept, nil}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("locations (-want +got):\n%s", diff)
	}
	if loc := env.Resources[1].AttributeLocations["engine_version"]; loc != at("modules/db/main.tf", 4, 3) {
		t.Errorf("engine_version at %v", loc)
	}
	// Each resource has its own map: changing one never changes another.
	env.Resources[0].AttributeLocations["ami"] = kept
	if d, _ := ix.Lookup("aws_instance.web[0]"); d.Attributes["ami"] == kept {
		t.Error("Annotate shares the index's attribute map with resources")
	}
}

func TestParseAddress(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    []string
		wantErr bool
	}{
		{"aws_instance.web", []string{"aws_instance", "web"}, false},
		{"aws_instance.web[12]", []string{"aws_instance", "web"}, false},
		{`module.a["x.y"].module.b[0].data.t.n["]["]`, []string{"module", "a", "module", "b", "data", "t", "n"}, false},
		{`module.a["q\"].x"].t.n`, []string{"module", "a", "t", "n"}, false},
		{`t.n["unterminated]`, nil, true},
		{"t.n[0", nil, true},
		{"t.", nil, true},
		{".t", nil, true},
		{"t.n[0]x", nil, true},
	}
	for _, tt := range tests {
		got, err := parseAddress(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("parseAddress(%q) error %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("parseAddress(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	write := func(t *testing.T, files map[string]string) string {
		dir := t.TempDir()
		for name, text := range files {
			p := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	t.Run("syntax error names file and line", func(t *testing.T) {
		t.Parallel()
		dir := write(t, map[string]string{"main.tf": "resource \"a\" \"b\" {\n  x = \n}\n"})
		_, err := Load(dir, inputlimit.Limits{})
		if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "main.tf")+":2:") {
			t.Errorf("error %v does not name main.tf line 2", err)
		}
	})
	t.Run("syntax error in a local module", func(t *testing.T) {
		t.Parallel()
		dir := write(t, map[string]string{
			"main.tf":        "module \"m\" {\n  source = \"./m\"\n}\n",
			"m/resources.tf": "resource \"a\" {\n",
		})
		_, err := Load(dir, inputlimit.Limits{})
		if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "m", "resources.tf")+":1:") {
			t.Errorf("error %v does not name m/resources.tf", err)
		}
	})
	t.Run("file over the size cap", func(t *testing.T) {
		t.Parallel()
		dir := write(t, map[string]string{"main.tf": strings.Repeat("# padding\n", 20)})
		_, err := Load(dir, inputlimit.Limits{Config: 100})
		var tl *inputlimit.TooLargeError
		if !errors.As(err, &tl) || tl.Path != filepath.Join(dir, "main.tf") {
			t.Errorf("error %v, want a TooLargeError naming main.tf", err)
		}
	})
	t.Run("modules together over the total cap", func(t *testing.T) {
		t.Parallel()
		pad := strings.Repeat("# padding\n", 8)
		dir := write(t, map[string]string{
			"main.tf":   "module \"m\" {\n  source = \"./m\"\n}\n" + pad,
			"m/main.tf": pad + pad,
		})
		_, err := Load(dir, inputlimit.Limits{Config: 1000, ConfigTotal: 200})
		var tl *inputlimit.TooLargeError
		if !errors.As(err, &tl) {
			t.Errorf("error %v, want a TooLargeError", err)
		}
	})
	t.Run("nesting beyond the limit", func(t *testing.T) {
		t.Parallel()
		deep := strings.Repeat("[", inputlimit.MaxDepth+1) + strings.Repeat("]", inputlimit.MaxDepth+1)
		dir := write(t, map[string]string{"main.tf": "resource \"a\" \"b\" {\n  x = " + deep + "\n}\n"})
		_, err := Load(dir, inputlimit.Limits{})
		var de *inputlimit.DepthError
		if !errors.As(err, &de) {
			t.Errorf("error %v, want a DepthError", err)
		}
	})
	t.Run("no configuration", func(t *testing.T) {
		t.Parallel()
		dir := write(t, map[string]string{"README.md": "no tf here"})
		_, err := Load(dir, inputlimit.Limits{})
		if err == nil || !strings.Contains(err.Error(), "no Terraform configuration files") {
			t.Errorf("error %v", err)
		}
	})
	t.Run("not a directory", func(t *testing.T) {
		t.Parallel()
		_, err := Load(filepath.Join(root, "main.tf"), inputlimit.Limits{})
		if err == nil || !strings.Contains(err.Error(), "not a directory") {
			t.Errorf("error %v", err)
		}
	})
	t.Run("a FIFO is refused", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		if err := syscall.Mkfifo(filepath.Join(dir, "main.tf"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(dir, inputlimit.Limits{})
		var nr *inputlimit.NotRegularError
		if !errors.As(err, &nr) {
			t.Errorf("error %v, want a NotRegularError", err)
		}
	})
}
