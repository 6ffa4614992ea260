# Rules files and blocks share one syntax: this block could sit in the
# data source or in a parity_check as it is.
size {
  pattern = "instance_count"
  minimum = 1
}
