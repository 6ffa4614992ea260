# Unit tests of parity.rego with mocked HCP Terraform input: opa test .
package terraform.policies.parity_test

import rego.v1

import data.terraform.policies.parity

run(tags) := {"workspace": {"name": "web-staging", "tags": tags}, "organization": {"name": "acme"}}

check(address, actions, after, after_unknown) := {
	"address": address,
	"mode": "managed",
	"type": "parity_check",
	"change": {"actions": actions, "after": after, "after_unknown": after_unknown},
}

in_parity := check("parity_check.web", ["create"], {"in_parity": true, "findings": []}, {})

drifted := check(
	"module.app.parity_check.web", ["update"], {"in_parity": false, "findings": [
		{"kind": "config_drift", "address": "", "path": "timeout"},
		{"kind": "size_ratio", "address": "", "path": "instance_type"},
		{"kind": "config_drift", "address": "", "path": "monitoring"},
	]},
	{},
)

unknown := check("parity_check.web", ["create"], {"findings": []}, {"in_parity": true, "findings": true})

test_in_parity_passes if {
	count(parity.deny) == 0 with input as {"plan": {"resource_changes": [in_parity]}, "run": run(["parity", "team:web"])}
}

test_drift_is_denied if {
	parity.deny == {`workspace "web-staging": module.app.parity_check.web is not in parity (2 config_drift, 1 size_ratio): fix the drift or declare it with an ignore rule and a reason`} with input as {"plan": {"resource_changes": [drifted]}, "run": run(["parity"])}
}

test_one_drifting_check_of_two_is_denied if {
	count(parity.deny) == 1 with input as {"plan": {"resource_changes": [in_parity, drifted]}, "run": run(["parity"])}
}

test_unknown_is_denied if {
	some msg in parity.deny with input as {"plan": {"resource_changes": [unknown]}, "run": run(["parity"])}
	contains(msg, "in_parity is unknown until apply")
}

test_missing_check_is_denied if {
	parity.deny == {`workspace "web-staging" is tagged "parity" but its plan has no parity_check: add a parity_check resource that compares this environment with its counterpart`} with input as {"plan": {"resource_changes": []}, "run": run(["parity"])}
}

test_destroyed_check_does_not_count if {
	gone := check("parity_check.web", ["delete"], null, {})
	some msg in parity.deny with input as {"plan": {"resource_changes": [gone]}, "run": run(["parity"])}
	contains(msg, "has no parity_check")
}

test_data_source_of_that_type_does_not_count if {
	data_check := object.union(in_parity, {"mode": "data"})
	count(parity.deny) == 1 with input as {"plan": {"resource_changes": [data_check]}, "run": run(["parity"])}
}

test_untagged_workspace_is_not_checked if {
	count(parity.deny) == 0 with input as {"plan": {"resource_changes": [drifted]}, "run": run(["team:web"])}
}

test_workspace_without_tags_is_not_checked if {
	count(parity.deny) == 0 with input as {"plan": {"resource_changes": []}, "run": {"workspace": {"name": "scratch"}}}
}
