package parity

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"
)

// The built-in knowledge base is data: rules files in the vocabulary of
// parity.hcl, one per provider plus one for every resource type, each entry
// with its reason. They are parsed once, on first use.
//
//go:embed knowledge/*.hcl
var knowledgeFS embed.FS

// KnowledgeFile is one file of the built-in knowledge base.
type KnowledgeFile struct {
	// Name is the file name, such as aws.hcl.
	Name string
	// Source is the file's text.
	Source string
}

// BuiltinKnowledgeFiles returns the files of the built-in knowledge base, in
// the order they are read: the provider files, then generic.hcl.
func BuiltinKnowledgeFiles() []KnowledgeFile {
	names, _ := fs.Glob(knowledgeFS, "knowledge/*.hcl")
	sort.Slice(names, func(i, j int) bool {
		gi, gj := strings.HasSuffix(names[i], "/generic.hcl"), strings.HasSuffix(names[j], "/generic.hcl")
		if gi != gj {
			return gj
		}
		return names[i] < names[j]
	})
	out := make([]KnowledgeFile, 0, len(names))
	for _, n := range names {
		src, _ := knowledgeFS.ReadFile(n)
		out = append(out, KnowledgeFile{Name: strings.TrimPrefix(n, "knowledge/"), Source: string(src)})
	}
	return out
}

var (
	builtinOnce  sync.Once
	builtinRules Rules
	builtinErr   error
)

// BuiltinRules returns the built-in knowledge base as rules. Rules declared
// at the top level of a knowledge file apply to every resource type and to
// plain settings objects; rules inside resource blocks to that type only.
func BuiltinRules() (Rules, error) {
	builtinOnce.Do(func() {
		for _, f := range BuiltinKnowledgeFiles() {
			r, diags := ParseRules([]byte(f.Source), f.Name)
			if diags.HasErrors() {
				builtinErr = fmt.Errorf("built-in knowledge: %w", DiagnosticsError(diags))
				return
			}
			builtinRules.Sizes = append(builtinRules.Sizes, r.Sizes...)
			builtinRules.Ignores = append(builtinRules.Ignores, r.Ignores...)
			builtinRules.Configs = append(builtinRules.Configs, r.Configs...)
			builtinRules.Secrets = append(builtinRules.Secrets, r.Secrets...)
			builtinRules.Identities = append(builtinRules.Identities, r.Identities...)
			builtinRules.Lists = append(builtinRules.Lists, r.Lists...)
		}
	})
	return builtinRules, builtinErr
}
