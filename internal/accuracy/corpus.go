// Package accuracy measures the parity check's verdict on a labelled corpus
// of staging/production document pairs (testdata/corpus): which labelled
// drifts it finds, which it misses, and which findings are false alarms.
//
// Each pair lives in testdata/corpus/<cloud>/<case>/ with a staging and a
// production input (a show -json state or plan, a raw state, a directory of
// .tf files or a settings object), an optional parity.hcl, and a case.json
// manifest that lists the drifts a careful platform engineer would report.
package accuracy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Label is one drift the manifest expects the check to report.
type Label struct {
	// Kind is the finding kind: config_drift, size_ratio, size_family,
	// only_in_staging or only_in_production.
	Kind string `json:"kind"`
	// Address is the staging or production address as the document writes
	// it, or "" for a settings object.
	Address string `json:"address"`
	// Path is the attribute path of the finding, exactly, or with Prefix a
	// path the finding's path starts with (drift inside a list or inside a
	// JSON document held in an attribute).
	Path   string `json:"path"`
	Prefix bool   `json:"prefix,omitempty"`
	// Why is one sentence a reviewer can check against the documents.
	Why string `json:"why"`
}

// Case is one labelled staging/production pair.
type Case struct {
	// Name is <cloud>/<case>, the directory under the corpus root.
	Name string `json:"-"`
	// Dir is the case's directory.
	Dir string `json:"-"`
	// Staging and Production are the two inputs (files or directories).
	Staging    string `json:"-"`
	Production string `json:"-"`
	// Rules is the case's parity.hcl, or "" when it has none.
	Rules string `json:"-"`

	Description string  `json:"description"`
	Ratio       float64 `json:"ratio"`
	Source      string  `json:"source"`
	Labels      []Label `json:"labels"`
}

// Drift reports whether the case has labelled drifts (a drift pair rather
// than a parity pair).
func (c *Case) Drift() bool { return len(c.Labels) > 0 }

// labelKinds are the finding kinds a label may name. An unknown finding is
// never expected: values unknown at plan time are not drift.
var labelKinds = map[string]bool{
	"config_drift": true, "size_ratio": true, "size_family": true,
	"only_in_staging": true, "only_in_production": true,
}

// ManifestName is the file name of a case's manifest.
const ManifestName = "case.json"

// LoadCorpus reads every case under root (root/<cloud>/<case>/case.json),
// sorted by name. Errors name the file at fault.
func LoadCorpus(root string) ([]Case, error) {
	manifests, err := filepath.Glob(filepath.Join(root, "*", "*", ManifestName))
	if err != nil {
		return nil, err
	}
	if len(manifests) == 0 {
		return nil, fmt.Errorf("%s: no cases (want <cloud>/<case>/%s)", root, ManifestName)
	}
	sort.Strings(manifests)
	var cases []Case
	var errs []error
	for _, m := range manifests {
		c, err := LoadCase(filepath.Dir(m))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		c.Name = filepath.ToSlash(filepath.Join(filepath.Base(filepath.Dir(c.Dir)), filepath.Base(c.Dir)))
		cases = append(cases, c)
	}
	return cases, errors.Join(errs...)
}

// LoadCase reads the case in dir.
func LoadCase(dir string) (Case, error) {
	c := Case{Dir: dir, Name: filepath.Base(dir)}
	path := filepath.Join(dir, ManifestName)
	data, err := os.ReadFile(path)
	if err != nil {
		return c, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return c, fmt.Errorf("%s: %w", path, err)
	}
	if err := c.validate(); err != nil {
		return c, fmt.Errorf("%s: %w", path, err)
	}
	if c.Staging, err = sideInput(dir, "staging"); err != nil {
		return c, err
	}
	if c.Production, err = sideInput(dir, "production"); err != nil {
		return c, err
	}
	if st, err := os.Stat(filepath.Join(dir, "parity.hcl")); err == nil && !st.IsDir() {
		c.Rules = filepath.Join(dir, "parity.hcl")
	}
	return c, nil
}

func (c *Case) validate() error {
	var problems []string
	if strings.TrimSpace(c.Description) == "" {
		problems = append(problems, "description is empty")
	}
	if strings.TrimSpace(c.Source) == "" {
		problems = append(problems, "source is empty")
	}
	if c.Ratio <= 0 {
		problems = append(problems, fmt.Sprintf("ratio must be greater than 0, got %g", c.Ratio))
	}
	for i, l := range c.Labels {
		at := fmt.Sprintf("labels[%d]", i)
		if !labelKinds[l.Kind] {
			problems = append(problems, fmt.Sprintf("%s: kind %q is not one of config_drift, size_ratio, size_family, only_in_staging, only_in_production", at, l.Kind))
		}
		if l.Path == "" && (l.Kind == "config_drift" || l.Kind == "size_ratio" || l.Kind == "size_family") {
			problems = append(problems, at+": path is empty")
		}
		if strings.TrimSpace(l.Why) == "" {
			problems = append(problems, at+": why is empty")
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// sideInput finds the one entry of dir named side or side.<ext>.
func sideInput(dir, side string) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	var found []string
	for _, e := range entries {
		name := e.Name()
		if name == side || strings.HasPrefix(name, side+".") {
			found = append(found, filepath.Join(dir, name))
		}
	}
	switch len(found) {
	case 0:
		return "", fmt.Errorf("%s: no %s input (%s.json, %s.tfstate or a %s/ directory)", dir, side, side, side, side)
	case 1:
		return found[0], nil
	}
	return "", fmt.Errorf("%s: %d %s inputs (%s); keep one", dir, len(found), side, strings.Join(found, ", "))
}
