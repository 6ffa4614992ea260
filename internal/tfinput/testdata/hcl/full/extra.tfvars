instance_type = "t3.xlarge"
undeclared    = "ignored"
