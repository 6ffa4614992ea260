package rulesfile_test

import (
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/envparity/terraform-provider-parity/internal/rulesfile"
)

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		src     string
		line    int
		column  int
		summary string
		detail  string
	}{
		{
			name: "ratio zero",
			src:  "ratio = 0",
			line: 1, column: 9,
			summary: "Invalid ratio",
			detail:  "ratio must be greater than 0 (from 0.000001 to 1000000; staging = production × ratio), got 0.",
		},
		{
			name: "ratio negative",
			src:  "\nratio = -0.5",
			line: 2, column: 9,
			summary: "Invalid ratio",
			detail:  "ratio must be greater than 0 (from 0.000001 to 1000000; staging = production × ratio), got -0.5.",
		},
		{
			name: "ratio too large",
			src:  "ratio = 5000000",
			line: 1, column: 9,
			summary: "Invalid ratio",
			detail:  "ratio must be at most 1000000 (from 0.000001 to 1000000; staging = production × ratio), got 5e+06.",
		},
		{
			name: "ratio not a number",
			src:  `ratio = "half"`,
			line: 1, column: 9,
			summary: "Invalid ratio",
			detail:  "ratio must be a number, such as 0.5 (staging = production × 0.5); got a string.",
		},
		{
			name: "ratio null",
			src:  `ratio = null`,
			line: 1, column: 9,
			summary: "Invalid ratio",
			detail:  "ratio must be a number, such as 0.5 (staging = production × 0.5); got null.",
		},
		{
			name: "size rule ratio",
			src:  "size \"x\" {\n  ratio = 0\n}",
			line: 2, column: 11,
			summary: "Invalid ratio",
			detail:  "ratio must be greater than 0 (from 0.000001 to 1000000; staging = production × ratio), got 0.",
		},
		{
			name: "ratio twice",
			src:  "ratio = 0.5\nratio = 0.25",
			line: 2, column: 1,
			summary: "Attribute redefined",
			detail:  "The argument \"ratio\" was already set at parity.hcl:1,1-6. Each argument may be set only once.",
		},
		{
			name: "variable",
			src:  "ratio = var.ratio",
			line: 1, column: 9,
			summary: "Variables not allowed",
			detail:  "The value of ratio refers to var.ratio; a rules file holds literal values only (strings, numbers, bools and lists).",
		},
		{
			name: "variable in template",
			src:  "ignore \"x\" {\n  reason = \"pages ${local.team}\"\n}",
			line: 2, column: 21,
			summary: "Variables not allowed",
			detail:  "The value of reason refers to local.team; a rules file holds literal values only (strings, numbers, bools and lists).",
		},
		{
			name: "function call",
			src:  `ratio = max(0.5, 1)`,
			line: 1, column: 9,
			summary: "Function calls not allowed",
			detail:  "The value of ratio calls max(); a rules file holds literal values only (strings, numbers, bools and lists).",
		},
		{
			name: "rounding unknown",
			src:  "size \"instance_count\" {\n  rounding = \"ceil\"\n}",
			line: 2, column: 14,
			summary: "Invalid rounding",
			detail:  `The rounding of size "instance_count" must be "nearest", "up", "down" or "either"; got "ceil". It decides which sizes are accepted when production × ratio falls between two steps.`,
		},
		{
			name: "rounding not a string",
			src:  `size "instance_count" { rounding = 1 }`,
			line: 1, column: 36,
			summary: "Invalid rounding",
			detail:  `rounding must be a string, a rounding mode such as "up"; got a number.`,
		},
		{
			name: "minimum empty",
			src:  `size "instance_count" { minimum = "" }`,
			line: 1, column: 35,
			summary: "Invalid minimum",
			detail:  `minimum must be a size such as "20", "t3.small" or "512Mi"; got an empty string.`,
		},
		{
			name: "ratio out of range",
			src:  "ratio = 1e9999999",
			line: 1, column: 9,
			summary: "Invalid ratio",
			detail:  "ratio must be at most 1000000 (from 0.000001 to 1000000; staging = production × ratio), got a number of more than a thousand digits.",
		},
		{
			name: "minimum negative",
			src:  `size "instance_count" { minimum = -1 }`,
			line: 1, column: 35,
			summary: "Invalid minimum",
			detail:  "minimum must be a non-negative size of reasonable magnitude, such as 20.",
		},
		{
			name: "unknown top-level argument",
			src:  "ratio = 0.5\nratios = 0.5",
			line: 2, column: 1,
			summary: "Unsupported argument",
			detail:  `An argument named "ratios" is not expected in a rules file. The arguments are ratio, builtin_rules and redact; the blocks are size, ignore, config, secret, identity, list, resource, environment_tokens, module_pair, only_in and data. Did you mean "ratio"?`,
		},
		{
			name: "block written as an argument",
			src:  `environment_tokens = { staging = ["stg"] }`,
			line: 1, column: 1,
			summary: "Unsupported argument",
			detail:  "environment_tokens is a block, not an argument: write environment_tokens { … } without the equals sign.",
		},
		{
			name: "unknown top-level block",
			src:  "\n\nsizes \"x\" {}",
			line: 3, column: 1,
			summary: "Unsupported block type",
			detail:  `A block of type "sizes" is not expected in a rules file. The arguments are ratio, builtin_rules and redact; the blocks are size, ignore, config, secret, identity, list, resource, environment_tokens, module_pair, only_in and data. Did you mean "size"?`,
		},
		{
			name: "argument written as a block",
			src:  "ratio {}",
			line: 1, column: 1,
			summary: "Unsupported block type",
			detail:  "ratio is an argument, not a block: write ratio = value.",
		},
		{
			name: "unknown argument in size",
			src:  "size \"x\" {\n  rouding = \"up\"\n}",
			line: 2, column: 3,
			summary: "Unsupported argument",
			detail:  `An argument named "rouding" is not expected in a size block. The arguments are pattern, resource_type, ratio, rounding, minimum and when; no blocks. Did you mean "rounding"?`,
		},
		{
			name: "argument in config",
			src:  `config "arn" { reason = "x" }`,
			line: 1, column: 16,
			summary: "Unsupported argument",
			detail:  `An argument named "reason" is not expected in a config block. The arguments are pattern, resource_type and when; no blocks.`,
		},
		{
			name: "nested block in ignore",
			src:  "ignore \"x\" {\n  reason = \"r\"\n  when {}\n}",
			line: 3, column: 3,
			summary: "Unsupported block type",
			detail:  `when is an argument, not a block: write when = value.`,
		},
		{
			name: "size without label",
			src:  "size {}",
			line: 1, column: 1,
			summary: "Missing pattern",
			detail:  `A size block needs its attribute path pattern: size { pattern = "instance_type" … } or size "instance_type" { … }.`,
		},
		{
			name: "size with two labels",
			src:  `size "a" "b" {}`,
			line: 1, column: 10,
			summary: "Extra label",
			detail:  `A size block takes one label, the attribute path pattern: size "instance_type" { … }.`,
		},
		{
			name: "environment_tokens with a label",
			src:  `environment_tokens "x" {}`,
			line: 1, column: 20,
			summary: "Unexpected label",
			detail:  `An environment_tokens block takes no label: environment_tokens { staging = ["staging"] production = ["production"] }.`,
		},
		{
			name: "ignore without reason",
			src:  "ratio = 1\nignore \"alert_endpoints\" {}",
			line: 2, column: 1,
			summary: "Missing reason",
			detail:  `ignore "alert_endpoints" needs a reason, such as reason = "each environment pages its own team"; reports show it next to every path the rule ignores.`,
		},
		{
			name: "ignore with blank reason",
			src:  `ignore "alert_endpoints" { reason = "  " }`,
			line: 1, column: 37,
			summary: "Missing reason",
			detail:  `The reason of ignore "alert_endpoints" is empty; say why the path may differ between environments.`,
		},
		{
			name: "secret without compare",
			src:  `secret "db_password" {}`,
			line: 1, column: 1,
			summary: "Missing compare",
			detail:  `secret "db_password" needs compare = "digest" to opt in to comparing the secret by a keyed digest (HMAC-SHA256); without a secret block secrets are not compared.`,
		},
		{
			name: "secret compared by value",
			src:  `secret "db_password" { compare = "value" }`,
			line: 1, column: 34,
			summary: "Invalid compare",
			detail:  `The compare of secret "db_password" must be "digest" (secrets are compared by keyed digest, HMAC-SHA256, never by value); got "value".`,
		},
		{
			name: "duplicate size pattern",
			src:  "size \"instance_count\" {}\n\nsize \"instance_count\" { rounding = \"up\" }",
			line: 3, column: 6,
			summary: "Duplicate size rule",
			detail:  `size "instance_count" is declared twice, at parity.hcl:1 and parity.hcl:3; keep one of them.`,
		},
		{
			name: "duplicate ignore pattern",
			src:  "ignore \"x\" { reason = \"a\" }\nignore \"x\" { reason = \"b\" }",
			line: 2, column: 8,
			summary: "Duplicate ignore rule",
			detail:  `ignore "x" is declared twice, at parity.hcl:1 and parity.hcl:2; keep one of them.`,
		},
		{
			name: "pattern as size and ignore",
			src:  "size \"replicas\" {}\nignore \"replicas\" { reason = \"r\" }",
			line: 2, column: 8,
			summary: "Conflicting rules",
			detail:  `"replicas" is declared both as size (parity.hcl:1) and as ignore (parity.hcl:2); a path has one class, so keep one of them.`,
		},
		{
			name: "empty step",
			src:  `size "a..b" {}`,
			line: 1, column: 6,
			summary: "Invalid pattern",
			detail:  `The size rule's pattern is not valid: pattern "a..b" has an empty step at character 3; steps are separated by single dots.`,
		},
		{
			name: "empty pattern",
			src:  `ignore "" { reason = "r" }`,
			line: 1, column: 8,
			summary: "Invalid pattern",
			detail:  "The ignore rule's pattern is not valid: pattern is empty.",
		},
		{
			name: "partial wildcard",
			src:  `config "*_arn" {}`,
			line: 1, column: 8,
			summary: "Invalid pattern",
			detail:  `The config rule's pattern is not valid: pattern "*_arn" has "_" after * at character 2; wildcards stand for a whole step ("web*" or "*_id" are not supported).`,
		},
		{
			name: "tokens overlap",
			src:  "environment_tokens {\n  staging    = [\"stg\", \"pre\"]\n  production = [\"prod\", \"PRE\"]\n}",
			line: 2, column: 3,
			summary: "Overlapping environment tokens",
			detail:  `The staging and production tokens both contain "PRE"; a token names one environment only.`,
		},
		{
			name: "tokens overlap the defaults",
			src:  "environment_tokens {\n  production = [\"live\", \"stage\"]\n}",
			line: 2, column: 3,
			summary: "Overlapping environment tokens",
			detail:  `The staging and production tokens both contain "stage"; a token names one environment only.`,
		},
		{
			name: "tokens empty list",
			src:  `environment_tokens { staging = [] }`,
			line: 1, column: 32,
			summary: "Invalid environment tokens",
			detail:  `staging lists no token; list at least one, or remove the argument to use the defaults ("staging", "stage", "stg").`,
		},
		{
			name: "tokens empty string",
			src:  `environment_tokens { production = ["prod", ""] }`,
			line: 1, column: 35,
			summary: "Invalid environment tokens",
			detail:  `production contains an empty token; every token must be a word such as "production".`,
		},
		{
			name: "tokens not a list",
			src:  `environment_tokens { staging = "stg" }`,
			line: 1, column: 32,
			summary: "Invalid environment tokens",
			detail:  `staging must be a list of strings, such as ["staging", "stage", "stg"]; got a string.`,
		},
		{
			name: "tokens listed twice",
			src:  `environment_tokens { staging = ["stg", "STG"] }`,
			line: 1, column: 32,
			summary: "Invalid environment tokens",
			detail:  `staging lists "STG" twice; list each token once.`,
		},
		{
			name: "two environment_tokens blocks",
			src:  "environment_tokens { staging = [\"stg\"] }\nenvironment_tokens { production = [\"prod\"] }",
			line: 2, column: 1,
			summary: "Duplicate environment_tokens block",
			detail:  "environment_tokens is already declared at parity.hcl:1; merge the two blocks into one.",
		},
		{
			name: "module pair without production",
			src:  `module_pair "module.staging" {}`,
			line: 1, column: 1,
			summary: "Missing production module",
			detail:  `module_pair "module.staging" needs the production module path it maps to, such as production = "module.production_infrastructure".`,
		},
		{
			name: "module pair not a module path",
			src:  `module_pair "aws_instance.web" { production = "module.production" }`,
			line: 1, column: 13,
			summary: "Invalid module path",
			detail:  `The staging module path of module_pair is not valid: module path "aws_instance.web" is not a sequence of module.NAME steps.`,
		},
		{
			name: "module pair with wildcard",
			src:  `module_pair "module.staging" { production = "module.*" }`,
			line: 1, column: 45,
			summary: "Invalid module path",
			detail:  `The production module path of module_pair "module.staging" is not valid: module path "module.*" contains a wildcard; name the module call exactly.`,
		},
		{
			name: "module pair twice",
			src:  "module_pair \"module.a\" { production = \"module.b\" }\nmodule_pair \"module.a\" { production = \"module.c\" }",
			line: 2, column: 13,
			summary: "Duplicate module_pair",
			detail:  `module_pair "module.a" is declared twice, at parity.hcl:1 and parity.hcl:2; keep one of them.`,
		},
		{
			name: "builtin_rules not a bool",
			src:  `builtin_rules = "no"`,
			line: 1, column: 17,
			summary: "Invalid builtin_rules",
			detail:  `builtin_rules must be true or false; got a string.`,
		},
		{
			name: "two arguments on one line",
			src:  `size "x" { ratio = 0.25  minimum = "20" }`,
			line: 1, column: 26,
			summary: "Invalid single-argument block definition",
			detail:  "A single-line block definition must end with a closing brace immediately after its single argument definition. Put each argument of the block on its own line.",
		},
		{
			name: "resource block label is not a type",
			src:  "resource \"EBS volume\" {\n}",
			line: 1, column: 10,
			summary: "Invalid resource type",
			detail:  `The label of a resource block is a resource type such as "aws_ebs_volume": lower-case letters, digits and underscores, starting with the provider's name; got "EBS volume".`,
		},
		{
			name: "argument in a resource block",
			src:  "resource \"aws_ebs_volume\" {\n  ratio = 1\n}",
			line: 2, column: 3,
			summary: "Unsupported argument",
			detail:  `An argument named "ratio" is not expected in a resource block. It takes no arguments; the blocks are size, ignore, config, secret, identity and list.`,
		},
		{
			name: "list rule that says nothing",
			src:  "list \"env\" {\n}",
			line: 1, column: 1,
			summary: "Empty list rule",
			detail:  `list "env" says nothing: set order = "significant" or "insignificant", key = ["name"], or both.`,
		},
		{
			name: "list order misspelt",
			src:  "list \"env\" {\n  order = \"ordered\"\n}",
			line: 2, column: 11,
			summary: "Invalid order",
			detail:  `The order of list "env" must be "significant" (the order of the elements is configuration) or "insignificant" (the list is a set); got "ordered".`,
		},
		{
			name: "when with a dotted key not quoted",
			src:  "size \"iops\" {\n  when = { ebs.volume_type = \"gp3\" }\n}",
			line: 2, column: 12,
			summary: "Invalid when",
			detail:  `Write an attribute path with dots in quotes: "ebs.volume_type" = … (a bare a.b is read as a reference).`,
		},
		{
			name: "when that is not an object",
			src:  "size \"iops\" {\n  when = \"gp3\"\n}",
			line: 2, column: 10,
			summary: "Invalid when",
			detail:  `when must be an object of attribute names and values, such as { volume_type = "gp3" } or { engine = ["mysql", "postgres"] }; got a string.`,
		},
		{
			name: "identity without a reason",
			src:  "identity \"dns_name\" {\n}",
			line: 1, column: 1,
			summary: "Missing reason",
			detail:  `identity "dns_name" needs a reason, such as reason = "assigned by the cloud when the resource is created"; it explains why the path is not compared.`,
		},
		{
			name: "syntax error",
			src:  "size \"x\" {\n  ratio = \n}",
			line: 2, column: 11,
			summary: "Invalid expression",
			detail:  "Expected the start of an expression, but found an invalid expression token.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rules, diags := rulesfile.Parse([]byte(tt.src), "parity.hcl")
			errs := errorsOf(diags)
			if len(errs) != 1 {
				t.Fatalf("want exactly one error, got %d: %s", len(errs), diags.Error())
			}
			d := errs[0]
			if d.Summary != tt.summary {
				t.Errorf("summary:\n got %q\nwant %q", d.Summary, tt.summary)
			}
			if d.Detail != tt.detail {
				t.Errorf("detail:\n got %q\nwant %q", d.Detail, tt.detail)
			}
			if d.Subject == nil {
				t.Fatal("diagnostic has no subject")
			}
			if d.Subject.Filename != "parity.hcl" || d.Subject.Start.Line != tt.line || d.Subject.Start.Column != tt.column {
				t.Errorf("subject: got %s:%d:%d, want parity.hcl:%d:%d",
					d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column, tt.line, tt.column)
			}
			if rules.Ratio != 0 || rules.Sizes != nil || rules.Ignores != nil {
				t.Errorf("rules returned with errors: %+v", rules)
			}
		})
	}
}

func TestParseReportsEveryError(t *testing.T) {
	t.Parallel()
	src := "ratio = 0\nsize \"a..b\" {}\nignore \"x\" {}\n"
	_, diags := rulesfile.Parse([]byte(src), "parity.hcl")
	var lines []int
	for _, d := range errorsOf(diags) {
		lines = append(lines, d.Subject.Start.Line)
	}
	if len(lines) != 3 || lines[0] != 1 || lines[1] != 2 || lines[2] != 3 {
		t.Errorf("want one error on each of lines 1, 2, 3 in order; got lines %v: %s", lines, diags.Error())
	}
}

func errorsOf(diags hcl.Diagnostics) hcl.Diagnostics {
	var errs hcl.Diagnostics
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			errs = append(errs, d)
		}
	}
	return errs
}
