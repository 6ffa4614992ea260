# How the elements of two lists correspond.
list "ordered_cache_behavior" {
  order = "significant"    # the order is configuration
  key   = ["path_pattern"] # elements with the same key pair up
}

list "ingress" {
  order = "insignificant" # the list is a set
}
