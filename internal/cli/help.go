package cli

const mainUsage = `Usage: parity <command> [flags] [arguments]

Commands:
  check STAGING PRODUCTION   compare two environments (exit 0 parity, 1 drift, 2 error)
  check --env NAME=RATIO:PATH … PRODUCTION
                             compare several environments with production
  baseline STAGING PRODUCTION
                             print a rules file accepting every current finding
  hash SIDE                  print the configuration hash of one environment
  scale SIZE RATIO           print production SIZE scaled by RATIO
  rules FILE | --builtin     check a rules file, or print the built-in knowledge base
  run-task serve|process     the HCP Terraform run task service
  data profile|generate      production-shaped staging data for PostgreSQL
  metrics [flags]            compare how the environments behave (exit 0 alike, 1 divergent, 2 error)
  shadow-relay               relay nginx's mirrored requests to staging in the background
  schema report              print the JSON Schema of the json report
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
       parity check [flags] --env NAME=RATIO:PATH [--env …] PRODUCTION
Flags: --rules FILE  --ratio RATIO  --env-tokens SPEC  --no-builtin-rules
       --format FORMAT[=PATH] (repeatable)  --fail-on drift|unknown|never
       --group-by attribute|resource  --quiet  --max-bytes BYTES
       --config-dir [NAME=]DIR (repeatable)  --redact secrets|strings|all
       --unused-rules warn|error|ignore
       --var-file FILE (repeatable)  --terraform  --schema FILE  --no-color
       --max-input-size SIZE  --write-baseline FILE  (--rules is repeatable)
`,
	"baseline": `Usage: parity baseline [flags] STAGING PRODUCTION > parity.baseline.hcl
Flags: --rules FILE (repeatable)  --ratio RATIO  --env-tokens SPEC
       --no-builtin-rules  --var-file FILE (repeatable)  --terraform
       --schema FILE  --max-input-size SIZE
`,
	"schema": "Usage: parity schema report\n",
	"hash": `Usage: parity hash [flags] SIDE
Flags: --rules FILE  --env-tokens SPEC  --no-builtin-rules  --var-file FILE  --terraform  --schema FILE
       --max-input-size SIZE
`,
	"scale": `Usage: parity scale [flags] SIZE RATIO
Flags: --rounding nearest|up|down|either  --minimum SIZE  --explain
`,
	"rules": `Usage: parity rules FILE
       parity rules --builtin
`,
	"version":          "Usage: parity version\n",
	"help":             "Usage: parity help [COMMAND]\n",
	"run-task":         runTaskUsage,
	"shadow-relay":     shadowRelayUsage,
	"run-task serve":   "Usage: parity run-task serve --config FILE [--listen ADDR] [--log-format json|text]\n",
	"run-task process": "Usage: parity run-task process --config FILE --payload FILE [--plan FILE] [--state FILE] [--send]\n",
	"metrics":          metricsUsage,
}

const runTaskUsage = `Usage: parity run-task serve --config FILE [--listen ADDR] [--log-format json|text]
       parity run-task process --config FILE --payload FILE [--plan FILE] [--state FILE] [--send]
`

const runTaskHelp = runTaskUsage + `
An HCP Terraform (or Terraform Enterprise) run task: HCP Terraform posts a
signed request when a run reaches the post_plan or pre_apply stage; the
service compares the run's planned values with the current state of the
paired workspace (staging with production, or production with staging) and
reports passed or failed, with one outcome per resource in drift.

serve    runs the service until SIGINT or SIGTERM, then finishes the requests
         it accepted. GET /healthz answers 200 (503 while shutting down);
         run tasks are posted to / or /run-task.
process  evaluates one saved request payload offline and prints the callback
         it would send (exit 0 passed, 1 failed, 2 error); --plan and --state
         replace the downloads, --send delivers the result.

Flags:
  --config FILE      run task configuration (HCL): HCP Terraform address,
                     organization, workspace pairs, rules files
  --listen ADDR      address to listen on (default :8080)
  --log-format F     json (default) or text; logs never contain tokens
  --payload FILE     a run task request body, as HCP Terraform sends it
  --plan FILE        the run's plan JSON ('terraform show -json PLAN')
  --state FILE       the counterpart workspace's state JSON
  --send             deliver the result to the payload's callback URL

Secrets come from the environment, never from the file: the HMAC key from
PARITY_RUN_TASK_HMAC_KEY and the organization or team token from TFE_TOKEN
(names set by hmac_key_env and token_env).

Examples:
  PARITY_RUN_TASK_HMAC_KEY=… TFE_TOKEN=… parity run-task serve --config run-task.hcl
  parity run-task process --config run-task.hcl --payload request.json \
    --plan staging-plan.json --state production.json
`

// commandHelp is the full help of each command (--help, parity help CMD).
var commandHelp = map[string]string{
	"check": `Usage: parity check [flags] STAGING PRODUCTION
       parity check [flags] --env NAME=RATIO:PATH [--env …] PRODUCTION

Compares two environments and reports every difference that is not a size
scaled by the ratio. Exit code 0 when in parity, 1 on drift, 2 on a usage or
input error. Flags may come before or after the arguments.

With --env, compares production with every environment given, each at its
own ratio, in one report whose every format shows the environment matrix;
drift in any environment is exit code 1.

STAGING and PRODUCTION may each be:
  a 'terraform show -json' state or plan document (a file)
  a raw state file (terraform.tfstate, version 4)
  a directory of .tf files (read statically, with terraform.tfvars,
    *.auto.tfvars and --var-file)
  with --terraform, a working directory where 'terraform show -json' is run
    (so remote backends work), or a binary plan file
  - (or /dev/stdin), to read a document from standard input
Only regular files are read: a named pipe, a device such as /dev/zero or a
socket is refused. Documents of Terraform 0.12 and later are read (show -json
formats 0.x and 1.x, raw state version 4).

Flags:
  --rules FILE
        rules file, repeatable: the files are merged in order, a later
        file's ratio, builtin_rules and environment tokens (side by side)
        replacing an earlier one's, and its rules joining theirs (between
        equally specific rules of one kind, the later file's wins). Default:
        parity.hcl or .parity.hcl in the working directory or, inside a git
        repository, the nearest parent up to the repository root, named on
        standard error. --rules= reads none.
  --env NAME=RATIO:PATH
        an environment compared with production, repeatable: its name (a
        word: letters, digits, - and _; also the word its resource names
        carry, with the usual synonyms: dev, development), its ratio (as
        --ratio) and its input (as STAGING: a file, a directory or -).
        With --env, give PRODUCTION only, and no --ratio.
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
        markdown, github (GitHub Actions annotations: workflow commands for
        the step's log). Without PATH (or with -) the report goes to standard output;
        at most one format may. Default: text to standard output. When every
        --format names a file, nothing is printed.
        All or none: every report is rendered in full first; only when all
        of them rendered are they put in place. If one cannot be written, none
        is (previous reports keep their content) and the exit code is 2.
        A PATH that is an input (a side, a file of a side directory, the
        rules file, a variables file, the --schema file; also through
        links), or the PATH of another report, is a usage error.
  --fail-on drift|unknown|never
        what makes the exit code 1: drift findings (default), also values
        unknown until apply, or never (report only)
  --redact secrets|strings|all
        values reports show: secrets masks values marked sensitive, named
        like secrets or shaped like credentials (default, unless the rules
        file sets redact); strings also hides every string that is not a
        size; all shows no values (paths, kinds, rules and expected sizes
        only)
  --unused-rules warn|error|ignore
        rules of the rules file that change nothing (an ignore whose pattern
        matches no attribute, an only_in whose address no one-sided resource
        has): a warning on standard error naming file:line (default), an
        error (exit 2, no report written), or nothing
  --var-file FILE
        variables file for a directory of .tf files (repeatable)
  --terraform
        read directories and binary plans with 'terraform show -json'
        (terraform on PATH); the providers' schemas of the working directory
        then say which lists are sets and which attributes are computed
  --schema FILE
        provider schemas ('terraform providers schema -json' output): lists
        that are sets compare in any order, lists that are lists in order,
        and attributes the providers compute are not compared
  --no-color
        no colour in text output (also off when NO_COLOR is set or standard
        output is not a terminal)
  --max-input-size SIZE
        largest input read, for every kind (512MiB, 2GiB, …). By default a
        state or plan document may have 512MiB, a .tf, .tfvars or rules
        file 4MiB, and all the files of a configuration directory together
        16MiB. Nesting deeper than 1000 levels is refused whatever the size.
  --write-baseline FILE
        also write the baseline of every current finding to FILE, as parity
        baseline prints it (with the reports, all or none; never onto an
        input, so rewrite a baseline from a check without it)

Baselines: entries of a baseline among the rules (ignores whose reason
starts "baseline YYYY-MM-DD:") that accept no finding any more are stale:
each is named on standard error with its file and line, and listed under
"stale" in the json report. Delete them, and the baseline shrinks.

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

  # Every environment against production, each at its own ratio.
  parity check --env dev=0.25:dev.json --env staging=1/2:staging.json \
    --env perf=100%:perf.json production.json

  # In GitHub Actions: a pull-request comment, and annotations (printed to
  # the step's log) on the lines that declare each drifting resource.
  parity check --config-dir staging=envs/staging --config-dir production=envs/production \
    --format markdown=parity.md --format github staging.json production.json

  # What is wrong, in a few lines.
  parity check --quiet staging.json production.json

  # Adopt gradually: accept today's findings, then check with the baseline.
  parity baseline staging.json production.json > parity.baseline.hcl
  parity check --rules parity.hcl --rules parity.baseline.hcl staging.json production.json
`,
	"baseline": `Usage: parity baseline [flags] STAGING PRODUCTION > parity.baseline.hcl

Prints a rules file that accepts every current finding, one entry each, so
that the check can be turned on today and the list burnt down:

  ignore "aws_instance.web.monitoring" {
    reason = "baseline 2025-01-31: config_drift"
  }
  only_in "production" {
    address = "aws_wafv2_web_acl.main"
    reason  = "baseline 2025-01-31: only_in_production"
  }

Each ignore matches exactly the path of its finding (for_each keys and
names that are no pattern names quoted); a path the engine compares inside
a list (an element of a set) gets an entry for the list. The entries are
checked by comparing again with them before anything is printed, sorted,
and hold no values. Findings of values unknown until apply are left out:
apply checks them again. Entries of an older baseline among the rules are
set aside, so that the new one lists every current finding.

A later parity check with the baseline (--rules parity.hcl --rules
parity.baseline.hcl) names the entries whose difference is gone as stale.
parity_check reads the same file with rules_file.

STAGING, PRODUCTION and the flags are those of parity check:
  --rules FILE (repeatable), --ratio RATIO, --env-tokens SPEC,
  --no-builtin-rules, --var-file FILE, --terraform, --schema FILE,
  --max-input-size SIZE
Exit code 0 when the baseline was printed, 2 on a usage or input error.

Examples:
  parity baseline --rules parity.hcl staging.json production.json > parity.baseline.hcl
  parity check --write-baseline parity.baseline.hcl staging.json production.json
`,
	"schema": `Usage: parity schema report

Prints the JSON Schema (draft 2020-12) of the json report of parity check
this version writes (report_version 1), for consumers to validate against:

  parity schema report > parity-report.schema.json
`,
	"hash": `Usage: parity hash [flags] SIDE

Prints the configuration hash of one environment (sha256:…): SHA-256 of its
configuration with sizes, ignored and identity attributes removed and
environment tokens replaced. Two environments in parity have the same hash,
so a pipeline can store the production hash and compare later.

SIDE is a state or plan document, a raw state, a directory of .tf files, or
with --terraform a working directory.

Flags:
  --rules FILE          rules file, repeatable (default: parity.hcl or
                        .parity.hcl found up to the repository root)
  --env-tokens SPEC     staging=stg,staging;production=prod,production
  --no-builtin-rules    switch the built-in knowledge base off
  --var-file FILE       variables file for a directory of .tf files (repeatable)
  --terraform           run 'terraform show -json' in a working directory
  --schema FILE         provider schemas (terraform providers schema -json)
  --max-input-size SIZE largest input read (default 512MiB for documents,
                        4MiB for .tf, .tfvars and rules files, 16MiB for
                        a configuration directory)

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
	"rules": `Usage: parity rules FILE
       parity rules --builtin

With FILE, checks a rules file (parity.hcl) and summarises what it declares;
errors name file:line:column. With --builtin, prints the built-in knowledge
base: the size, identity, config and list rules that apply without
configuration, written in the same vocabulary as parity.hcl, each with its
reason. Copy any block into your own rules file to override it there.

Examples:
  parity rules parity.hcl
  parity rules --builtin | less
`,
	"version":          "Usage: parity version\n\nPrints the version of parity.\n",
	"help":             "Usage: parity help [COMMAND]\n\nShows help for parity or one of its commands.\n",
	"run-task":         runTaskHelp,
	"shadow-relay":     shadowRelayHelp,
	"run-task serve":   runTaskHelp,
	"run-task process": runTaskHelp,
	"metrics":          metricsHelp,
}
