from lib import *
from k8s_a import manifest_res

SRC = ("hashicorp/kubernetes provider documentation for kubernetes_manifest; Istio PeerAuthentication, "
       "DestinationRule, VirtualService, Gateway and AuthorizationPolicy references; ")


def cty_type(v, typed):
    if v is None or isinstance(v, str):
        return "string"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, dict):
        return ["object", {k: cty_type(x, typed) for k, x in v.items()}]
    if isinstance(v, list):
        if typed and v:
            return ["list", cty_type(v[0], typed)]
        return ["tuple", [cty_type(x, typed) for x in v]]
    raise TypeError(v)


def wrap_dynamic(rs):
    """kubernetes_manifest's manifest and object are dynamic values: a raw
    state stores them with their type."""
    out = []
    for r in rs:
        if r.type == "kubernetes_manifest":
            v = dict(r.values)
            v["manifest"] = {"value": v["manifest"], "type": cty_type(v["manifest"], False)}
            v["object"] = {"value": v["object"], "type": cty_type(v["object"], True)}
            r = R(r.type, r.name, v, module=r.module, index=r.index, schema_version=r.schema_version)
        out.append(r)
    return out


PA_SCHEMA = {"spec": {"mtls": {"mode": None}, "portLevelMtls": None, "selector": None}}
DR_SCHEMA = {"spec": {"exportTo": None, "host": None, "subsets": None, "workloadSelector": None, "trafficPolicy": {
    "connectionPool": {"http": {"h2UpgradePolicy": None, "http1MaxPendingRequests": None, "http2MaxRequests": None, "idleTimeout": None, "maxConcurrentStreams": None, "maxRequestsPerConnection": None, "maxRetries": None, "useClientProtocol": None},
                       "tcp": {"connectTimeout": None, "idleTimeout": None, "maxConnectionDuration": None, "maxConnections": None, "tcpKeepalive": None}},
    "loadBalancer": {"consistentHash": None, "localityLbSetting": None, "simple": None, "warmup": None, "warmupDurationSecs": None},
    "outlierDetection": {"baseEjectionTime": None, "consecutive5xxErrors": None, "consecutiveErrors": None, "consecutiveGatewayErrors": None, "consecutiveLocalOriginFailures": None, "interval": None, "maxEjectionPercent": None, "minHealthPercent": None, "splitExternalLocalOriginErrors": None},
    "portLevelSettings": None, "proxyProtocol": None, "tls": {"caCertificates": None, "caCrl": None, "clientCertificate": None, "credentialName": None, "insecureSkipVerify": None, "mode": None, "privateKey": None, "sni": None, "subjectAltNames": None}, "tunnel": None}}}
VS_SCHEMA = {"spec": {"exportTo": None, "gateways": None, "hosts": None, "tcp": None, "tls": None, "http": [{
    "corsPolicy": None, "delegate": None, "directResponse": None, "fault": None, "headers": None, "match": [{"authority": None, "gateways": None, "headers": None, "ignoreUriCase": None, "method": None, "name": None, "port": None, "queryParams": None, "scheme": None, "sourceLabels": None, "sourceNamespace": None, "statPrefix": None, "uri": {"exact": None, "prefix": None, "regex": None}, "withoutHeaders": None}],
    "mirror": None, "mirrorPercentage": None, "mirrors": None, "name": None, "redirect": None,
    "retries": {"attempts": None, "perTryTimeout": None, "retryOn": None, "retryRemoteLocalities": None},
    "rewrite": None, "route": [{"destination": {"host": None, "port": {"number": None}, "subset": None}, "headers": None, "weight": None}], "timeout": None}]}}
GW_SCHEMA = {"spec": {"selector": None, "servers": [{"bind": None, "defaultEndpoint": None, "hosts": None, "name": None, "port": {"name": None, "number": None, "protocol": None, "targetPort": None},
                                                     "tls": {"caCertificates": None, "caCrl": None, "cipherSuites": None, "credentialName": None, "credentialNames": None, "httpsRedirect": None, "maxProtocolVersion": None, "minProtocolVersion": None, "mode": None, "privateKey": None, "serverCertificate": None, "subjectAltNames": None, "tlsCertificates": None, "verifyCertificateHash": None, "verifyCertificateSpki": None}}]}}
AP_SCHEMA = {"spec": {"action": None, "provider": None, "rules": [{"from": [{"source": {"ipBlocks": None, "namespaces": None, "notIpBlocks": None, "notNamespaces": None, "notPrincipals": None, "notRemoteIpBlocks": None, "notRequestPrincipals": None, "principals": None, "remoteIpBlocks": None, "requestPrincipals": None}}], "to": [{"operation": {"hosts": None, "methods": None, "notHosts": None, "notMethods": None, "notPaths": None, "notPorts": None, "paths": None, "ports": None}}], "when": None}], "selector": None, "targetRef": None, "targetRefs": None}}


def istio(env, drift=None):
    drift = drift or {}
    e = env["tok"]
    ns = f"shop-{e}"
    host = f"shop.{e}.acme-retail.eu"
    dr_tp = {
        "connectionPool": {"tcp": {"maxConnections": 200, "connectTimeout": "3s"}, "http": {"http1MaxPendingRequests": 100, "maxRequestsPerConnection": 100, "idleTimeout": "60s"}},
        "loadBalancer": {"simple": "LEAST_REQUEST"},
        "outlierDetection": {"consecutive5xxErrors": 5, "interval": "30s", "baseEjectionTime": "30s", "maxEjectionPercent": 50},
        "tls": {"mode": "ISTIO_MUTUAL"},
    }
    if drift.get("no_outlier"):
        del dr_tp["outlierDetection"]
    return [
        manifest_res("peer_authentication", {"apiVersion": "security.istio.io/v1", "kind": "PeerAuthentication",
                                              "metadata": {"name": "default", "namespace": ns}, "spec": {"mtls": {"mode": drift.get("mtls", "STRICT")}}}, PA_SCHEMA),
        manifest_res("destination_rule", {"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
                                           "metadata": {"name": "orders-api", "namespace": ns},
                                           "spec": {"host": f"orders-api.{ns}.svc.cluster.local", "trafficPolicy": dr_tp}}, DR_SCHEMA),
        manifest_res("virtual_service", {"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
                                          "metadata": {"name": "shop", "namespace": ns},
                                          "spec": {"hosts": [host], "gateways": [f"istio-ingress/shop-{e}"], "http": [
                                              {"name": "orders", "match": [{"uri": {"prefix": "/api/orders"}}],
                                               "route": [{"destination": {"host": f"orders-api.{ns}.svc.cluster.local", "port": {"number": 8080}}}],
                                               "timeout": drift.get("timeout", "10s"),
                                               "retries": {"attempts": 3, "perTryTimeout": "2s", "retryOn": "5xx,reset,connect-failure"}},
                                              {"name": "storefront", "match": [{"uri": {"prefix": "/"}}],
                                               "route": [{"destination": {"host": f"storefront.{ns}.svc.cluster.local", "port": {"number": 3000}}}],
                                               "timeout": "15s"}]}}, VS_SCHEMA),
        manifest_res("gateway", {"apiVersion": "networking.istio.io/v1", "kind": "Gateway",
                                  "metadata": {"name": f"shop-{e}", "namespace": "istio-ingress"},
                                  "spec": {"selector": {"istio": "ingressgateway"}, "servers": [
                                      {"port": {"number": 443, "name": "https", "protocol": "HTTPS"}, "hosts": [host],
                                       "tls": {"mode": "SIMPLE", "credentialName": f"shop-{e}-tls", "minProtocolVersion": drift.get("min_tls", "TLSV1_2")}},
                                      {"port": {"number": 80, "name": "http", "protocol": "HTTP"}, "hosts": [host], "tls": {"httpsRedirect": True}}]}}, GW_SCHEMA),
        manifest_res("authorization_policy", {"apiVersion": "security.istio.io/v1", "kind": "AuthorizationPolicy",
                                               "metadata": {"name": "orders-api", "namespace": ns},
                                               "spec": {"selector": {"matchLabels": {"app": "orders-api"}}, "action": "ALLOW", "rules": [
                                                   {"from": [{"source": {"principals": ["cluster.local/ns/istio-ingress/sa/istio-ingressgateway", f"cluster.local/ns/{ns}/sa/storefront"]}}],
                                                    "to": [{"operation": {"methods": ["GET", "POST"], "paths": ["/api/orders*"]}}]}]}}, AP_SCHEMA),
    ]


def cases():
    s = {"name": "staging", "tok": "staging", "seed": "ist-s"}
    p = {"name": "production", "tok": "production", "seed": "ist-p"}
    write_case(
        "kubernetes", "istio-mesh-policies-raw-state",
        "Istio objects of a shop namespace as kubernetes_manifest resources in raw states, where the manifest and "
        "object attributes are dynamic values stored with their cty type: strict mTLS, a DestinationRule with "
        "connection pool limits and outlier detection, a VirtualService with retries and timeouts, an HTTPS "
        "Gateway (TLS 1.2 minimum, redirect on port 80) and an AuthorizationPolicy. Namespaces, hosts and the "
        "TLS secret name carry the environment.",
        SRC + "raw state (version 4) written by Terraform 1.6.6.",
        0.5, [],
        raw_state(wrap_dynamic(istio(s)), "1.6.6", 14, "ist-s"),
        raw_state(wrap_dynamic(istio(p)), "1.6.6", 22, "ist-p"),
        ext="tfstate",
    )
    s = {"name": "staging", "tok": "stg", "seed": "ist-s2"}
    p = {"name": "production", "tok": "prod", "seed": "ist-p2"}
    drift = {"mtls": "PERMISSIVE", "no_outlier": True, "timeout": "30s", "min_tls": "TLSV1_0"}
    write_case(
        "kubernetes", "istio-permissive-outlier-timeout-tls",
        "The Istio objects of kubernetes/istio-mesh-policies-raw-state shown by Terraform 1.8.5: staging accepts "
        "plain-text traffic (mTLS PERMISSIVE), its DestinationRule no longer ejects failing endpoints, the orders "
        "route waits 30 s instead of 10 s, and the gateway accepts TLS 1.0.",
        SRC + "`terraform show -json` of a state by Terraform 1.8.5 (format_version 1.0).",
        0.5,
        [
            L("config_drift", "kubernetes_manifest.peer_authentication", "manifest.spec.mtls.mode", "Staging's namespace accepts plain-text traffic (PERMISSIVE); production requires mTLS (STRICT)."),
            L("config_drift", "kubernetes_manifest.destination_rule", "manifest.spec.trafficPolicy.outlierDetection", "Staging's DestinationRule has no outlier detection, so failing pods keep receiving requests; production ejects them after 5 consecutive 5xx.", prefix=True),
            L("config_drift", "kubernetes_manifest.virtual_service", "manifest.spec.http", "Staging's orders route times out after 30s, production's after 10s.", prefix=True),
            L("config_drift", "kubernetes_manifest.gateway", "manifest.spec.servers", "Staging's gateway accepts TLS 1.0 (minProtocolVersion TLSV1_0); production requires TLS 1.2.", prefix=True),
        ],
        show_state(istio(s, drift), "1.0", "1.8.5"),
        show_state(istio(p), "1.0", "1.8.5"),
    )


if __name__ == "__main__":
    cases()
