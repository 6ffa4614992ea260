# Rules inside a resource block apply to that resource type only; their
# patterns match at any depth inside it. It holds size, ignore, config,
# secret, identity and list blocks.
resource "aws_ebs_volume" {
  size "iops" {
    minimum = 3000 # gp3's baseline
    when    = { type = "gp3" }
  }

  ignore "tags.CostCenter" {
    reason = "billed to each environment's own cost centre"
  }
}

resource "aws_subnet" {
  # One subnet per zone: the count is structure, not a size.
  config "count" {}
}

resource "aws_db_instance" {
  secret "password" {
    compare = "digest"
  }

  identity "endpoint" {
    reason = "the address RDS assigns"
  }
}

resource "aws_ecs_task_definition" {
  list "container_definitions" {
    key = ["name"]
  }
}
