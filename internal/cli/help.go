package cli

const mainUsage = `Usage: parity <command> [flags] [arguments]

Commands:
  check STAGING PRODUCTION   compare two environments (exit 0 parity, 1 drift, 2 error)
  hash SIDE                  print the configuration hash of one environment
  scale SIZE RATIO           print production SIZE scaled by RATIO
  metrics [flags]            compare how the environments behave (exit 0 alike, 1 divergent, 2 error)
  version                    print the version
  help [COMMAND]             show help
`

const mainHelp = `parity checks that staging and production are configured alike, except for
sizes, which must follow a declared staging:production ratio.

` + mainUsage + `
Run 'parity <command> --help' for a command's flags and examples.
The same binary is the Terraform provider: 'terraform-provider-parity check …'
works too.
`

// commandUsage is the short usage printed with a usage error.
var commandUsage = map[string]string{
	"check": `Usage: parity check [flags] STAGING PRODUCTION
Flags: --rules FILE  --ratio RATIO  --env-tokens SPEC  --no-builtin-rules
       --format FORMAT[=PATH] (repeatable)  --fail-on drift|unknown|never
       --var-file FILE (repeatable)  --terraform  --no-color
`,
	"hash": `Usage: parity hash [flags] SIDE
Flags: --rules FILE  --env-tokens SPEC  --no-builtin-rules  --var-file FILE  --terraform
`,
	"scale": `Usage: parity scale [flags] SIZE RATIO
Flags: --rounding nearest|up|down|either  --minimum SIZE  --explain
`,
	"metrics": metricsUsage,
	"version": "Usage: parity version\n",
	"help":    "Usage: parity help [COMMAND]\n",
}

// commandHelp is the full help of each command (--help, parity help CMD).
var commandHelp = map[string]string{
	"check": `Usage: parity check [flags] STAGING PRODUCTION

Compares two environments and reports every difference that is not a size
scaled by the ratio. Exit code 0 when in parity, 1 on drift, 2 on a usage or
input error. Flags may come before or after the two arguments.

STAGING and PRODUCTION may each be:
  a 'terraform show -json' state or plan document (a file)
  a raw state file (terraform.tfstate, version 4)
  a directory of .tf files (read statically, with terraform.tfvars,
    *.auto.tfvars and --var-file)
  with --terraform, a working directory where 'terraform show -json' is run
    (so remote backends work), or a binary plan file
  /dev/stdin, to read a document from a pipe

Flags:
  --rules FILE
        rules file (default ./parity.hcl when it exists; --rules= for none)
  --ratio RATIO
        staging = production × RATIO for sizes without a rule ratio; 0.5, 1/2
        or 50%. Overrides the rules file's ratio. Default 1.
  --env-tokens SPEC
        words that name the environment, replaced before comparing:
        'staging=stg,staging;production=prod,production' (sides separated by
        ';', tokens by ','; a side left out keeps the rules file's tokens or
        the defaults staging,stage,stg and production,prod,prd)
  --no-builtin-rules
        switch the built-in knowledge of size and identity attributes off
  --format FORMAT[=PATH]
        report format and destination, repeatable: text, json, sarif, junit,
        markdown. Without PATH (or with -) the report goes to standard output;
        at most one format may. Files are replaced only when complete.
        Default: text to standard output. When every --format names a file,
        nothing is printed.
  --fail-on drift|unknown|never
        what makes the exit code 1: drift findings (default), also values
        unknown until apply, or never (report only)
  --var-file FILE
        variables file for a directory of .tf files (repeatable)
  --terraform
        read directories and binary plans with 'terraform show -json'
        (terraform on PATH)
  --no-color
        no colour in text output (also off when NO_COLOR is set or standard
        output is not a terminal)

Examples:
  # Compare the states of two workspaces.
  terraform -chdir=envs/staging show -json > staging.json
  terraform -chdir=envs/production show -json > production.json
  parity check --ratio 0.5 staging.json production.json

  # Compare plans before applying.
  terraform plan -out=tfplan && terraform show -json tfplan > staging-plan.json
  parity check staging-plan.json production.json --fail-on unknown

  # Read working directories through terraform (remote state).
  parity check --terraform envs/staging envs/production

  # CI: annotations for code scanning, test results and a log summary.
  parity check --format sarif=parity.sarif --format junit=parity.xml \
    --format text staging.json production.json

  # Custom environment names.
  parity check --env-tokens 'staging=qa,uat;production=live' qa.json live.json
`,
	"hash": `Usage: parity hash [flags] SIDE

Prints the configuration hash of one environment (sha256:…): SHA-256 of its
configuration with sizes, ignored and identity attributes removed and
environment tokens replaced. Two environments in parity have the same hash,
so a pipeline can store the production hash and compare later.

SIDE is a state or plan document, a raw state, a directory of .tf files, or
with --terraform a working directory.

Flags:
  --rules FILE          rules file (default ./parity.hcl when it exists)
  --env-tokens SPEC     staging=stg,staging;production=prod,production
  --no-builtin-rules    switch the built-in knowledge base off
  --var-file FILE       variables file for a directory of .tf files (repeatable)
  --terraform           run 'terraform show -json' in a working directory

Examples:
  terraform show -json > production.json
  parity hash production.json
  test "$(parity hash staging.json)" = "$(parity hash production.json)"
`,
	"scale": `Usage: parity scale [flags] SIZE RATIO

Prints production SIZE × RATIO on the size's ladder: AWS instance types
(t3.xlarge), RDS and ElastiCache classes, GCP machine types, Azure VM sizes,
Kubernetes quantities (500m, 2Gi) and plain numbers. RATIO is 0.5, 1/2 or 50%.

Flags:
  --rounding nearest|up|down|either
        which step to choose when the product falls between two
        (default either: the nearer is printed, --explain lists both)
  --minimum SIZE
        never scale below SIZE
  --explain
        print the arithmetic and every accepted size

Examples:
  parity scale t3.xlarge 0.5            # t3.large
  parity scale db.r5.4xlarge 1/4        # db.r5.xlarge
  parity scale 2Gi 0.5                  # 1Gi
  parity scale 5 0.5 --rounding up      # 3
  parity scale e2-standard-8 0.3 --explain
`,
	"metrics": metricsHelp,
	"version": "Usage: parity version\n\nPrints the version of parity.\n",
	"help":    "Usage: parity help [COMMAND]\n\nShows help for parity or one of its commands.\n",
}
