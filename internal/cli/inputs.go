package cli

import (
	"os"
	"path/filepath"

	"github.com/envparity/terraform-provider-parity/internal/tfinput"
)

// inputFile is a file the command reads, with what it is for messages.
type inputFile struct {
	role string // "staging input", "rules file", …
	path string
	info os.FileInfo
}

// inputFiles lists every file the command will read: each side (or the
// files read from a side directory), the rules file (the default
// ./parity.hcl included), the variable files and the --schema file.
func (c *command) inputFiles(in *inputFlags, sides []side) []inputFile {
	var files []inputFile
	add := func(role, path string) {
		var info os.FileInfo
		var err error
		if path == "-" {
			f, ok := c.stdin.(*os.File)
			if !ok {
				return
			}
			info, err = f.Stat()
		} else {
			info, err = os.Stat(path)
		}
		if err == nil && !info.IsDir() {
			files = append(files, inputFile{role: role, path: path, info: info})
		}
	}
	for _, s := range sides {
		if st, err := os.Stat(s.path); err == nil && st.IsDir() {
			for _, f := range tfinput.InputFiles(s.path, tfinput.Options{Terraform: in.terraform}) {
				add("file read from the "+s.name+" directory "+s.path, f)
			}
			continue
		}
		add(s.name+" input", s.path)
	}
	paths, _ := in.rulesPaths()
	for _, p := range paths {
		add("rules file", p)
	}
	for _, v := range in.varFiles {
		add("variables file", v)
	}
	if in.schema != "" {
		add("schema file", in.schema)
	}
	return files
}

// checkReportTargets refuses a report path that is an input (compared by
// file identity, so ./a.json, a symbolic link to a.json and a hard link to
// it all count) and two reports that would land on one file.
func checkReportTargets(outputs []outputSpec, inputs []inputFile) error {
	type target struct {
		spec string
		path string
		info os.FileInfo // nil when the file does not exist yet
		key  string      // cleaned absolute path with the directory resolved
	}
	var targets []target
	for _, out := range outputs {
		if out.path == "" {
			continue
		}
		t := target{spec: string(out.format) + "=" + out.path, path: out.path, key: resolvedPath(out.path)}
		if info, err := os.Stat(out.path); err == nil {
			t.info = info
			for _, in := range inputs {
				if os.SameFile(info, in.info) {
					if filepath.Clean(in.path) == filepath.Clean(out.path) {
						return usagef("--format %s: %s is the %s; a report never overwrites an input: write it to another file", t.spec, out.path, in.role)
					}
					return usagef("--format %s: %s is the same file as the %s %s; a report never overwrites an input: write it to another file", t.spec, out.path, in.role, in.path)
				}
			}
		}
		for _, prev := range targets {
			same := prev.key == t.key
			if prev.info != nil && t.info != nil {
				same = os.SameFile(prev.info, t.info)
			}
			if same {
				return usagef("--format %s: %s is already the output of --format %s; give each report its own file", t.spec, out.path, prev.spec)
			}
		}
		targets = append(targets, t)
	}
	return nil
}

// resolvedPath returns path made absolute and cleaned, with symbolic links
// in its directory resolved, so that two spellings of a file that does not
// exist yet compare equal.
func resolvedPath(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.Clean(path)
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(dir, filepath.Base(abs))
	}
	return abs
}
