# Built-in knowledge of the Snowflake provider (Snowflake-Labs/snowflake,
# v1 and later), in the rules vocabulary of parity.hcl.
# `parity rules --builtin` prints it; copy any block into your own rules to
# override it there.

# Since v1 every object reads itself back: show_output is the result of SHOW
# <objects> and describe_output of DESCRIBE, both Read-Only in the provider's
# schema ("Outputs the result of SHOW WAREHOUSES for the given warehouse").
# They repeat the arguments, which are compared themselves, and add what
# Snowflake reports at that moment: running and queued queries, started
# clusters, STARTED or SUSPENDED, used and remaining credits, created_on.
identity "show_output" {
  reason = "Read-Only: the result of SHOW for the object when the state was read (Snowflake provider v1); the arguments it repeats are compared themselves."
}
identity "describe_output" {
  reason = "Read-Only: the result of DESCRIBE for the object when the state was read (Snowflake provider v1); the arguments it repeats are compared themselves."
}

resource "snowflake_warehouse" {
  # Snowflake bills a warehouse by its size, in credits an hour that double
  # with each size (Snowflake, "Overview of warehouses"); X-Small is the
  # smallest, and naming it as the minimum reads Small to 3X-Large on the
  # Snowflake ladder whatever the spelling.
  size "warehouse_size" {
    minimum = "XSMALL"
  }
  # Multi-cluster warehouses scale out by clusters of their size.
  size "max_cluster_count" {}
  size "min_cluster_count" {}
  identity "parameters" {
    reason = "Read-Only: the result of SHOW PARAMETERS IN WAREHOUSE (Snowflake provider v1); the parameters set on the warehouse (statement_timeout_in_seconds …) are compared as its arguments."
  }
}

resource "snowflake_resource_monitor" {
  # The credits a monitor allows follow the warehouses it watches, whose
  # credits an hour follow their sizes.
  size "credit_quota" {}
}

resource "snowflake_schema" {
  identity "parameters" {
    reason = "Read-Only: the result of SHOW PARAMETERS IN SCHEMA (Snowflake provider v1); the parameters set on the schema are compared as its arguments."
  }
}

resource "snowflake_task" {
  identity "parameters" {
    reason = "Read-Only: the result of SHOW PARAMETERS IN TASK (Snowflake provider v1); the parameters set on the task are compared as its arguments."
  }
}

resource "snowflake_user" {
  identity "parameters" {
    reason = "Read-Only: the result of SHOW PARAMETERS IN USER (Snowflake provider v1); the parameters set on the user are compared as its arguments."
  }
}

resource "snowflake_service_user" {
  identity "parameters" {
    reason = "Read-Only: the result of SHOW PARAMETERS IN USER (Snowflake provider v1); the parameters set on the user are compared as its arguments."
  }
}

resource "snowflake_legacy_service_user" {
  identity "parameters" {
    reason = "Read-Only: the result of SHOW PARAMETERS IN USER (Snowflake provider v1); the parameters set on the user are compared as its arguments."
  }
}
