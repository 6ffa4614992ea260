// Package report renders a parity.Report for people and for CI: text for
// terminals, json for scripts, sarif for code-scanning dashboards, junit for
// test reporters, markdown for pull request comments and github for GitHub
// Actions annotations.
//
// Reports scale to estates of hundreds of findings: text and markdown start
// with a summary (the verdict, counts by kind and by resource type, the
// attributes that drift in the most resources, and with several
// environments the environment matrix), then group the findings by
// attribute (Meta.GroupBy, the default) or by resource. Markdown stays
// under a byte budget (Meta.MaxBytes; parity check's default,
// DefaultMarkdownMaxBytes, is under GitHub's comment limit): the details
// are collapsed and shared out section by section, with a line saying how
// many findings are left out.
//
// A report of several environments compared with production
// (parity.CompareEnvironments) shows the environment matrix in every
// format: its findings carry their environment, json has an
// "environments" list, junit a test suite per environment, sarif the
// environment in each result's properties and message.
//
// Every format is deterministic (sorted by resource address, then attribute
// path, then environment, then kind; no timestamps) and prints nothing but the fields of
// findings, ignored paths, resource results and the hashes: raw values never
// reach a renderer. A finding marked Sensitive has all its values, expected
// sizes and arithmetic replaced by parity.SensitiveMask, whatever the engine
// passed, and control characters in values are escaped so that they can
// neither break a line, a table or a document nor drive a terminal.
//
// Meta.FailOn decides which findings fail: "drift" (the default) every kind
// but unknown, "unknown" every kind, "never" none. It sets the verdict line,
// the json "failed" field, SARIF result levels (error when failing, else
// warning) and which findings are JUnit failures rather than system-out.
//
// # github format
//
// GitHub Actions workflow commands, one per line: a ::notice with the
// summary, then per finding an ::error (failing) or ::warning, with file,
// line and col when the declaration is known and a title naming the kind,
// resource and path. Data and properties are escaped exactly as the Actions
// toolkit escapes them, so no finding text can end a command or start
// another.
//
// # JSON format
//
// The json format is one object, described by the JSON Schema (draft
// 2020-12) in report.schema.json, also available as [JSONSchema]. Every
// field is always present: strings are "" and lists [] when empty, never
// null (only "location" is null when not known). Fields may be added
// without a new report_version; a field removed or changed in meaning bumps
// it.
//
//	report_version  1
//	tool            {"name": "parity", "version": "1.2.3"} (version may be "")
//	staging         {"source": file or directory read, "hash": configuration hash}
//	production      same, for production
//	ratio           global staging:production ratio (1 when not set)
//	in_parity       true when no finding is drift (unknown findings do not count)
//	fail_on         "drift", "unknown" or "never"
//	failed          true when a finding is failing under fail_on
//	summary         {"resources": N, "resources_with_drift": N, "findings": N,
//	                 "drift": N, "unknown": N, "ignored": N,
//	                 "by_kind": {"config_drift": N, ... every kind, 0 included},
//	                 "by_resource_type": [{"type", "findings", "resources"}],
//	                 "by_attribute": [{"kind", "path" (list positions as [*]),
//	                   "findings", "resources", "resource_types",
//	                   "environments", "failing"}]}
//	findings        [finding], sorted by address, path, kind
//	ignored         [{"address", "path", "rule", "reason"}], sorted by address, path
//	resources       [{"address", "type", "staging_address", "production_address",
//	                  "findings": N, "drift": bool}], sorted by address; resources
//	                present on one side only are included
//	environments    only with several environments: [{"name", "source",
//	                  "ratio", "hash", "in_parity", "failed", "resources",
//	                  "resources_with_drift", "findings", "by_kind"}] in the
//	                order given; staging is then {"source": "", "hash": ""}
//	                and findings, ignored paths and resources carry an
//	                "environment"
//
// A finding:
//
//	kind                config_drift, size_ratio, size_family, only_in_staging,
//	                    only_in_production or unknown (all but unknown are drift)
//	failing             whether it fails the check under fail_on
//	address             normalised address both sides share ("" for a settings object)
//	staging_address     the address as written in each environment
//	production_address
//	resource_type       such as aws_instance
//	path                attribute path, such as settings.pools[0].max_connections
//	                    ("" for a whole resource)
//	staging, production the values as display text: JSON for non-strings,
//	                    "(sensitive)" for secrets, "(unknown)" at plan time,
//	                    "" when absent
//	expected            the staging size the ratio asks for (size findings)
//	accepted            every accepted size when more than one is
//	arithmetic          how expected was computed: "t3.xlarge × 0.5 = t3.large"
//	rule                the rule that classified the path
//	reason              the rule's reason, if any
//	message             one plain sentence
//	sensitive           true when the values are masked
//	location            {"file", "line", "column"} where the staging side is
//	                    declared (0 when line or column is unknown), or null
//
// # SARIF format
//
// SARIF 2.1.0 with one run. Every finding kind is a rule (id = kind, so
// rule indexes are stable); results carry the resource address as a logical
// location, the staging declaration as a physical location when known (a
// relative URI with forward slashes), and a partial fingerprint
// "parityFinding/v1" that hashes kind, address and path but not the values,
// so a dashboard tracks one drift while its values change (with several
// environments, the environment too). With several environments each
// result names its environment in its message ("[dev] …") and properties,
// and the run's properties hold the matrix.
package report
