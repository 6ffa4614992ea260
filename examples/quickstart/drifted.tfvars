# A staging that drifted: someone shortened a timeout and switched monitoring
# off to make a flaky test pass, and the instance type is a size too small.
staging_instance_type      = "t3.medium"
staging_connection_timeout = 10
staging_monitoring_enabled = false
