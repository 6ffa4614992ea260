package adversarial

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/envparity/terraform-provider-parity/internal/accuracy"
)

// TestCorpusPlantedSecretsNeverPrinted runs the parity binary on every
// corpus case that lists the secrets planted in it (a secrets.txt beside
// case.json: tokens, passwords and keys where real providers put them,
// mostly in documents without sensitive marks), in every report format,
// and fails when any output shows one of them, or a 12-character piece
// of a token. The fifth held-out corpus found five ways past the masking
// this way: a Sentry DSN in a name/value setting pair, a docker config's
// base64 auth in a Secret's data, Authorization headers in a JSON string
// and in a secure_json_data_encoded map, and a webhook URL with its token
// in the path.
func TestCorpusPlantedSecretsNeverPrinted(t *testing.T) {
	t.Parallel()
	root := filepath.Join(secretsModuleRoot(t), "testdata")
	lists, err := filepath.Glob(filepath.Join(root, "corpus*", "*", "*", "secrets.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(lists) < 40 {
		t.Fatalf("found %d secrets.txt files under %s; the corpora plant secrets in more than 40 cases", len(lists), root)
	}
	parity(t) // built once, before the cases run in parallel
	for _, list := range lists {
		dir := filepath.Dir(list)
		name, _ := filepath.Rel(root, dir)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, err := accuracy.LoadCase(dir)
			if err != nil {
				t.Fatal(err)
			}
			planted := readPlanted(t, list)
			out := t.TempDir()
			args := []string{"check", "--ratio", strconv.FormatFloat(c.Ratio, 'g', -1, 64)}
			for _, f := range []string{"text", "json", "markdown", "sarif", "github", "junit"} {
				args = append(args, "--format", f+"="+filepath.Join(out, "report."+f))
			}
			if c.Rules != "" {
				args = append(args, "--rules", c.Rules)
			}
			args = append(args, c.Staging, c.Production)
			o := runBounded(t, dir, nil, args...)
			if o.code != 0 && o.code != 1 {
				t.Fatalf("parity check exited %d:\n%s", o.code, o.stderr)
			}
			outputs := map[string]string{"stdout": o.stdout, "stderr": o.stderr}
			entries, err := os.ReadDir(out)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				data, err := os.ReadFile(filepath.Join(out, e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				outputs[e.Name()] = string(data)
			}
			if len(entries) != 6 {
				t.Fatalf("parity check wrote %d reports, want 6", len(entries))
			}
			for where, text := range outputs {
				for _, p := range planted {
					if piece, ok := plantedIn(text, p); ok {
						t.Errorf("%s shows %q, from a planted secret", where, piece)
					}
				}
			}
		})
	}
}

// readPlanted reads a secrets.txt: one planted value per line.
func readPlanted(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" {
			out = append(out, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatalf("%s lists no secret", path)
	}
	return out
}

// plantedIn reports whether text shows the planted value p whole, or, for
// a value that is a token rather than a URL or a document (no "://", no
// space), any 12 characters of it: a truncated display is a leak too.
func plantedIn(text, p string) (string, bool) {
	if strings.Contains(text, p) {
		return p, true
	}
	if len(p) < 16 || strings.Contains(p, "://") || strings.ContainsAny(p, " \n\"{") {
		return "", false
	}
	for i := 0; i+12 <= len(p); i++ {
		if strings.Contains(text, p[i:i+12]) {
			return p[i : i+12], true
		}
	}
	return "", false
}
