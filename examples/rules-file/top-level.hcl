# staging = production × 0.5 for every size without a ratio of its own.
ratio = 0.5

# true (the default) applies the built-in knowledge base; false switches it
# off, and then only these rules classify paths.
builtin_rules = true

# What reports show of the values: "secrets" (secrets masked), "strings"
# (also every string that is not a size) or "all" (no values at all).
redact = "strings"
