environment   = "staging"
instance_type = "t3.large"
web_instances = 2
