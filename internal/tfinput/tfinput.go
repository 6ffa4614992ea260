// Package tfinput reads one side of a parity comparison: a `terraform show
// -json` state or plan, a raw .tfstate (version 4), a directory of .tf files
// read statically with HCL, or a working directory through `terraform show
// -json` (terraform-exec).
package tfinput

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/envparity/terraform-provider-parity/internal/inputlimit"
	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// Options configure Load.
type Options struct {
	// Name labels the environment ("staging", "production").
	Name string
	// VarFiles are extra variable files for a configuration directory, applied
	// after terraform.tfvars and *.auto.tfvars, later ones winning.
	VarFiles []string
	// Terraform reads a working directory with `terraform show -json` (so
	// remote backends work) instead of reading its .tf files; a binary plan
	// file is shown the same way.
	Terraform bool
	// TerraformPath is the terraform binary; empty looks it up on PATH.
	TerraformPath string
	// Settings accepts a JSON file that is not a Terraform document as one
	// settings object (a Resource with an empty Address).
	Settings bool
	// Limits cap the size of what is read; zero fields take the defaults.
	Limits inputlimit.Limits
	// Stdin is read for the path "-" or /dev/stdin (os.Stdin when nil).
	Stdin io.Reader
}

// IsStdin reports whether path names standard input: "-" or /dev/stdin.
// Standard input is read as a stream (it is usually a pipe), bounded by the
// document size limit; every other path must be a regular file or a
// directory.
func IsStdin(path string) bool {
	return path == "-" || path == "/dev/stdin"
}

// Load reads the environment at path: a JSON file (show -json state or plan,
// or raw state), a .tf file or a directory of .tf files, or with
// opts.Terraform a working directory or binary plan file. Errors name the
// path and what is wrong with it.
//
// Every file is read with a size cap and only when it is a regular file
// (see package inputlimit); documents are refused when nested deeper than
// MaxJSONDepth, configuration files when their expressions are.
func Load(ctx context.Context, path string, opts Options) (parity.Environment, error) {
	env := parity.Environment{Name: opts.Name, Source: path}
	var data []byte
	if IsStdin(path) {
		in := opts.Stdin
		if in == nil {
			in = os.Stdin
		}
		var err error
		if data, err = inputlimit.ReadAll(in, path, opts.Limits.DocumentSize(), "document"); err != nil {
			return env, err
		}
	} else {
		st, err := os.Stat(path)
		if err != nil {
			return env, err // *PathError names the path
		}
		if st.IsDir() {
			if opts.Terraform {
				env.Resources, err = showWorkingDir(ctx, path, opts)
				return env, err
			}
			files, err := configFiles(path)
			if err != nil {
				return env, err
			}
			env.Resources, err = readHCLFiles(files, append(autoVarFiles(path), opts.VarFiles...), opts.Limits)
			return env, err
		}
		if !st.Mode().IsRegular() {
			return env, &inputlimit.NotRegularError{Path: path, Mode: st.Mode()}
		}
		if strings.HasSuffix(path, ".tf") {
			env.Resources, err = readHCLFiles([]string{path}, opts.VarFiles, opts.Limits)
			return env, err
		}
		if data, err = inputlimit.ReadFile(path, opts.Limits.DocumentSize(), "document"); err != nil {
			return env, err
		}
	}
	var err error
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) { // a saved plan is a zip archive
		if !opts.Terraform || IsStdin(path) {
			return env, fmt.Errorf("%s: a binary plan file; read it with --terraform or pass `terraform show -json %s` output", path, filepath.Base(path))
		}
		env.Resources, err = showPlanFile(ctx, path, opts)
		return env, err
	}
	env.Resources, err = resourcesFromJSON(path, data, opts.Settings)
	return env, err
}

// resourcesFromJSON decodes a JSON file and reads the document in it. Only
// the parts FromDocument reads are built (see pruneNode).
func resourcesFromJSON(name string, data []byte, settings bool) ([]parity.Resource, error) {
	v, err := decodeDocumentJSON(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	rs, ok, err := FromDocument(v)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if ok {
		return rs, nil
	}
	if settings && v.Kind() == parity.KindObject {
		if v, err = DecodeJSON(data); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return []parity.Resource{{Values: unwrapOutputs(v)}}, nil
	}
	_, reason := classifyDocument(v)
	if v.Kind() != parity.KindObject {
		reason = "the JSON is " + articled(v.Kind().String()) + ", not an object"
	}
	return nil, fmt.Errorf("%s: %w", name, &errNotDocument{reason: reason})
}

func articled(kind string) string {
	if strings.IndexByte("aeiou", kind[0]) >= 0 {
		return "an " + kind
	}
	return "a " + kind
}

func newTerraform(dir string, opts Options) (*tfexec.Terraform, error) {
	bin := opts.TerraformPath
	if bin == "" {
		var err error
		if bin, err = exec.LookPath("terraform"); err != nil {
			return nil, errors.New("terraform not found on PATH (needed for --terraform)")
		}
	}
	return tfexec.NewTerraform(dir, bin)
}

// showWorkingDir runs `terraform show -json` in dir and reads its state
// through the same decoder as files.
func showWorkingDir(ctx context.Context, dir string, opts Options) ([]parity.Resource, error) {
	tf, err := newTerraform(dir, opts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	state, err := tf.Show(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: terraform show: %w", dir, err)
	}
	return remarshal(dir, state)
}

func showPlanFile(ctx context.Context, path string, opts Options) ([]parity.Resource, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	tf, err := newTerraform(filepath.Dir(abs), opts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	plan, err := tf.ShowPlanFile(ctx, abs)
	if err != nil {
		return nil, fmt.Errorf("%s: terraform show: %w", path, err)
	}
	return remarshal(path, plan)
}

// remarshal turns terraform-json's structs back into JSON so that the
// working-directory mode shares the file readers. terraform-json decodes
// numbers as json.Number, so no precision is lost on the way.
func remarshal(name string, doc any) ([]parity.Resource, error) {
	data, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return resourcesFromJSON(name, data, false)
}

// InputFiles lists the files Load reads for path with opts (so that a
// caller can make sure it never writes over one): the file itself, or for a
// directory its .tf files, terraform.tfvars and *.auto.tfvars, and with
// opts.Terraform the files Terraform reads there (configuration, variables
// and the local state); then the variable files. Files that cannot be
// listed are left out: Load reports them.
func InputFiles(path string, opts Options) []string {
	var files []string
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		if opts.Terraform {
			entries, _ := os.ReadDir(path)
			for _, e := range entries {
				name := e.Name()
				if e.IsDir() {
					continue
				}
				for _, suffix := range []string{".tf", ".tf.json", ".tfvars", ".tfvars.json", ".tfstate", ".tfstate.backup"} {
					if strings.HasSuffix(name, suffix) {
						files = append(files, filepath.Join(path, name))
						break
					}
				}
			}
		} else {
			tf, _ := configFiles(path)
			files = append(append(files, tf...), autoVarFiles(path)...)
		}
	} else {
		files = append(files, path)
	}
	return append(files, opts.VarFiles...)
}

// unwrapOutputs turns `terraform output -json` ({"name": {"value": …,
// "type": …, "sensitive": bool}}) into the object of the outputs' values,
// with sensitive outputs marked; any other object is returned as it is.
func unwrapOutputs(v parity.Value) parity.Value {
	if v.Len() == 0 {
		return v
	}
	for _, f := range v.Elems() {
		if f.Kind() != parity.KindObject {
			return v
		}
		_, hasValue := f.Get("value")
		s, hasSensitive := f.Get("sensitive")
		if !hasValue || !hasSensitive || s.Kind() != parity.KindBool {
			return v
		}
		for _, k := range f.Keys() {
			if k != "value" && k != "type" && k != "sensitive" {
				return v
			}
		}
	}
	keys := v.Keys()
	vals := make([]parity.Value, len(keys))
	for i, f := range v.Elems() {
		val, _ := f.Get("value")
		if s, _ := f.Get("sensitive"); s.BoolValue() {
			val = markDeep(val)
		}
		vals[i] = val
	}
	return parity.ObjectFromSorted(append([]string(nil), keys...), vals)
}
