package bench

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/envparity/terraform-provider-parity/internal/cli"
)

// large adds 50k resources per side, the size of the target, for
// profiling: go test -run '^$' -bench Check/50k -large -cpuprofile cpu.out.
var large = flag.Bool("large", false, "also benchmark 50k resources per side (about 200 MB of input)")

// inputsFlag reuses inputs across runs (benchreport's .bench directory, say)
// instead of generating them into a temporary directory.
var inputsFlag = flag.String("inputs", "", "directory of generated inputs to reuse (default: a temporary directory)")

type benchSize struct {
	name string
	n    int
}

func benchSizes() []benchSize {
	sizes := []benchSize{{"1k", 1000}, {"10k", 10000}}
	if *large {
		sizes = append(sizes, benchSize{"50k", 50000})
	}
	return sizes
}

var (
	inputsOnce sync.Once
	inputsDir  string
	inputsErr  error
	tempInputs bool
	inputsMu   sync.Mutex
	inputs     = map[int]Inputs{}
)

// benchInputs generates the inputs of n resources once per test binary.
func benchInputs(tb testing.TB, n int) Inputs {
	tb.Helper()
	inputsOnce.Do(func() {
		if *inputsFlag != "" {
			inputsDir = *inputsFlag
			return
		}
		inputsDir, inputsErr = os.MkdirTemp("", "parity-bench-")
		tempInputs = true
	})
	if inputsErr != nil {
		tb.Fatal(inputsErr)
	}
	inputsMu.Lock()
	defer inputsMu.Unlock()
	if in, ok := inputs[n]; ok {
		return in
	}
	in, err := WriteInputs(inputsDir, n)
	if err != nil {
		tb.Fatal(err)
	}
	inputs[n] = in
	return in
}

func TestMain(m *testing.M) {
	code := m.Run()
	if tempInputs {
		os.RemoveAll(inputsDir)
	}
	os.Exit(code)
}

// checkArgs runs check the way benchreport does: the JSON report is
// rendered in full and thrown away.
func checkArgs(in Inputs) []string {
	return []string{"check", "--rules", in.Rules, "--format", "json=" + os.DevNull, in.Staging, in.Production}
}

// BenchmarkCheck runs `parity check` in-process: read and decode both
// sides, compare, hash and render the JSON report.
func BenchmarkCheck(b *testing.B) {
	for _, s := range benchSizes() {
		b.Run(s.name, func(b *testing.B) {
			in := benchInputs(b, s.n)
			b.SetBytes(in.StagingBytes + in.ProductionBytes)
			b.ReportAllocs()
			var stderr strings.Builder
			for b.Loop() {
				stderr.Reset()
				code := cli.Main(context.Background(), checkArgs(in), "bench", nil, io.Discard, &stderr)
				if code == 2 {
					b.Fatalf("parity check failed: %s", stderr.String())
				}
			}
		})
	}
}

// BenchmarkDecodeEncodingJSON is the baseline: decoding the same two files
// into interface{} with encoding/json, concurrently.
func BenchmarkDecodeEncodingJSON(b *testing.B) {
	for _, s := range benchSizes() {
		b.Run(s.name, func(b *testing.B) {
			in := benchInputs(b, s.n)
			b.SetBytes(in.StagingBytes + in.ProductionBytes)
			b.ReportAllocs()
			for b.Loop() {
				if err := DecodeEncodingJSON(in.Staging, in.Production); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestGenerateState checks that generated states are valid show -json
// documents of about 2 KB per resource and that the check finds only the
// planted drift (two resources in a thousand).
func TestGenerateState(t *testing.T) {
	in := benchInputs(t, 1000)
	for _, p := range []string{in.Staging, in.Production} {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			FormatVersion string `json:"format_version"`
			Values        struct {
				RootModule struct {
					ChildModules []json.RawMessage `json:"child_modules"`
				} `json:"root_module"`
			} `json:"values"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if doc.FormatVersion != "1.0" || len(doc.Values.RootModule.ChildModules) != 1000/ResourcesPerModule {
			t.Errorf("%s: format_version %q, %d modules", p, doc.FormatVersion, len(doc.Values.RootModule.ChildModules))
		}
		if perResource := len(data) / 1000; perResource < 1500 || perResource > 2600 {
			t.Errorf("%s: %d bytes per resource, want about 2 KB", p, perResource)
		}
	}
	report := t.TempDir() + "/report.json"
	var stderr strings.Builder
	code := cli.Main(context.Background(), []string{"check", "--rules", in.Rules, "--format", "json=" + report, in.Staging, in.Production}, "test", nil, io.Discard, &stderr)
	if code == 2 {
		t.Fatalf("check: %s", stderr.String())
	}
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Summary struct {
			Resources, Findings int
		} `json:"summary"`
		Findings []struct{ Address, Path, Kind string } `json:"findings"`
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	// Findings by resource type and path without indexes: the planted
	// drift (two resources in a thousand) and whatever the built-in
	// knowledge base does not know about these states.
	byPath := map[string]int{}
	planted := false
	for _, f := range rep.Findings {
		typ := f.Address
		if i := strings.LastIndex(typ, ".aws_"); i >= 0 {
			typ = typ[i+1:]
		}
		typ, _, _ = strings.Cut(typ, ".")
		path := indexes.ReplaceAllString(f.Path, "")
		byPath[f.Kind+" "+typ+" "+path]++
		planted = planted || strings.HasPrefix(f.Path, "tags")
	}
	t.Logf("1k resources: %d compared, %d findings", rep.Summary.Resources, rep.Summary.Findings)
	for k, n := range byPath {
		t.Logf("  %4d %s", n, k)
	}
	if !planted {
		t.Error("the planted tag drift was not found")
	}
}

var indexes = regexp.MustCompile(`\[[^\]]*\]`)

func TestGenerateStateDeterministic(t *testing.T) {
	var a, b strings.Builder
	if err := GenerateState(&a, 120, "staging", 7); err != nil {
		t.Fatal(err)
	}
	if err := GenerateState(&b, 120, "staging", 7); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Error("same seed, different output")
	}
	if err := GenerateState(io.Discard, 1, "dev", 1); err == nil {
		t.Error("env dev accepted")
	}
}
