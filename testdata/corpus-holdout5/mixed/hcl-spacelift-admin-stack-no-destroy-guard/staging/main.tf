terraform {
  required_providers {
    spacelift = {
      source  = "spacelift-io/spacelift"
      version = "~> 1.19"
    }
  }
}

resource "spacelift_stack" "app" {
  name                    = "orders-staging"
  space_id                = "orders-staging-01HX77646150"
  repository              = "platform-infra"
  branch                  = "main"
  project_root            = "envs/staging/orders"
  terraform_version       = "1.9.8"
  terraform_workflow_tool = "TERRAFORM_FOSS"
  autodeploy              = false
  administrative          = true
  protect_from_deletion   = true
  enable_local_preview    = false
  labels                  = ["orders", "staging"]
}

resource "spacelift_context" "notifications" {
  name     = "notifications-staging"
  space_id = spacelift_stack.app.space_id
}

resource "spacelift_environment_variable" "slack_token" {
  context_id = spacelift_context.notifications.id
  name       = "TF_VAR_slack_bot_token"
  value      = "xoxb-4410107766260-1730195351-ESCLZAuzWS14OqYQ1J96CbJ7"
  write_only = false
}

resource "spacelift_environment_variable" "infracost" {
  context_id = spacelift_context.notifications.id
  name       = "INFRACOST_API_KEY"
  value      = "ico-p88CJemBKEw89BZxroMnxgyRf1QIL1vM"
  write_only = true
}

resource "spacelift_context_attachment" "notifications" {
  context_id = spacelift_context.notifications.id
  stack_id   = spacelift_stack.app.id
  priority   = 0
}

resource "spacelift_policy" "plan_guard" {
  name     = "plan-guard-staging"
  type     = "PLAN"
  space_id = spacelift_stack.app.space_id
  body     = <<-EOT
      package spacelift

      protected := {"aws_db_instance", "aws_rds_cluster", "aws_s3_bucket", "aws_dynamodb_table"}

      warn[sprintf("replacing %s", [resource.address])] {
        resource := input.terraform.resource_changes[_]
        resource.change.actions == ["delete", "create"]
      }

      sample := true
  EOT
}

resource "spacelift_policy_attachment" "plan_guard" {
  policy_id = spacelift_policy.plan_guard.id
  stack_id  = spacelift_stack.app.id
}
