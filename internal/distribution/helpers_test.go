package distribution

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/envparity/terraform-provider-parity/internal/testutil"
)

// root is the repository root, seen from this package's directory.
var root = filepath.Join("..", "..")

// parityBinary is the real parity, built once by TestMain.
var parityBinary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "parity-distribution-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	parityBinary = filepath.Join(dir, "parity")
	build := exec.Command("go", "build", "-ldflags", "-X main.version=0.2.0", "-o", parityBinary, ".")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// readYAML reads a YAML file of the repository into v, through JSON (the
// way sigs.k8s.io/yaml reads Kubernetes objects), refusing duplicate keys.
func readYAML(t *testing.T, rel string, v any) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.UnmarshalStrict(src, v); err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
}

// sandbox is a directory of programs that is the whole PATH of a script
// under test: the system tools it may use, linked by name, and the fakes
// and the real parity a test adds. Nothing else is found, so a script
// cannot reach a real gh or curl.
type sandbox struct {
	bin string
}

func newSandbox(t *testing.T, tools ...string) *sandbox {
	t.Helper()
	s := &sandbox{bin: t.TempDir()}
	base := []string{"bash", "sh", "env", "cat", "cp", "mv", "rm", "mkdir", "mktemp", "chmod", "ls", "head", "tail",
		"wc", "tr", "sed", "awk", "grep", "dirname", "basename", "sort", "tar", "gzip", "sha256sum", "printf", "tee", "id"}
	for _, name := range append(base, tools...) {
		p, err := exec.LookPath(name)
		if err != nil {
			switch name {
			case "jq", "unzip", "zip", "shellcheck":
				p = testutil.RequireBinary(t, "PARITY_"+strings.ToUpper(name), name)
			default:
				t.Fatalf("%s not found: %v", name, err)
			}
		}
		if err := os.Symlink(p, filepath.Join(s.bin, name)); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// add puts a program into the sandbox: a script's text, or a link to a file.
func (s *sandbox) add(t *testing.T, name, script string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(s.bin, name), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
}

func (s *sandbox) link(t *testing.T, name, target string) {
	t.Helper()
	if err := os.Symlink(target, filepath.Join(s.bin, name)); err != nil {
		t.Fatal(err)
	}
}

// outcome is what a script did.
type outcome struct {
	code           int
	stdout, stderr string
}

// run runs a script of the repository with bash, in dir, with only env
// and PATH set.
func (s *sandbox) run(t *testing.T, dir, script string, env map[string]string, stdin string) outcome {
	t.Helper()
	abs, err := filepath.Abs(filepath.Join(root, script))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(s.bin, "bash"), abs)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + s.bin, "HOME=" + dir, "LC_ALL=C.UTF-8"}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	o := outcome{stdout: stdout.String(), stderr: stderr.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		o.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return o
}

// writeFile writes a file, creating its directory.
func writeFile(t *testing.T, path, content string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// outputs reads a GITHUB_OUTPUT file of name=value lines.
func outputs(t *testing.T, path string) map[string]string {
	t.Helper()
	out := map[string]string{}
	data, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			out[k] = v
		}
	}
	return out
}

// secrets are the master passwords of internal/cli's fixtures, which the
// Action's tests compare: no output may contain them.
var secrets = []string{"Pr0d-S3cret-Do-Not-Print", "Stg-S3cret-Do-Not-Print"}

// yamlUnmarshal reads YAML leniently: keys v does not declare are left out.
func yamlUnmarshal(src []byte, v any) error { return yaml.Unmarshal(src, v) }

// command returns a repository script run by the sandbox's bash with args.
func (s *sandbox) command(t *testing.T, dir, script string, args ...string) *exec.Cmd {
	t.Helper()
	abs, err := filepath.Abs(filepath.Join(root, script))
	if err != nil {
		t.Fatal(err)
	}
	return s.commandPath(t, dir, "bash", append([]string{abs}, args...)...)
}

// commandPath returns a program of the sandbox run with args in dir, with
// only PATH and HOME set.
func (s *sandbox) commandPath(t *testing.T, dir, prog string, args ...string) *exec.Cmd {
	t.Helper()
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(s.bin, prog), args...)
	cmd.Dir = abs
	cmd.Env = []string{"PATH=" + s.bin, "HOME=" + abs, "LC_ALL=C.UTF-8"}
	return cmd
}
