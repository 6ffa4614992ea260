environment         = "staging"
image_repository    = "305118627440.dkr.ecr.eu-central-1.amazonaws.com/parcels"
rotation_lambda_arn = "arn:aws:lambda:eu-central-1:305118627440:function:secrets-rotation-postgres"

services = {
  api = {
    cpu           = 512
    memory        = 1024
    desired_count = 2
    health_check  = "/healthz"
  }
  worker = {
    cpu           = 1024
    memory        = 2048
    desired_count = 1
    health_check  = ""
  }
}
