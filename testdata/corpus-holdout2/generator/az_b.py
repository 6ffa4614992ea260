from azcommon import *

SRC_APIM = ("hashicorp/azurerm provider documentation for azurerm_api_management, azurerm_api_management_api, "
            "azurerm_api_management_api_policy (XML), azurerm_api_management_named_value, "
            "azurerm_api_management_product, azurerm_api_management_logger and "
            "azurerm_api_management_api_diagnostic; ")

POLICY = """<policies>
\t<inbound>
\t\t<base />
\t\t<cors allow-credentials="true">
\t\t\t<allowed-origins>
\t\t\t\t<origin>https://shop.%(env)s.acme-retail.eu</origin>
\t\t\t</allowed-origins>
\t\t\t<allowed-methods>
\t\t\t\t<method>GET</method>
\t\t\t\t<method>POST</method>
\t\t\t</allowed-methods>
\t\t</cors>
%(jwt)s\t\t<rate-limit-by-key calls="%(calls)d" renewal-period="60" counter-key="@(context.Subscription.Id)" />
\t\t<set-header name="X-Request-Id" exists-action="skip">
\t\t\t<value>@(context.RequestId.ToString())</value>
\t\t</set-header>
\t\t<set-backend-service backend-id="orders-backend" />
\t</inbound>
\t<backend>
\t\t<forward-request timeout="30" />
\t</backend>
\t<outbound>
\t\t<base />
\t\t<set-header name="X-Powered-By" exists-action="delete" />
\t</outbound>
\t<on-error>
\t\t<base />
\t</on-error>
</policies>"""

JWT = """\t\t<validate-jwt header-name="Authorization" failed-validation-httpcode="401" require-scheme="Bearer">
\t\t\t<openid-config url="https://login.microsoftonline.com/%(tenant)s/v2.0/.well-known/openid-configuration" />
\t\t\t<audiences>
\t\t\t\t<audience>api://orders-%(env)s</audience>
\t\t\t</audiences>
\t\t\t<required-claims>
\t\t\t\t<claim name="roles" match="any">
\t\t\t\t\t<value>Orders.ReadWrite</value>
\t\t\t\t</claim>
\t\t\t</required-claims>
\t\t</validate-jwt>
"""


def security(tls11=False):
    s = {}
    for k in ("backend_ssl30", "backend_tls10", "backend_tls11", "frontend_ssl30", "frontend_tls10", "frontend_tls11"):
        s[f"{k}_enabled"] = tls11 if k == "frontend_tls11" else False
    for c in ("tls_ecdhe_ecdsa_with_aes128_cbc_sha_ciphers", "tls_ecdhe_ecdsa_with_aes256_cbc_sha_ciphers",
              "tls_ecdhe_rsa_with_aes128_cbc_sha_ciphers", "tls_ecdhe_rsa_with_aes256_cbc_sha_ciphers",
              "tls_rsa_with_aes128_cbc_sha256_ciphers", "tls_rsa_with_aes128_cbc_sha_ciphers",
              "tls_rsa_with_aes128_gcm_sha256_ciphers", "tls_rsa_with_aes256_cbc_sha256_ciphers",
              "tls_rsa_with_aes256_cbc_sha_ciphers", "tls_rsa_with_aes256_gcm_sha384_ciphers", "triple_des_ciphers"):
        s[f"{c}_enabled"] = False
    return [dict(sorted(s.items()))]


def apim(env, sku, calls=100, drift=None):
    drift = drift or {}
    app = "api"
    e = env["tok"]
    name = f"apim-shop-{e}"
    sid = rid(env, app, "Microsoft.ApiManagement", "service", name)
    t = aztags(env, "shop-api")
    ik = uid(env["seed"] + "aiik")
    rs = [
        R("azurerm_api_management", "shop", {
            "additional_location": [],
            "certificate": [],
            "client_certificate_enabled": False,
            "delegation": [],
            "developer_portal_url": f"https://{name}.developer.azure-api.net",
            "gateway_disabled": False,
            "gateway_regional_url": f"https://{name}-{LOC}-01.regional.azure-api.net",
            "gateway_url": f"https://{name}.azure-api.net",
            "hostname_configuration": [],
            "id": sid,
            "identity": [{"identity_ids": [], "principal_id": principal(env, "apim"), "tenant_id": env["tenant"], "type": "SystemAssigned"}],
            "location": LOC,
            "management_api_url": f"https://{name}.management.azure-api.net",
            "min_api_version": "2021-08-01",
            "name": name,
            "notification_sender_email": "apimgmt-noreply@mail.windowsazure.com",
            "portal_url": f"https://{name}.portal.azure-api.net",
            "private_ip_addresses": [ip(env["seed"] + "apimip", "10." + env["net"] + ".4")],
            "protocols": [{"enable_http2": True, "http2_enabled": True}],
            "public_ip_address_id": "",
            "public_ip_addresses": [ip(env["seed"] + "apimpub", "20.23")],
            "public_network_access_enabled": True,
            "publisher_email": "api-platform@acme-retail.eu",
            "publisher_name": "ACME Retail",
            "resource_group_name": rg(env, app),
            "scm_url": f"https://{name}.scm.azure-api.net",
            "security": security(drift.get("tls11", False)),
            "sign_in": [{"enabled": True}],
            "sign_up": [{"enabled": False, "terms_of_service": [{"consent_required": False, "enabled": False, "text": ""}]}],
            "sku_name": sku,
            "tags": t,
            "tenant_access": [],
            "timeouts": None,
            "virtual_network_configuration": [{"subnet_id": rid(env, "network", "Microsoft.Network", "virtualNetworks", f"vnet-{e}", "subnets", "snet-apim")}],
            "virtual_network_type": drift.get("vnet_type", "Internal"),
            "zones": [],
        }, schema_version=2),
        R("azurerm_api_management_api", "orders", {
            "api_management_name": name,
            "api_type": "http",
            "contact": [],
            "description": "Orders of the shop",
            "display_name": "Orders",
            "id": f"{sid}/apis/orders",
            "import": [],
            "is_current": True,
            "is_online": False,
            "license": [],
            "name": "orders",
            "oauth2_authorization": [],
            "openid_authentication": [],
            "path": "orders",
            "protocols": ["https"],
            "resource_group_name": rg(env, app),
            "revision": "4",
            "revision_description": "",
            "service_url": f"https://orders.internal.{e}.acme-retail.eu",
            "source_api_id": None,
            "subscription_key_parameter_names": [{"header": "Ocp-Apim-Subscription-Key", "query": "subscription-key"}],
            "subscription_required": True,
            "terms_of_service_url": "",
            "timeouts": None,
            "version": "",
            "version_description": "",
            "version_set_id": "",
        }),
        R("azurerm_api_management_api_policy", "orders", {
            "api_management_name": name,
            "api_name": "orders",
            "id": f"{sid}/apis/orders",
            "resource_group_name": rg(env, app),
            "timeouts": None,
            "xml_content": POLICY % {"env": e, "calls": calls, "jwt": "" if drift.get("no_jwt") else JWT % {"env": e, "tenant": env["tenant"]}},
            "xml_link": None,
        }),
        R("azurerm_api_management_named_value", "orders_client_secret", {
            "api_management_name": name,
            "display_name": "orders-client-secret",
            "id": f"{sid}/namedValues/orders-client-secret",
            "name": "orders-client-secret",
            "resource_group_name": rg(env, app),
            "secret": True,
            "tags": [],
            "timeouts": None,
            "value": None,
            "value_from_key_vault": [{"identity_client_id": "", "secret_id": f"https://kv-shop-{env['short']}.vault.azure.net/secrets/orders-client-secret"}],
        }, sensitive=["value"]),
        R("azurerm_api_management_product", "partners", {
            "api_management_name": name,
            "approval_required": True,
            "description": "Order access for logistics partners",
            "display_name": "Partners",
            "id": f"{sid}/products/partners",
            "product_id": "partners",
            "published": True,
            "resource_group_name": rg(env, app),
            "subscription_required": True,
            "subscriptions_limit": 5,
            "terms": "Use of the API is subject to the partner agreement.",
            "timeouts": None,
        }),
        R("azurerm_api_management_logger", "appinsights", {
            "api_management_name": name,
            "application_insights": [{"connection_string": f"InstrumentationKey={ik};IngestionEndpoint=https://{LOC}-5.in.applicationinsights.azure.com/;LiveEndpoint=https://{LOC}.livediagnostics.monitor.azure.com/", "instrumentation_key": ik}],
            "buffered": True,
            "description": "",
            "eventhub": [],
            "id": f"{sid}/loggers/appinsights",
            "name": "appinsights",
            "resource_group_name": rg(env, app),
            "resource_id": rid(env, app, "Microsoft.Insights", "components", f"appi-shop-{e}"),
            "timeouts": None,
        }, sensitive=[("application_insights", 0, "connection_string"), ("application_insights", 0, "instrumentation_key")]),
        R("azurerm_api_management_api_diagnostic", "orders", {
            "always_log_errors": True,
            "api_management_logger_id": f"{sid}/loggers/appinsights",
            "api_management_name": name,
            "api_name": "orders",
            "backend_request": [{"body_bytes": 0, "data_masking": [], "headers_to_log": ["X-Request-Id"]}],
            "backend_response": [{"body_bytes": 0, "data_masking": [], "headers_to_log": []}],
            "frontend_request": [{"body_bytes": 0, "data_masking": [{"headers": [{"mode": "Hide", "value": "Authorization"}], "query_params": []}], "headers_to_log": ["X-Request-Id"]}],
            "frontend_response": [{"body_bytes": 0, "data_masking": [], "headers_to_log": []}],
            "http_correlation_protocol": "W3C",
            "id": f"{sid}/apis/orders/diagnostics/applicationinsights",
            "identifier": "applicationinsights",
            "log_client_ip": True,
            "operation_name_format": "Name",
            "resource_group_name": rg(env, app),
            "sampling_percentage": 100,
            "timeouts": None,
            "verbosity": "information",
        }),
    ]
    return rs


def cases():
    s = dict(AS, seed="apim-s", net="31")
    p = dict(AP, seed="apim-p", net="51")
    pol = "azurerm_api_management_api_policy.orders"
    write_case(
        "azure", "api-management-policy-update-plan",
        "An internal (VNet) API Management service with an orders API, its XML policy (CORS, JWT validation "
        "against Entra ID, a per-subscription rate limit, backend routing), a Key Vault backed named value, a "
        "product, an Application Insights logger and API diagnostics. Both plans update the policy in place, "
        "raising the rate limit from 50 to 100 calls a minute. Production runs Premium_2, staging Premium_1; "
        "the policy's audience and origin name each environment.",
        SRC_APIM + "`terraform show -json` of plans by Terraform 1.10.5 (format_version 1.2).",
        0.5, [],
        show_plan(apim(s, "Premium_1"), apim(s, "Premium_1", 50), "1.2", "1.10.5", actions={pol: ["update"]}, timestamp="2025-05-14T13:20:55Z",
                  relevant=[{"resource": pol, "attribute": ["xml_content"]}]),
        show_plan(apim(p, "Premium_2"), apim(p, "Premium_2", 50), "1.2", "1.10.5", actions={pol: ["update"]}, timestamp="2025-05-14T13:24:09Z",
                  relevant=[{"resource": pol, "attribute": ["xml_content"]}]),
    )
    s = dict(AS, tok="stg", seed="apim-s2", net="31")
    p = dict(AP, tok="prod", seed="apim-p2", net="51")
    drift = {"no_jwt": True, "tls11": True, "vnet_type": "External"}
    write_case(
        "azure", "api-management-jwt-tls-exposure",
        "The API Management service of azure/api-management-policy-update-plan as raw states: staging's orders "
        "policy no longer validates the caller's JWT, its gateway accepts TLS 1.1 clients, and it is deployed "
        "into the VNet in External mode (gateway reachable from the internet) instead of Internal.",
        SRC_APIM + "raw state (version 4) written by Terraform 1.6.6.",
        0.5,
        [
            L("config_drift", "azurerm_api_management_api_policy.orders", "xml_content", "Staging's inbound policy has no validate-jwt, so any subscription key calls the orders API without a token; production requires a valid Entra ID token.", prefix=True),
            L("config_drift", "azurerm_api_management.shop", "security[0].frontend_tls11_enabled", "Staging's gateway accepts TLS 1.1 from clients; production's does not."),
            L("config_drift", "azurerm_api_management.shop", "virtual_network_type", "Staging's gateway is External (public); production's is Internal."),
        ],
        raw_state(apim(s, "Premium_1", 100, drift), "1.6.6", 58, "apim-s2"),
        raw_state(apim(p, "Premium_2", 100), "1.6.6", 93, "apim-p2"),
        ext="tfstate",
    )


if __name__ == "__main__":
    cases()
