from lib import *

META_NULLS = {"annotations": None, "creationTimestamp": None, "deletionGracePeriodSeconds": None, "deletionTimestamp": None,
              "finalizers": None, "generateName": None, "generation": None, "labels": None, "managedFields": None,
              "name": None, "namespace": None, "ownerReferences": None, "resourceVersion": None, "selfLink": None, "uid": None}


def deep_fill(manifest, template):
    """The object as the provider stores it: every schema field the manifest
    leaves out is null (template lists the schema's fields)."""
    if isinstance(template, dict):
        out = {}
        m = manifest if isinstance(manifest, dict) else {}
        for k in sorted(set(template) | set(m)):
            if k in m:
                out[k] = deep_fill(m[k], template.get(k))
            else:
                out[k] = None if not isinstance(template[k], dict) else None
        return out
    if isinstance(manifest, list) and isinstance(template, list) and template:
        return [deep_fill(x, template[0]) for x in manifest]
    return manifest


def manifest_res(name, manifest, schema, index=None, module=None):
    meta_schema = dict(META_NULLS)
    obj = deep_fill(manifest, dict(schema, apiVersion=None, kind=None, metadata=meta_schema))
    return R("kubernetes_manifest", name, {
        "computed_fields": None,
        "field_manager": [],
        "manifest": manifest,
        "object": obj,
        "timeouts": [],
        "wait": [],
        "wait_for": None,
    }, index=index, module=module, schema_version=1)


APP_SCHEMA = {"spec": {
    "destination": {"name": None, "namespace": None, "server": None},
    "ignoreDifferences": [{"group": None, "jqPathExpressions": None, "jsonPointers": None, "kind": None, "managedFieldsManagers": None, "name": None, "namespace": None}],
    "info": None, "project": None, "revisionHistoryLimit": None,
    "source": {"chart": None, "directory": None, "helm": None, "kustomize": {"commonAnnotations": None, "commonLabels": None, "images": None, "namePrefix": None, "nameSuffix": None, "namespace": None, "replicas": [{"count": None, "name": None}], "version": None},
               "path": None, "plugin": None, "ref": None, "repoURL": None, "targetRevision": None},
    "sourceHydrator": None, "sources": None,
    "syncPolicy": {"automated": {"allowEmpty": None, "enabled": None, "prune": None, "selfHeal": None}, "managedNamespaceMetadata": None,
                   "retry": {"backoff": {"duration": None, "factor": None, "maxDuration": None}, "limit": None, "refresh": None}, "syncOptions": None},
}}

PROJECT_SCHEMA = {"spec": {
    "clusterResourceBlacklist": None, "clusterResourceWhitelist": [{"group": None, "kind": None}], "description": None,
    "destinationServiceAccounts": None, "destinations": [{"name": None, "namespace": None, "server": None}],
    "namespaceResourceBlacklist": [{"group": None, "kind": None}], "namespaceResourceWhitelist": None,
    "orphanedResources": {"ignore": None, "warn": None}, "permitOnlyProjectScopedClusters": None,
    "roles": [{"description": None, "groups": None, "jwtTokens": None, "name": None, "policies": None}],
    "signatureKeys": None, "sourceNamespaces": None, "sourceRepos": None, "syncWindows": None,
}}


def argocd(env, replicas, drift=None):
    drift = drift or {}
    e = env["tok"]
    rs = []
    repos = ["https://github.com/acme/shop-deploy.git", "https://charts.bitnami.com/bitnami"]
    if drift.get("any_repo"):
        repos = ["*"]
    project = {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "AppProject",
        "metadata": {"name": "shop", "namespace": "argocd"},
        "spec": {
            "description": f"The shop's applications in {env['name']}",
            "sourceRepos": repos,
            "destinations": [{"namespace": f"shop-{e}", "server": "https://kubernetes.default.svc"},
                             {"namespace": f"shop-{e}-jobs", "server": "https://kubernetes.default.svc"}],
            "clusterResourceWhitelist": [{"group": "", "kind": "Namespace"}],
            "namespaceResourceBlacklist": [{"group": "", "kind": "ResourceQuota"}, {"group": "", "kind": "LimitRange"}, {"group": "networking.k8s.io", "kind": "NetworkPolicy"}],
            "orphanedResources": {"warn": True},
            "roles": [{"name": "deployers", "description": "CI may sync", "groups": ["acme:shop-deployers"],
                       "policies": ["p, proj:shop:deployers, applications, sync, shop/*, allow", "p, proj:shop:deployers, applications, get, shop/*, allow"]}],
        },
    }
    rs.append(manifest_res("project", project, PROJECT_SCHEMA))
    for app, path, rep in (("shop-api", "apps/api", replicas["api"]), ("shop-worker", "apps/worker", replicas["worker"])):
        auto = {"prune": True, "selfHeal": True, "allowEmpty": False}
        if drift.get("no_self_heal") == app:
            auto["selfHeal"] = False
        if drift.get("no_prune") == app:
            auto["prune"] = False
        manifest = {
            "apiVersion": "argoproj.io/v1alpha1",
            "kind": "Application",
            "metadata": {"name": app, "namespace": "argocd", "finalizers": ["resources-finalizer.argocd.argoproj.io"],
                         "labels": {"app.kubernetes.io/part-of": "shop", "environment": env["name"]}},
            "spec": {
                "project": "shop",
                "source": {"repoURL": repos[0] if repos[0] != "*" else "https://github.com/acme/shop-deploy.git",
                           "path": f"{path}/overlays/{e}", "targetRevision": "main",
                           "kustomize": {"replicas": [{"name": app.split("-")[1], "count": rep}],
                                         "commonLabels": {"environment": env["name"]}}},
                "destination": {"server": "https://kubernetes.default.svc", "namespace": f"shop-{e}"},
                "syncPolicy": {"automated": auto,
                               "syncOptions": ["CreateNamespace=false", "PrunePropagationPolicy=foreground", "ServerSideApply=true"],
                               "retry": {"limit": 5, "backoff": {"duration": "5s", "factor": 2, "maxDuration": "3m"}}},
                "revisionHistoryLimit": 10,
                "ignoreDifferences": [{"group": "apps", "kind": "Deployment", "jsonPointers": ["/spec/replicas"]}],
            },
        }
        rs.append(manifest_res("application", manifest, APP_SCHEMA, index=app))
    return rs


def cases():
    s = {"name": "staging", "tok": "staging", "seed": "argo-s"}
    p = {"name": "production", "tok": "production", "seed": "argo-p"}
    write_case(
        "kubernetes", "argocd-applications",
        "Argo CD applications declared through kubernetes_manifest: an AppProject restricting source "
        "repositories, destinations and namespaced kinds, and two Applications (for_each) that sync kustomize "
        "overlays automatically with pruning and self-heal. The kustomize replica overrides (a size inside a "
        "custom resource) are 4 and 2 in production, 2 and 1 in staging; overlay paths and namespaces carry the "
        "environment. Each resource has the manifest and the object with every schema field null.",
        "hashicorp/kubernetes provider documentation for kubernetes_manifest; Argo CD Application and AppProject "
        "specifications; `terraform show -json` of a state by Terraform 1.7.5 (format_version 1.0).",
        0.5, [],
        show_state(argocd(s, {"api": 2, "worker": 1}), "1.0", "1.7.5"),
        show_state(argocd(p, {"api": 4, "worker": 2}), "1.0", "1.7.5"),
    )
    s = {"name": "staging", "tok": "stg", "seed": "argo-s2"}
    p = {"name": "production", "tok": "prod", "seed": "argo-p2"}
    drift = {"any_repo": True, "no_self_heal": "shop-api", "no_prune": "shop-worker"}
    sd = argocd(s, {"api": 2, "worker": 1}, drift)
    pd = argocd(p, {"api": 4, "worker": 2})
    write_case(
        "kubernetes", "argocd-self-heal-prune-repos-plan",
        "No-op plans of the Argo CD objects of kubernetes/argocd-applications: staging's project accepts any "
        "source repository, its API application no longer self-heals (manual changes in the cluster stay), and "
        "its worker application no longer prunes resources removed from Git.",
        "hashicorp/kubernetes provider documentation for kubernetes_manifest; Argo CD sync policy documentation; "
        "`terraform show -json` of plans by Terraform 1.9.8 (format_version 1.2).",
        0.5,
        [
            L("config_drift", "kubernetes_manifest.project", "manifest.spec.sourceRepos", "Staging's project allows any source repository (*); production allows only the deploy repository and the Bitnami charts.", prefix=True),
            L("config_drift", 'kubernetes_manifest.application["shop-api"]', "manifest.spec.syncPolicy.automated.selfHeal", "Staging's API application does not revert manual changes (selfHeal false); production's does."),
            L("config_drift", 'kubernetes_manifest.application["shop-worker"]', "manifest.spec.syncPolicy.automated.prune", "Staging's worker application keeps resources deleted from Git (prune false); production prunes them."),
        ],
        show_plan(sd, sd, "1.2", "1.9.8", timestamp="2025-02-03T09:00:41Z"),
        show_plan(pd, pd, "1.2", "1.9.8", timestamp="2025-02-03T09:02:17Z"),
    )


if __name__ == "__main__":
    cases()
