# Sizes follow the ratio on their ladder: instance types, counts, quantities.
size "instance_count" {
  rounding = "up" # nearest | up | down | either (the default)
}

size "aws_db_instance.*.allocated_storage" {
  ratio   = 0.25 # this size's own ratio, instead of the global one
  minimum = 20   # never expect less than 20 in staging
}

size "settings.pool_size" {
  when = { engine = ["postgres", "mysql"] } # only where engine is one of these
}
