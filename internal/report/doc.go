// Package report renders a parity.Report for people and for CI: text for
// terminals, json for scripts, sarif for code-scanning dashboards, junit for
// test reporters and markdown for pull request comments.
//
// Every format is deterministic (sorted by resource address, then attribute
// path, then kind; no timestamps) and prints nothing but the fields of
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
//	                 "by_kind": {"config_drift": N, ... every kind, 0 included}}
//	findings        [finding], sorted by address, path, kind
//	ignored         [{"address", "path", "rule", "reason"}], sorted by address, path
//	resources       [{"address", "type", "staging_address", "production_address",
//	                  "findings": N, "drift": bool}], sorted by address; resources
//	                present on one side only are included
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
// so a dashboard tracks one drift while its values change.
package report
