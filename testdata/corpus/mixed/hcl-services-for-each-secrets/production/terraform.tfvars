environment         = "production"
image_repository    = "918273645501.dkr.ecr.eu-central-1.amazonaws.com/parcels"
rotation_lambda_arn = "arn:aws:lambda:eu-central-1:918273645501:function:secrets-rotation-postgres"

services = {
  api = {
    cpu           = 1024
    memory        = 2048
    desired_count = 4
    health_check  = "/healthz"
  }
  worker = {
    cpu           = 2048
    memory        = 4096
    desired_count = 2
    health_check  = ""
  }
}
