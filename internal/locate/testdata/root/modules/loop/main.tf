module "again" {
  source = "./"
}

resource "null_resource" "x" {}
