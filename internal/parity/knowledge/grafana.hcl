# Built-in knowledge of the Grafana provider (grafana/grafana), in the rules
# vocabulary of parity.hcl.
# `parity rules --builtin` prints it; copy any block into your own rules to
# override it there.

# Every Grafana instance gives its objects their own uids and URLs.
resource "grafana_contact_point" {
  identity "uid" {
    reason = "The uid of each integration of the contact point, which Grafana generates when it is not set (grafana_contact_point schema)."
  }
}

resource "grafana_rule_group" {
  identity "rule.uid" {
    reason = "The unique identifier of the alert rule, which Grafana generates when it is not set (grafana_rule_group schema)."
  }
  identity "rule.data.datasource_uid" {
    reason = "The uid of the data source the query runs on in each environment's own Grafana; the query model and its data source type are compared."
  }
}

resource "grafana_dashboard" {
  identity "url" {
    reason = "Computed: the full URL of the dashboard on each environment's own Grafana (grafana_dashboard attribute reference)."
  }
  identity "version" {
    reason = "Computed: the dashboard's version, counting its saves."
  }
  # The selection each template variable was saved with (the dashboard JSON
  # model's templating.list[].current), such as the uid of the data source
  # a data source variable showed: the variable's query and options are
  # compared.
  identity "config_json.templating.list.current" {
    reason = "The value each template variable was saved with (Grafana dashboard JSON model, templating current), such as each Grafana's own data source uid; the variable's query and options are compared."
  }
}

resource "grafana_folder" {
  identity "url" {
    reason = "Computed: the full URL of the folder on each environment's own Grafana (grafana_folder attribute reference)."
  }
}
