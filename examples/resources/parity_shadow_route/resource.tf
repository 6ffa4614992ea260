# Mirror 5% of production's reads (GET and HEAD, the default) to staging,
# sticky per user.
resource "parity_shadow_route" "api" {
  name                 = "api"
  production_upstreams = ["10.0.1.10:8080", "10.0.1.11:8080"]
  staging_upstreams    = ["staging-api.internal:8080"]
  percentage           = 5
  sample_by            = "header:X-User-Id"
  paths                = ["/api/", "/search"]

  listen      = 80
  server_name = "api.example.com"

  # nginx hands each mirrored request to the relay process (the default,
  # mirror_relay = "shadow-relay"), which answers at once and forwards it
  # to staging on its own: a slow or dead staging costs production no more
  # than a fast one (see the shadow relay guide for what the relay costs).
  # These bound how long the relay waits for staging.
  mirror_connect_timeout = "100ms"
  mirror_read_timeout    = "500ms"

  # Production serves up to 2,000 requests per second and staging is half
  # its size: the relay forwards at most 1,000 per second (max_rps) and
  # drops, and counts, the rest.
  production_capacity_rps = 2000
  staging_ratio           = 0.5
}

# Save as /etc/nginx/conf.d/parity-api.conf on the production nginx and add
#   include /etc/nginx/conf.d/parity-api.conf;
# inside its http { } block.
output "nginx_config" {
  value = parity_shadow_route.api.nginx_config
}

# The relay's command line, and a systemd unit that runs it beside nginx:
#   terraform output -raw relay_systemd_unit > /etc/systemd/system/parity-shadow-relay-api.service
output "relay_command" {
  value = parity_shadow_route.api.relay_command
}

output "relay_systemd_unit" {
  value = templatefile("${path.module}/parity-shadow-relay.service.tftpl", {
    name    = parity_shadow_route.api.name
    command = parity_shadow_route.api.relay_command
  })
}

output "envoy_route_config" {
  value = parity_shadow_route.api.envoy_route_config
}

output "istio_virtual_service" {
  value = parity_shadow_route.api.istio_virtual_service
}
