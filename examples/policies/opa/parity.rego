# Requires every workspace that carries the tag below to plan a parity_check
# that is in parity. HCP Terraform passes the plan as input.plan and the run
# (workspace name and tags) as input.run; the policy set's query is
#
#   data.terraform.policies.parity.deny
#
# Each message names the workspace, the check and what to do. The Sentinel
# policy in ../sentinel/parity.sentinel enforces the same rule.
package terraform.policies.parity

import rego.v1

# Workspaces with this tag must compare their environment with its
# counterpart. Change it to the tag your organization uses.
required_tag := "parity"

workspace := input.run.workspace.name

enforced if required_tag in input.run.workspace.tags

# The parity_check resources the plan keeps (in any module); one that is
# only being destroyed does not count.
checks contains rc if {
	some rc in input.plan.resource_changes
	rc.mode == "managed"
	rc.type == "parity_check"
	rc.change.actions != ["delete"]
}

deny contains msg if {
	enforced
	count(checks) == 0
	msg := sprintf(
		"workspace %q is tagged %q but its plan has no parity_check: add a parity_check resource that compares this environment with its counterpart",
		[workspace, required_tag],
	)
}

deny contains msg if {
	enforced
	some rc in checks
	rc.change.after_unknown.in_parity == true
	msg := sprintf(
		"workspace %q: %s.in_parity is unknown until apply, so parity cannot be verified at plan time: make the compared values known at plan",
		[workspace, rc.address],
	)
}

deny contains msg if {
	enforced
	some rc in checks
	not rc.change.after_unknown.in_parity
	not rc.change.after.in_parity == true
	msg := sprintf(
		"workspace %q: %s is not in parity (%s): fix the drift or declare it with an ignore rule and a reason",
		[workspace, rc.address, findings_summary(rc)],
	)
}

# findings_summary counts the findings by kind, such as "2 config_drift, 1 size_ratio".
findings_summary(rc) := summary if {
	findings := object.get(rc.change.after, "findings", [])
	count(findings) > 0
	kinds := {f.kind | some f in findings}
	summary := concat(", ", [sprintf("%d %s", [count([f | some f in findings; f.kind == k]), k]) | some k in sort(kinds)])
}

findings_summary(rc) := "no findings recorded" if {
	count(object.get(rc.change.after, "findings", [])) == 0
}
