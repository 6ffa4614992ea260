# Rules of the web module. Patterns match the end of a path, so they hold
# wherever a root puts the module's settings.

# The session cache is a size: staging may run fewer nodes, never fewer
# than one, rounded up.
size "session_cache.nodes" {
  rounding = "up"
  minimum  = 1
}
