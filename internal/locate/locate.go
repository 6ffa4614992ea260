// Package locate maps Terraform resource addresses to the .tf file and line
// that declare them, so that findings on states and plans, which carry no
// source positions, point at the code a reviewer would change.
//
// A configuration directory is read with hcl/v2 the way Terraform reads a
// module: its *.tf files, not recursively. Module calls whose source is a
// local path ("./…" or "../…") are followed into the module's directory;
// resources inside any other module (a registry or Git source, a directory
// that is not there) are located at the module call, the nearest line the
// repository holds. count and for_each keys are dropped: every instance is
// declared by its block.
package locate

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/envparity/terraform-provider-parity/internal/inputlimit"
	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// MaxModuleDepth bounds how deeply module calls are followed. Terraform has
// no limit, but real configurations nest a handful of levels; a chain longer
// than this is a loop through symbolic links or generated code.
const MaxModuleDepth = 64

// Declaration is where a resource, data source or module call is declared:
// its block, and the top-level attributes and nested blocks in it.
type Declaration struct {
	Location parity.Location
	// Attributes maps attribute names and nested block types to where they
	// are written (the first block of a type).
	Attributes map[string]parity.Location
}

// Index holds the declarations of one configuration directory and of the
// local modules it calls.
type Index struct {
	dir   string
	root  *module
	files []string
}

type module struct {
	dir       string
	resources map[string]*Declaration // aws_instance.web, data.aws_ami.base
	calls     map[string]*moduleCall
}

type moduleCall struct {
	decl Declaration
	// source is the local directory the call names while the module is
	// read; "" otherwise.
	source string
	// child is the called module's declarations; nil when its source is not
	// a local directory that could be read.
	child *module
}

// Load reads the configuration directory dir and the local modules it
// calls. Files are read within limits: each under the configuration file
// cap, all of them together under the configuration total cap, with no
// deeper nesting than inputlimit.MaxDepth. Errors name the file (and line,
// for syntax errors).
func Load(dir string, limits inputlimit.Limits) (*Index, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s: not a directory", dir)
	}
	l := &loader{limits: limits, cache: map[string]*module{}, loading: map[string]bool{}}
	root, err := l.module(filepath.Clean(dir), 0)
	if err != nil {
		return nil, err
	}
	if root == nil {
		return nil, fmt.Errorf("%s: no Terraform configuration files (*.tf)", dir)
	}
	sort.Strings(l.files)
	return &Index{dir: dir, root: root, files: l.files}, nil
}

// Dir is the directory the index was loaded from.
func (ix *Index) Dir() string { return ix.dir }

// Files lists every file read, the modules' included, sorted.
func (ix *Index) Files() []string { return append([]string(nil), ix.files...) }

type loader struct {
	limits    inputlimit.Limits
	cache     map[string]*module // by absolute directory: a module called many times is read once
	loading   map[string]bool    // directories on the current call chain
	files     []string
	bytesRead int64
}

// module reads the declarations of dir; nil (and no error) when dir holds
// no configuration file.
func (l *loader) module(dir string, depth int) (*module, error) {
	key, err := filepath.Abs(dir)
	if err != nil {
		key = dir
	}
	if m, ok := l.cache[key]; ok {
		return m, nil
	}
	if l.loading[key] || depth > MaxModuleDepth {
		// A module that calls itself (through "../" or a link): Terraform
		// refuses it; its resources are located at the call.
		return nil, nil
	}
	l.loading[key] = true
	defer delete(l.loading, key)

	entries, err := os.ReadDir(dir)
	if err != nil {
		if depth > 0 {
			// A module directory not checked out, or not a directory:
			// resources in it are located at the call.
			return nil, nil
		}
		return nil, err
	}
	m := &module{dir: dir, resources: map[string]*Declaration{}, calls: map[string]*moduleCall{}}
	found := false
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".tf") || strings.HasPrefix(name, ".") ||
			strings.HasPrefix(name, "#") || strings.HasSuffix(name, "~") || isOverride(name) {
			continue
		}
		found = true
		if err := l.file(m, filepath.Join(dir, name)); err != nil {
			return nil, err
		}
	}
	if !found {
		return nil, nil
	}
	for _, call := range m.calls {
		src := call.source
		if src == "" {
			continue
		}
		child, err := l.module(filepath.Join(dir, filepath.FromSlash(src)), depth+1)
		if err != nil {
			return nil, err
		}
		call.child = child
	}
	for _, call := range m.calls {
		call.source = ""
	}
	l.cache[key] = m
	return m, nil
}

// isOverride reports whether name is an override file (override.tf,
// *_override.tf): it changes a declaration made elsewhere, which is where
// the resource is declared.
func isOverride(name string) bool {
	return name == "override.tf" || strings.HasSuffix(name, "_override.tf")
}

// file reads the declarations of one .tf file into m.
func (l *loader) file(m *module, name string) error {
	src, err := inputlimit.ReadFile(name, l.limits.ConfigSize(), "configuration file")
	if err != nil {
		return err
	}
	l.bytesRead += int64(len(src))
	if total := l.limits.ConfigTotalSize(); l.bytesRead > total {
		return &inputlimit.TooLargeError{Path: name, Size: l.bytesRead, Limit: total, What: "configuration (all files of a configuration directory and its modules together)"}
	}
	if err := inputlimit.CheckHCLDepth(src, name); err != nil {
		return err
	}
	f, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	if diags.HasErrors() {
		return diagError(diags)
	}
	l.files = append(l.files, name)
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return fmt.Errorf("%s: not native HCL syntax", name)
	}
	for _, b := range body.Blocks {
		switch {
		case b.Type == "resource" && len(b.Labels) == 2:
			m.add(b.Labels[0]+"."+b.Labels[1], b)
		case b.Type == "data" && len(b.Labels) == 2:
			m.add("data."+b.Labels[0]+"."+b.Labels[1], b)
		case b.Type == "module" && len(b.Labels) == 1:
			if _, dup := m.calls[b.Labels[0]]; dup {
				continue // Terraform refuses duplicates; the first one stands.
			}
			m.calls[b.Labels[0]] = &moduleCall{decl: declaration(b), source: localSource(b)}
		}
	}
	return nil
}

func (m *module) add(key string, b *hclsyntax.Block) {
	if _, dup := m.resources[key]; dup {
		return
	}
	d := declaration(b)
	m.resources[key] = &d
}

// metaArguments are Terraform's, not the resource's; tfinput leaves them
// out of the compared values, so they have no finding to locate.
var metaArguments = map[string]bool{
	"count": true, "for_each": true, "depends_on": true, "provider": true, "providers": true,
	"lifecycle": true, "provisioner": true, "connection": true,
}

// declaration records a block's position and its attributes' the way the
// static reader of package tfinput does, so that a finding points at the
// same line whichever way its side was read.
func declaration(b *hclsyntax.Block) Declaration {
	d := Declaration{Location: location(b.DefRange()), Attributes: map[string]parity.Location{}}
	for name, a := range b.Body.Attributes {
		if metaArguments[name] {
			continue
		}
		d.Attributes[name] = location(a.SrcRange)
	}
	for _, nb := range b.Body.Blocks {
		typ := nb.Type
		if typ == "dynamic" {
			if len(nb.Labels) != 1 {
				continue
			}
			typ = nb.Labels[0]
		} else if metaArguments[typ] {
			continue
		}
		if _, seen := d.Attributes[typ]; !seen {
			d.Attributes[typ] = location(nb.TypeRange)
		}
	}
	return d
}

// localSource returns a module call's source when it is a local path (a
// literal string starting with ./ or ../), else "".
func localSource(b *hclsyntax.Block) string {
	a, ok := b.Body.Attributes["source"]
	if !ok {
		return ""
	}
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || !v.Type().Equals(cty.String) {
		return ""
	}
	s := v.AsString()
	if strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") {
		return s
	}
	return ""
}

func location(r hcl.Range) parity.Location {
	return parity.Location{File: r.Filename, Line: r.Start.Line, Column: r.Start.Column}
}

func diagError(diags hcl.Diagnostics) error {
	var msgs []string
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += "; " + d.Detail
		}
		if d.Subject != nil {
			msg = fmt.Sprintf("%s:%d:%d: %s", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column, msg)
		}
		msgs = append(msgs, msg)
	}
	return errors.New(strings.Join(msgs, "\n"))
}

// Lookup returns the declaration of a resource instance address such as
// module.app["eu"].module.db.aws_db_instance.main[0]: its resource block,
// or the module call the repository holds when the resource is inside a
// module that is not local. ok is false when nothing declares it.
func (ix *Index) Lookup(address string) (Declaration, bool) {
	steps, err := parseAddress(address)
	if err != nil || len(steps) < 2 {
		return Declaration{}, false
	}
	m := ix.root
	for len(steps) >= 2 && steps[0] == "module" {
		call, ok := m.calls[steps[1]]
		if !ok {
			return Declaration{}, false
		}
		if call.child == nil {
			return call.decl, true
		}
		m, steps = call.child, steps[2:]
	}
	var key string
	switch {
	case len(steps) == 3 && steps[0] == "data":
		key = "data." + steps[1] + "." + steps[2]
	case len(steps) == 2:
		key = steps[0] + "." + steps[1]
	default:
		return Declaration{}, false
	}
	d, ok := m.resources[key]
	if !ok {
		return Declaration{}, false
	}
	return *d, true
}

// Annotate sets the Location and AttributeLocations of every resource of
// env that has none and that the index declares, and returns how many it
// located. Resources read from .tf files keep the positions their reader
// gave them.
func (ix *Index) Annotate(env *parity.Environment) int {
	n := 0
	for i := range env.Resources {
		r := &env.Resources[i]
		if r.Location != nil || r.Address == "" {
			continue
		}
		d, ok := ix.Lookup(r.Address)
		if !ok {
			continue
		}
		loc := d.Location
		r.Location = &loc
		attrs := make(map[string]parity.Location, len(d.Attributes))
		for k, v := range d.Attributes {
			attrs[k] = v
		}
		r.AttributeLocations = attrs
		n++
	}
	return n
}

// parseAddress splits a resource instance address into its names, dropping
// instance keys: module.a["x.y"].aws_instance.web[0] is module, a,
// aws_instance, web. Keys may hold any character, quoted as Terraform
// quotes them.
func parseAddress(address string) ([]string, error) {
	var steps []string
	i := 0
	for i < len(address) {
		j := i
		for j < len(address) && address[j] != '.' && address[j] != '[' {
			j++
		}
		if j == i {
			return nil, fmt.Errorf("address %q: empty name at byte %d", address, i)
		}
		steps = append(steps, address[i:j])
		i = j
		if i < len(address) && address[i] == '[' {
			end, err := skipKey(address, i)
			if err != nil {
				return nil, err
			}
			i = end
		}
		if i < len(address) {
			if address[i] != '.' {
				return nil, fmt.Errorf("address %q: unexpected %q at byte %d", address, address[i], i)
			}
			i++
			if i == len(address) {
				return nil, fmt.Errorf("address %q: ends with a dot", address)
			}
		}
	}
	return steps, nil
}

// skipKey returns the index just after the instance key that starts at
// address[i] == '['.
func skipKey(address string, i int) (int, error) {
	j := i + 1
	if j < len(address) && address[j] == '"' {
		j++
		for j < len(address) && address[j] != '"' {
			if address[j] == '\\' {
				j++
			}
			j++
		}
		j++ // the closing quote
	} else {
		for j < len(address) && address[j] != ']' {
			j++
		}
	}
	if j >= len(address) || address[j] != ']' {
		return 0, fmt.Errorf("address %q: unterminated instance key at byte %d", address, i)
	}
	return j + 1, nil
}
