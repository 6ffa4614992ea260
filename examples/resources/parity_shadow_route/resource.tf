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

  # How long nginx's relay waits for staging. Clients never wait for it: a
  # slow staging costs a keep-alive connection at most 50 ms after a
  # mirrored request.
  mirror_connect_timeout = "100ms"
  mirror_read_timeout    = "500ms"

  # The relay between the mirror and staging; this is the default for
  # name = "api". Its directory must exist and be writable by nginx's master.
  mirror_relay_listen = "unix:/run/parity-api-relay.sock"
}

# Save as /etc/nginx/conf.d/parity-api.conf on the production nginx and add
#   include /etc/nginx/conf.d/parity-api.conf;
# inside its http { } block.
output "nginx_config" {
  value = parity_shadow_route.api.nginx_config
}

output "envoy_route_config" {
  value = parity_shadow_route.api.envoy_route_config
}

output "istio_virtual_service" {
  value = parity_shadow_route.api.istio_virtual_service
}
