# Built-in knowledge of the kubernetes provider, in the rules vocabulary of parity.hcl.
# `parity rules --builtin` prints it; copy any block into your own rules to
# override it there.

resource "kubernetes_deployment" {
  size "spec.replicas" {}
}

resource "kubernetes_deployment_v1" {
  size "spec.replicas" {}
}

resource "kubernetes_stateful_set" {
  size "spec.replicas" {}
}

resource "kubernetes_stateful_set_v1" {
  size "spec.replicas" {}
}

resource "kubernetes_replication_controller" {
  size "spec.replicas" {}
}

resource "kubernetes_replication_controller_v1" {
  size "spec.replicas" {}
}

resource "kubernetes_horizontal_pod_autoscaler" {
  size "spec.min_replicas" {}
  size "spec.max_replicas" {}
}

resource "kubernetes_horizontal_pod_autoscaler_v1" {
  size "spec.min_replicas" {}
  size "spec.max_replicas" {}
}

resource "kubernetes_horizontal_pod_autoscaler_v2" {
  size "spec.min_replicas" {}
  size "spec.max_replicas" {}
}

resource "kubernetes_horizontal_pod_autoscaler_v2beta2" {
  size "spec.min_replicas" {}
  size "spec.max_replicas" {}
}

resource "kubernetes_persistent_volume_claim" {
  size "spec.resources.requests.storage" {}
  identity "spec.volume_name" {
    reason = "The volume the claim was bound to."
  }
}

resource "kubernetes_persistent_volume_claim_v1" {
  size "spec.resources.requests.storage" {}
  identity "spec.volume_name" {
    reason = "The volume the claim was bound to."
  }
}

resource "kubernetes_persistent_volume" {
  size "spec.capacity.storage" {}
}

resource "kubernetes_persistent_volume_v1" {
  size "spec.capacity.storage" {}
}

resource "kubernetes_service" {
  identity "spec.cluster_ip" {
    reason = "Assigned by the cluster when the service is created."
  }
  identity "spec.cluster_ips" {
    reason = "Assigned by the cluster when the service is created."
  }
  identity "status" {
    reason = "Assigned by the cluster when the service is created."
  }
}

resource "kubernetes_service_v1" {
  identity "spec.cluster_ip" {
    reason = "Assigned by the cluster when the service is created."
  }
  identity "spec.cluster_ips" {
    reason = "Assigned by the cluster when the service is created."
  }
  identity "status" {
    reason = "Assigned by the cluster when the service is created."
  }
}

# Containers are matched by name; init containers run in the order they are
# listed; a container's command and args are ordered (see generic.hcl).
resource "kubernetes_deployment" {
  list "spec.template.spec.container" {
    order = "insignificant"
    key   = ["name"]
  }
  list "spec.template.spec.init_container" {
    order = "significant"
    key   = ["name"]
  }
}

resource "kubernetes_deployment_v1" {
  list "spec.template.spec.container" {
    order = "insignificant"
    key   = ["name"]
  }
  list "spec.template.spec.init_container" {
    order = "significant"
    key   = ["name"]
  }
}

resource "kubernetes_stateful_set" {
  list "spec.template.spec.container" {
    order = "insignificant"
    key   = ["name"]
  }
  list "spec.template.spec.init_container" {
    order = "significant"
    key   = ["name"]
  }
}

resource "kubernetes_stateful_set_v1" {
  list "spec.template.spec.container" {
    order = "insignificant"
    key   = ["name"]
  }
  list "spec.template.spec.init_container" {
    order = "significant"
    key   = ["name"]
  }
}

# Values the cluster allocates.
resource "kubernetes_service" {
  identity "spec.port.node_port" {
    reason = "Allocated by the cluster unless set; add a config rule to compare a node port you set yourself."
  }
  identity "spec.health_check_node_port" {
    reason = "Allocated by the cluster unless set."
  }
}

resource "kubernetes_service_v1" {
  identity "spec.port.node_port" {
    reason = "Allocated by the cluster unless set; add a config rule to compare a node port you set yourself."
  }
  identity "spec.health_check_node_port" {
    reason = "Allocated by the cluster unless set."
  }
}

resource "kubernetes_ingress" {
  identity "status" {
    reason = "Reported by the ingress controller."
  }
}

resource "kubernetes_ingress_v1" {
  identity "status" {
    reason = "Reported by the ingress controller."
  }
}

# Quotas are sizes: each environment's share of the cluster.
resource "kubernetes_resource_quota" {
  size "spec.hard.*" {}
}

resource "kubernetes_resource_quota_v1" {
  size "spec.hard.*" {}
}

# Values the Helm provider records about each release.
resource "helm_release" {
  identity "metadata" {
    reason = "Recorded by Helm about the deployed release (revision, times, merged values)."
  }
}

# kubernetes_manifest keeps the object as the cluster returned it (defaults
# filled in, status) beside the manifest as written; the manifest is
# compared.
resource "kubernetes_manifest" {
  identity "object" {
    reason = "The provider's copy of the manifest as the cluster returned it; the manifest itself is compared."
  }
}
