module "svc" {
  for_each    = toset(["orders", "payments"])
  source      = "../../modules/service"
  name        = each.key
  environment = "staging"
}
