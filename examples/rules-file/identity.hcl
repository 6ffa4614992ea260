# Each environment's own: not compared and, unlike ignores, not listed.
identity "dns_name" {
  reason = "assigned by the cloud when the load balancer is created"
}

identity "hosted_zone_id" {
  reason = "each environment has its own zone"
  when   = { private_zone = true }
}
