// Command accuracy scores `parity check` on the labelled corpus in
// testdata/corpus and prints a table per pair and the totals: recall
// (labelled drifts found), false findings and refused inputs. `make
// accuracy` runs it; `go test ./internal/accuracy` fails when the score is
// worse than the committed baseline.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/envparity/terraform-provider-parity/internal/accuracy"
)

func main() {
	corpus := flag.String("corpus", "", "corpus `DIR` (default: testdata/corpus of the module this runs in)")
	details := flag.Bool("v", false, "list every missed label, false finding and refusal")
	run := flag.String("run", "", "only cases whose name matches `REGEXP`")
	flag.Parse()
	if err := score(*corpus, *run, *details); err != nil {
		fmt.Fprintf(os.Stderr, "accuracy: %v\n", err)
		os.Exit(2)
	}
}

func score(corpus, run string, details bool) error {
	if corpus == "" {
		root, err := moduleRoot()
		if err != nil {
			return err
		}
		corpus = filepath.Join(root, "testdata", "corpus")
	}
	cases, err := accuracy.LoadCorpus(corpus)
	if err != nil {
		return err
	}
	if run != "" {
		re, err := regexp.Compile(run)
		if err != nil {
			return fmt.Errorf("-run: %v", err)
		}
		kept := cases[:0]
		for _, c := range cases {
			if re.MatchString(c.Name) {
				kept = append(kept, c)
			}
		}
		cases = kept
	}
	results, err := accuracy.RunAll(context.Background(), cases)
	if err != nil {
		return err
	}
	if details {
		if err := accuracy.WriteDetails(os.Stdout, results); err != nil {
			return err
		}
		fmt.Println()
	}
	return accuracy.WriteTable(os.Stdout, results)
}

// moduleRoot finds the directory of go.mod above the working directory.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory; pass -corpus")
		}
		dir = parent
	}
}
