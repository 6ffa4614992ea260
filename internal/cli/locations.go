package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/envparity/terraform-provider-parity/internal/inputlimit"
	"github.com/envparity/terraform-provider-parity/internal/locate"
	"github.com/envparity/terraform-provider-parity/internal/tfinput"
)

// States and plans carry resource addresses but no source positions. With
// a configuration directory per side, findings point at the .tf file and
// line that declares each resource, in every format (SARIF locations for
// code scanning, annotations, text and markdown).
//
// A side's directory is, in order: --config-dir NAME=DIR for it;
// --config-dir DIR for every side; for a plan or state file, the file's
// own directory when it holds .tf files (terraform show -json written
// where terraform ran); for a working directory read with --terraform,
// that directory. A side read from .tf files statically has its positions
// already.

// configDirs is the repeatable --config-dir [NAME=]DIR flag.
type configDirs struct {
	all    string            // for every side without its own
	byName map[string]string // side name → directory
	order  []string          // names in the order given, for messages
}

func (d *configDirs) String() string { return "" }

func (d *configDirs) Set(s string) error {
	if s == "" {
		return fmt.Errorf("empty directory: want DIR or NAME=DIR")
	}
	if name, dir, ok := strings.Cut(s, "="); ok && envName.MatchString(name) {
		if dir == "" {
			return fmt.Errorf("%q: empty directory: want NAME=DIR", s)
		}
		if d.byName == nil {
			d.byName = map[string]string{}
		}
		if _, dup := d.byName[name]; dup {
			return fmt.Errorf("%q: %s has a configuration directory already", s, name)
		}
		d.byName[name] = dir
		d.order = append(d.order, name)
		return nil
	}
	if d.all != "" {
		return fmt.Errorf("%q: a directory for every side is given already (%s); name the side: --config-dir staging=DIR", s, d.all)
	}
	d.all = s
	return nil
}

// check refuses names that are no side of the check.
func (d *configDirs) check(sides []side) error {
	for _, name := range d.order {
		found := false
		var names []string
		for _, s := range sides {
			names = append(names, s.name)
			found = found || s.name == name
		}
		if !found {
			return usagef("--config-dir %s=%s: no side is named %s: use one of %s", name, d.byName[name], name, strings.Join(names, ", "))
		}
	}
	return nil
}

// sideConfigDir is the configuration directory of a side and whether it
// was named on the command line (explicit); "" when it has none.
func (d *configDirs) sideConfigDir(s side, terraform bool) (dir string, explicit bool) {
	if dir, ok := d.byName[s.name]; ok {
		return dir, true
	}
	if d.all != "" {
		return d.all, true
	}
	if tfinput.IsStdin(s.path) {
		return "", false
	}
	st, err := os.Stat(s.path)
	if err != nil {
		return "", false
	}
	if st.IsDir() {
		if terraform {
			return s.path, false
		}
		return "", false // read statically: its resources carry positions
	}
	if strings.HasSuffix(s.path, ".tf") {
		return "", false
	}
	dir = filepath.Dir(s.path)
	if hasConfigFiles(dir) {
		return dir, false
	}
	return "", false
}

func hasConfigFiles(dir string) bool {
	return len(configFileNames(dir)) > 0
}

// configFileNames lists the .tf files of dir as locate reads them.
func configFileNames(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var files []string
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() && strings.HasSuffix(name, ".tf") && !strings.HasPrefix(name, ".") {
			files = append(files, filepath.Join(dir, name))
		}
	}
	return files
}

// configInputFiles lists the .tf files of every side's configuration
// directory, so that no report is written over one.
func (c *command) configInputFiles(d *configDirs, sides []side, terraform bool) []inputFile {
	var files []inputFile
	for _, s := range sides {
		dir, _ := d.sideConfigDir(s, terraform)
		if dir == "" {
			continue
		}
		for _, f := range configFileNames(dir) {
			if info, err := os.Stat(f); err == nil {
				files = append(files, inputFile{role: "configuration file of the " + s.name + " side", path: f, info: info})
			}
		}
	}
	return files
}

// locateSides sets the source positions of every side's resources from its
// configuration directory and returns every file read. A directory named
// on the command line that cannot be read is an error; one found on its
// own is skipped with a note, as the check does not depend on it.
func (c *command) locateSides(d *configDirs, sides []side, terraform bool, limits inputlimit.Limits) ([]inputFile, error) {
	indexes := map[string]*locate.Index{}
	failed := map[string]bool{}
	var read []inputFile
	for i := range sides {
		s := &sides[i]
		dir, explicit := d.sideConfigDir(*s, terraform)
		if dir == "" {
			continue
		}
		key := filepath.Clean(dir)
		ix, ok := indexes[key]
		if !ok && !failed[key] {
			var err error
			ix, err = locate.Load(dir, limits)
			if err != nil {
				if explicit {
					return nil, fmt.Errorf("--config-dir %s: %w", dir, err)
				}
				fmt.Fprintf(c.stderr, "parity: note: no source locations for %s: %s\n", s.path, firstLine(withHint(err).Error()))
				failed[key] = true
				continue
			}
			indexes[key] = ix
			for _, f := range ix.Files() {
				if info, err := os.Stat(f); err == nil {
					read = append(read, inputFile{role: "configuration file read for locations (" + dir + ")", path: f, info: info})
				}
			}
		}
		if ix == nil {
			continue
		}
		unlocated := 0
		for _, r := range s.env.Resources {
			if r.Location == nil && r.Address != "" {
				unlocated++
			}
		}
		if n := ix.Annotate(&s.env); n == 0 && explicit && unlocated > 0 {
			fmt.Fprintf(c.stderr, "parity: note: --config-dir %s declares none of the %d resources of %s\n", dir, unlocated, s.path)
		}
	}
	return read, nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
