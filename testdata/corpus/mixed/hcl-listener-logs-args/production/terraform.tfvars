environment   = "production"
instance_type = "t3.xlarge"
web_instances = 4
