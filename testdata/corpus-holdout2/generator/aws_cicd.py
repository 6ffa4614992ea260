from awscommon import *

SRC = ("hashicorp/aws provider documentation for aws_codebuild_project, aws_codepipeline (V2 pipelines, "
       "triggers) and aws_codestarconnections_connection; ")

BUILDSPEC_APP = """version: 0.2
env:
  shell: bash
phases:
  pre_build:
    commands:
      - aws ecr get-login-password | docker login --username AWS --password-stdin "${ECR_REPO%%/*}"
      - export TAG="${CODEBUILD_RESOLVED_SOURCE_VERSION:0:12}"
  build:
    commands:
      - docker build --pull --build-arg APP_ENV="$APP_ENV" -t "$ECR_REPO:$TAG" .
      - docker push "$ECR_REPO:$TAG"
  post_build:
    commands:
      - printf '[{"name":"api","imageUri":"%s"}]' "$ECR_REPO:$TAG" > imagedefinitions.json
artifacts:
  files:
    - imagedefinitions.json
cache:
  paths:
    - /root/.npm/**/*
"""

BUILDSPEC_TESTS = """version: 0.2
phases:
  install:
    runtime-versions:
      nodejs: 20
    commands:
      - npm ci
  build:
    commands:
      - npm run lint
      - npm test -- --ci --reporters=default --reporters=jest-junit
reports:
  unit:
    files:
      - junit.xml
    file-format: JUNITXML
"""


def project(env, name, desc, buildspec, privileged, image, logs_status="ENABLED", extra_env=()):
    e = env["tok"]
    t, ta = tag_pair(env, "shop-api")
    pname = f"shop-{name}-{e}"
    envvars = [
        {"name": "APP_ENV", "type": "PLAINTEXT", "value": env["name"]},
        {"name": "ECR_REPO", "type": "PLAINTEXT", "value": f"{env['acct']}.dkr.ecr.{REGION}.amazonaws.com/shop-api"},
        {"name": "NPM_TOKEN", "type": "PARAMETER_STORE", "value": "/ci/npm-token"},
    ] + list(extra_env)
    return R("aws_codebuild_project", name, {
        "arn": arn(env, "codebuild", f"project/{pname}"),
        "artifacts": [{"artifact_identifier": "", "bucket_owner_access": "", "encryption_disabled": False, "location": "", "name": pname, "namespace_type": "", "override_artifact_name": False, "packaging": "NONE", "path": "", "type": "CODEPIPELINE"}],
        "auto_retry_limit": 0,
        "badge_enabled": False,
        "badge_url": "",
        "build_batch_config": [],
        "build_timeout": 30,
        "cache": [{"cache_namespace": "", "location": "", "modes": ["LOCAL_DOCKER_LAYER_CACHE", "LOCAL_SOURCE_CACHE"], "type": "LOCAL"}],
        "concurrent_build_limit": 0,
        "description": desc,
        "encryption_key": kms_arn(env, "pipeline"),
        "environment": [{
            "certificate": "",
            "compute_type": "BUILD_GENERAL1_MEDIUM",
            "docker_server": [],
            "environment_variable": envvars,
            "fleet": [],
            "image": image,
            "image_pull_credentials_type": "CODEBUILD",
            "privileged_mode": privileged,
            "registry_credential": [],
            "type": "LINUX_CONTAINER",
        }],
        "file_system_locations": [],
        "id": arn(env, "codebuild", f"project/{pname}"),
        "logs_config": [{
            "cloudwatch_logs": [{"group_name": f"/codebuild/{pname}", "status": logs_status, "stream_name": ""}],
            "s3_logs": [{"bucket_owner_access": "", "encryption_disabled": False, "location": "", "status": "DISABLED"}],
        }],
        "name": pname,
        "project_visibility": "PRIVATE",
        "public_project_alias": "",
        "queued_timeout": 480,
        "resource_access_role": "",
        "secondary_artifacts": [],
        "secondary_source_version": [],
        "secondary_sources": [],
        "service_role": role_arn(env, f"codebuild-shop-{e}"),
        "source": [{"build_status_config": [], "buildspec": buildspec, "git_clone_depth": 0, "git_submodules_config": [], "insecure_ssl": False, "location": "", "report_build_status": False, "type": "CODEPIPELINE"}],
        "source_version": "",
        "tags": t, "tags_all": ta,
        "vpc_config": [{"security_group_ids": [sg(env, "codebuild")], "subnets": [subnet(env, f"ci{i}") for i in range(2)], "vpc_id": vpc(env)}],
    })


def action(category, name, provider, config, inputs, outputs, run_order=1, owner="AWS", ns=""):
    return {"category": category, "configuration": config, "input_artifacts": inputs, "name": name, "namespace": ns,
            "output_artifacts": outputs, "owner": owner, "provider": provider, "region": "", "role_arn": "",
            "run_order": run_order, "timeout_in_minutes": 0, "version": "1"}


def cicd(env, drift=None):
    drift = drift or {}
    e = env["tok"]
    t, ta = tag_pair(env, "shop-api")
    conn = arn(env, "codestar-connections", f"connection/{uid(env['seed']+'conn')}")
    store = {"encryption_key": [{"id": kms_arn(env, "pipeline"), "type": "KMS"}], "location": f"acme-pipeline-artifacts-{e}", "region": "", "type": "S3"}
    if drift.get("no_store_key"):
        store["encryption_key"] = []
    stages = [
        {"action": [action("Source", "Source", "CodeStarSourceConnection", {"BranchName": "main", "ConnectionArn": conn, "DetectChanges": "false", "FullRepositoryId": "acme/shop-api", "OutputArtifactFormat": "CODE_ZIP"}, [], ["source"], ns="SourceVariables")],
         "before_entry": [], "name": "Source", "on_failure": [], "on_success": []},
        {"action": [
            action("Test", "UnitTests", "CodeBuild", {"ProjectName": f"shop-tests-{e}"}, ["source"], [], 1),
            action("Build", "Image", "CodeBuild", {"EnvironmentVariables": cj([{"name": "GIT_SHA", "type": "PLAINTEXT", "value": "#{SourceVariables.CommitId}"}]), "ProjectName": f"shop-app-{e}"}, ["source"], ["image"], 2),
        ], "before_entry": [], "name": "Build", "on_failure": [], "on_success": []},
        {"action": [action("Deploy", "Ecs", "ECS", {"ClusterName": f"shop-{e}", "DeploymentTimeout": "15", "FileName": "imagedefinitions.json", "ServiceName": "api"}, ["image"], [])],
         "before_entry": [], "name": "Deploy",
         "on_failure": [{"condition": [], "result": "ROLLBACK", "retry_configuration": []}], "on_success": []},
    ]
    rs = [
        R("aws_codestarconnections_connection", "github", {
            "arn": conn,
            "connection_status": "AVAILABLE",
            "host_arn": "",
            "id": conn,
            "name": f"github-shop-{e}",
            "owner_account_id": env["acct"],
            "provider_type": "GitHub",
            "tags": t, "tags_all": ta,
        }),
        project(env, "app", "Builds and pushes the API image", BUILDSPEC_APP, True,
                drift.get("image", "aws/codebuild/amazonlinux2-x86_64-standard:5.0"), drift.get("logs", "ENABLED")),
        project(env, "tests", "Lint and unit tests", BUILDSPEC_TESTS, drift.get("tests_privileged", False),
                "aws/codebuild/amazonlinux2-x86_64-standard:5.0"),
        R("aws_codepipeline", "shop", {
            "arn": arn(env, "codepipeline", f"shop-api-{e}"),
            "artifact_store": [store],
            "execution_mode": "QUEUED",
            "id": f"shop-api-{e}",
            "name": f"shop-api-{e}",
            "pipeline_type": "V2",
            "role_arn": role_arn(env, f"codepipeline-shop-{e}"),
            "stage": stages,
            "tags": t, "tags_all": ta,
            "trigger": [{"git_configuration": [{"pull_request": [], "push": [{"branches": [{"excludes": [], "includes": ["main"]}], "file_paths": [{"excludes": ["docs/**"], "includes": []}], "tags": []}], "source_action_name": "Source"}], "provider_type": "CodeStarSourceConnection"}],
            "trigger_all": [{"git_configuration": [{"pull_request": [], "push": [{"branches": [{"excludes": [], "includes": ["main"]}], "file_paths": [{"excludes": ["docs/**"], "includes": []}], "tags": []}], "source_action_name": "Source"}], "provider_type": "CodeStarSourceConnection"}],
            "variable": [],
        }, schema_version=1),
    ]
    return rs


def cases():
    stg = dict(STG, tok="staging", seed="ci-s")
    prd = dict(PRD, tok="production", seed="ci-p")
    write_case(
        "aws", "codepipeline-image-build",
        "A CodePipeline V2 pipeline per environment (GitHub source through a CodeStar connection, unit tests and "
        "a privileged Docker image build on CodeBuild with inline buildspecs, an ECS deploy that rolls back on "
        "failure), its KMS-encrypted artifact store and the two CodeBuild projects. Project, bucket, cluster "
        "and connection names carry the environment; APP_ENV is the environment's name. Build machines "
        "(BUILD_GENERAL1_MEDIUM) are the same in both: builds do not serve traffic.",
        SRC + "`terraform show -json` of a state by Terraform 1.9.8 (format_version 1.0).",
        0.5, [],
        show_state(cicd(stg), "1.0", "1.9.8"),
        show_state(cicd(prd), "1.0", "1.9.8"),
    )
    stg2 = dict(STG, tok="stg", seed="ci-s2")
    prd2 = dict(PRD, tok="prod", seed="ci-p2")
    drift = {"tests_privileged": True, "logs": "DISABLED", "no_store_key": True, "image": "aws/codebuild/amazonlinux2-x86_64-standard:4.0"}
    write_case(
        "aws", "codebuild-privileged-logs-artifacts",
        "The pipeline of aws/codepipeline-image-build as raw states: staging's unit-test project runs privileged "
        "(Docker daemon access for npm scripts), its image build runs on the older standard:4.0 image and logs "
        "nothing to CloudWatch, and its artifact store has no customer managed key.",
        SRC + "raw state (version 4) written by Terraform 1.6.6.",
        0.5,
        [
            L("config_drift", "aws_codebuild_project.tests", "environment[0].privileged_mode", "Staging's unit tests run in privileged mode; production's do not."),
            L("config_drift", "aws_codebuild_project.app", "environment[0].image", "Staging builds on amazonlinux2-x86_64-standard:4.0, production on standard:5.0."),
            L("config_drift", "aws_codebuild_project.app", "logs_config[0].cloudwatch_logs[0].status", "Staging's image build logs are DISABLED in CloudWatch; production keeps them."),
            L("config_drift", "aws_codepipeline.shop", "artifact_store", "Staging's artifact store has no KMS encryption key; production encrypts artifacts with its customer managed key.", prefix=True),
        ],
        raw_state(cicd(stg2, drift), "1.6.6", 77, "ci-s2"),
        raw_state(cicd(prd2), "1.6.6", 112, "ci-p2"),
        ext="tfstate",
    )


if __name__ == "__main__":
    cases()
