# Built-in knowledge of the Confluent provider (confluentinc/confluent), in
# the rules vocabulary of parity.hcl.
# `parity rules --builtin` prints it; copy any block into your own rules to
# override it there.

resource "confluent_kafka_cluster" {
  # Dedicated clusters are sized in Confluent Kafka Units; MULTI_ZONE
  # dedicated clusters need two at least ("MULTI_ZONE dedicated clusters
  # must have at least two CKUs", confluent_kafka_cluster). A single-zone
  # production of two CKUs then asks staging for two, which exists, rather
  # than one a multi-zone staging cannot have.
  size "dedicated.cku" {
    minimum = 2
  }
  identity "bootstrap_endpoint" {
    reason = "Computed: the bootstrap endpoint Confluent Cloud assigns the cluster (pkc-… host), each environment's own (confluent_kafka_cluster attribute reference)."
  }
  # A topic's rest_endpoint equals its cluster's, so it is compared as a
  # reference to that cluster.
  identity "rest_endpoint" {
    reason = "Computed: the REST endpoint Confluent Cloud assigns the cluster (pkc-… host), each environment's own (confluent_kafka_cluster attribute reference)."
  }
  identity "endpoints" {
    reason = "Computed: the endpoints Confluent Cloud assigns the cluster per access point, each environment's own (confluent_kafka_cluster attribute reference)."
  }
  identity "rbac_crn" {
    reason = "Computed: the cluster's Confluent Resource Name for role bindings, made of the environment's and cluster's ids (confluent_kafka_cluster attribute reference)."
  }
}
