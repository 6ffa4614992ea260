resource "a" "b" {
  count = 1e9
}
