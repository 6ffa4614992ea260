instance_type = "t3.medium"
replicas      = "2"
