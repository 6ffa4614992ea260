package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/envparity/terraform-provider-parity/internal/parity"
	"github.com/envparity/terraform-provider-parity/internal/rulesfile"
	"github.com/envparity/terraform-provider-parity/internal/tfinput"
)

// rulesFileNames are the names rules discovery looks for in each directory,
// in this order.
var rulesFileNames = []string{"parity.hcl", ".parity.hcl"}

// rulesFlagHelp is the --rules flag's line in flag listings.
const rulesFlagHelp = "rules `FILE`, repeatable: files merged in order, later wins (default: parity.hcl or .parity.hcl, found from the working directory up to the repository root)"

// discoverRulesFile looks for parity.hcl or .parity.hcl in dir and, when
// dir is inside a git repository, in each parent up to the repository's
// root (the directory holding .git, a directory or a worktree's file). The
// first directory that has one wins. Outside a repository only dir itself
// is searched: a rules file decides what is drift, and one in a shared
// parent (/tmp, a home directory) must never be read unnamed. It returns
// the file's path relative to dir ("" when there is none), and an error
// when one directory holds both names.
func discoverRulesFile(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	root := repositoryRoot(abs)
	for d := abs; ; {
		var found []string
		for _, name := range rulesFileNames {
			if st, err := os.Stat(filepath.Join(d, name)); err == nil && !st.IsDir() {
				found = append(found, name)
			}
		}
		rel, err := filepath.Rel(abs, d)
		if err != nil {
			return "", err
		}
		switch len(found) {
		case 1:
			return filepath.Join(rel, found[0]), nil
		case 2:
			return "", fmt.Errorf("%s: both %s and %s are rules files here; keep one, or name the one to use with --rules",
				filepath.Join(rel, "."), found[0], found[1])
		}
		parent := filepath.Dir(d)
		if root == "" || d == root || parent == d {
			return "", nil
		}
		d = parent
	}
}

// repositoryRoot returns the nearest directory from dir up that holds
// .git, or "" when there is none up to /.
func repositoryRoot(dir string) string {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

// rulesPaths returns the rules files to read, in order: every --rules
// given (an empty one stands for none and stops discovery), else the file
// discovery finds from the working directory. Discovery runs once.
func (in *inputFlags) rulesPaths() ([]string, error) {
	if in.rulesSet {
		var paths []string
		for _, p := range in.rules {
			if p != "" {
				paths = append(paths, p)
			}
		}
		return paths, nil
	}
	if !in.discovery.done {
		in.discovery.done = true
		in.discovery.path, in.discovery.err = discoverRulesFile(".")
	}
	if in.discovery.err != nil || in.discovery.path == "" {
		return nil, in.discovery.err
	}
	return []string{in.discovery.path}, nil
}

// loadRules reads the rules files (named or discovered), merges them in
// order and lays the flags over them. Merging is parity.Rules.Merge, file
// by file: a later file's ratio and builtin_rules replace an earlier
// one's, its environment_tokens replace them side by side, and its rules
// join the earlier ones. A path is decided by the most specific pattern
// whichever file holds it; between equally specific patterns of one kind
// (two sizes, two lists, two module_pairs of one module) the later file's
// wins, and of different kinds the first of ignore, identity, config,
// secret and size, as within one file.
func (c *command) loadRules(in *inputFlags) (parity.Rules, error) {
	var rules parity.Rules
	paths, err := in.rulesPaths()
	if err != nil {
		return rules, err
	}
	if !in.rulesSet && len(paths) == 1 {
		where := "the working directory"
		if filepath.Dir(paths[0]) != "." {
			where = "a parent directory, the nearest that has one up to the repository root"
		}
		fmt.Fprintf(c.stderr, "parity: rules file %s (found in %s; --rules FILE names others, --rules= reads none)\n", paths[0], where)
	}
	for i, path := range paths {
		r, err := rulesfile.LoadLimited(path, in.limits().ConfigSize())
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				return rules, fmt.Errorf("%s: cannot read rules file: %v", path, pe.Err)
			}
			return rules, err
		}
		if i == 0 {
			rules = r
		} else {
			rules = rules.Merge(r)
		}
	}
	if in.schema != "" {
		ps, err := tfinput.LoadSchema(in.schema)
		if err != nil {
			return rules, err
		}
		// The rules files' own rules win over what the schema says.
		rules = tfinput.RulesFromSchema(ps).Merge(rules)
	}
	if in.ratio.set {
		rules.Ratio = in.ratio.value
	}
	if in.envTokens != "" {
		t, err := parseEnvTokens(in.envTokens)
		if err != nil {
			return rules, err
		}
		if t.Staging != nil {
			rules.Tokens.Staging = t.Staging
		}
		if t.Production != nil {
			rules.Tokens.Production = t.Production
		}
	}
	if in.noBuiltin {
		rules.NoBuiltin, rules.BuiltinDeclared = true, true
	}
	if err := parity.ValidateRules(rules); err != nil {
		where := "rules"
		if len(paths) > 0 {
			where = strings.Join(paths, ", ")
		}
		return rules, fmt.Errorf("%s: %v", where, err)
	}
	return rules, nil
}
