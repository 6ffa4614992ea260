package parity_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

func settingsEnv(v parity.Value) parity.Environment {
	return parity.Environment{Resources: []parity.Resource{{Values: v}}}
}

func compare(t *testing.T, staging, production parity.Value, rules parity.Rules) *parity.Report {
	t.Helper()
	rep, err := parity.Compare(settingsEnv(staging), settingsEnv(production), rules)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

type brief struct {
	Kind                parity.FindingKind
	Path                string
	Staging, Production string
	Expected            string
	Sensitive           bool
}

func briefs(fs []parity.Finding) []brief {
	out := []brief{}
	for _, f := range fs {
		out = append(out, brief{f.Kind, f.Path, f.Staging, f.Production, f.Expected, f.Sensitive})
	}
	return out
}

// TestScalarSides compares settings values that are not objects: a
// difference is config drift at the root path, and the hashes agree with
// the verdict.
func TestScalarSides(t *testing.T) {
	t.Parallel()
	obj := parity.Object(map[string]parity.Value{"a": parity.Int(1)})
	tests := []struct {
		name                string
		staging, production parity.Value
		want                []brief
		message             string
	}{
		{"two strings", parity.String("x"), parity.String("y"),
			[]brief{{Kind: parity.FindingConfigDrift, Staging: "x", Production: "y"}}, `The value differs: staging has x, production has y.`},
		{"number and object", parity.Int(3), obj,
			[]brief{{Kind: parity.FindingConfigDrift, Staging: "3", Production: `{"a":1}`}}, `The value differs: staging has 3, production has {"a":1}.`},
		{"bool and null", parity.Bool(true), parity.Null(),
			[]brief{{Kind: parity.FindingConfigDrift, Staging: "true"}}, `The value is set in staging (true) but not in production.`},
		{"list and string", parity.List(parity.Int(1)), parity.String("1"),
			[]brief{{Kind: parity.FindingConfigDrift, Staging: "[1]", Production: "1"}}, `The value differs: staging has [1], production has 1.`},
		{"equal strings", parity.String("x"), parity.String("x"), []brief{}, ""},
		{"environment tokens", parity.String("db-staging"), parity.String("db-production"), []brief{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rep := compare(t, tt.staging, tt.production, parity.Rules{})
			if diff := cmp.Diff(tt.want, briefs(rep.Findings)); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
			if len(tt.want) > 0 && rep.Findings[0].Message != tt.message {
				t.Errorf("message = %q, want %q", rep.Findings[0].Message, tt.message)
			}
			if inParity, sameHash := rep.InParity(), rep.StagingHash == rep.ProductionHash; inParity != (len(tt.want) == 0) || sameHash != inParity {
				t.Errorf("in parity %v, equal hashes %v, with %d findings", inParity, sameHash, len(tt.want))
			}
		})
	}
}

// TestSecretsCountedAsIgnored checks each way a value is secret: none is
// compared, each is counted with its reason, and the setting names that
// only look like secret names are compared.
func TestSecretsCountedAsIgnored(t *testing.T) {
	t.Parallel()
	jwt := func(sub string) string {
		return "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI" + sub + "In0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
	}
	env := func(pass, conn, token, tokens, perms string) parity.Value {
		return parity.Object(map[string]parity.Value{
			"db_password": parity.String(pass),
			"conn":        parity.String(conn).MarkSensitive(),
			"session":     parity.String(token),
			"metadata_options": parity.Object(map[string]parity.Value{
				"http_tokens": parity.String(tokens),
			}),
			"secret_permissions": parity.List(parity.String(perms)),
		})
	}
	staging := env("planted-aa11", "planted-bb22", jwt("xMjM"), "optional", "Get")
	production := env("planted-cc33", "planted-dd44", jwt("yNDU"), "required", "List")
	rep := compare(t, staging, production, parity.Rules{})
	want := []brief{
		{Kind: parity.FindingConfigDrift, Path: "metadata_options.http_tokens", Staging: "optional", Production: "required"},
		{Kind: parity.FindingConfigDrift, Path: "secret_permissions[0]", Staging: "Get", Production: "List"},
	}
	if diff := cmp.Diff(want, briefs(rep.Findings)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	var ignored []string
	for _, ig := range rep.Ignored {
		ignored = append(ignored, ig.Path+" "+ig.Rule)
	}
	wantIgnored := []string{"conn secret (sensitive mark)", "db_password secret (by name)", "session secret (by look)"}
	if diff := cmp.Diff(wantIgnored, ignored); diff != "" {
		t.Errorf("ignored (-want +got):\n%s", diff)
	}
	if n := rep.SecretsNotCompared(); n != 3 {
		t.Errorf("SecretsNotCompared() = %d, want 3", n)
	}
	if dump := fmt.Sprintf("%+v", rep); strings.Contains(dump, "planted-") || strings.Contains(dump, "eyJ") {
		t.Errorf("a secret is in the report: %s", dump)
	}
}

// TestConfigRuleComparesSecretMasked forces a secret-named path to be
// compared: it drifts, and neither its fields nor its message show it.
func TestConfigRuleComparesSecretMasked(t *testing.T) {
	t.Parallel()
	staging := parity.Object(map[string]parity.Value{"db_password": parity.String("planted-aa11"), "dsn": parity.String("planted-bb22").MarkSensitive()})
	production := parity.Object(map[string]parity.Value{"db_password": parity.String("planted-cc33"), "dsn": parity.String("planted-dd44").MarkSensitive()})
	rep := compare(t, staging, production, parity.Rules{Configs: []parity.ConfigRule{{Pattern: "db_password"}, {Pattern: "dsn"}}})
	want := []brief{
		{Kind: parity.FindingConfigDrift, Path: "db_password", Staging: parity.SensitiveMask, Production: parity.SensitiveMask, Sensitive: true},
		{Kind: parity.FindingConfigDrift, Path: "dsn", Staging: parity.SensitiveMask, Production: parity.SensitiveMask, Sensitive: true},
	}
	if diff := cmp.Diff(want, briefs(rep.Findings)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	for _, f := range rep.Findings {
		if f.Message != f.Path+" differs between staging and production (the values are secret and not shown)." {
			t.Errorf("message = %q", f.Message)
		}
	}
	if rep.StagingHash != rep.ProductionHash {
		t.Error("secrets compared by a config rule are in the hashes")
	}
}

// TestDigestOptIn compares opted-in secrets by keyed digest and keeps every
// secret out of the hashes.
func TestDigestOptIn(t *testing.T) {
	t.Parallel()
	env := func(pass string) parity.Value {
		return parity.Object(map[string]parity.Value{"db_password": parity.String(pass), "port": parity.Int(5432)})
	}
	rules := parity.Rules{Secrets: []parity.SecretRule{{Pattern: "db_password"}}}
	same := compare(t, env("1234"), env("1234"), rules)
	if len(same.Findings) != 0 {
		t.Errorf("equal secrets drift: %+v", same.Findings)
	}
	differ := compare(t, env("1234"), env("1235"), rules)
	want := []brief{{Kind: parity.FindingConfigDrift, Path: "db_password", Staging: parity.SensitiveMask, Production: parity.SensitiveMask, Sensitive: true}}
	if diff := cmp.Diff(want, briefs(differ.Findings)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	// A four-digit PIN in a published hash is found in 10,000 tries; the
	// hashes must not depend on it at all.
	if differ.StagingHash != differ.ProductionHash || differ.StagingHash != same.StagingHash {
		t.Errorf("hashes depend on a secret: %s %s %s", differ.StagingHash, differ.ProductionHash, same.StagingHash)
	}
	h1, err := parity.HashSettings(env("1234"), rules)
	if err != nil {
		t.Fatal(err)
	}
	h2, _ := parity.HashSettings(env("9999"), rules)
	h3, _ := parity.HashSettings(env("1234"), parity.Rules{})
	if h1 != h2 || h1 != h3 {
		t.Errorf("HashSettings depends on a secret: %s %s %s", h1, h2, h3)
	}
}

// TestRedactModes plants distinctive strings in every kind of finding and
// checks what each mode shows.
func TestRedactModes(t *testing.T) {
	t.Parallel()
	env := func(name, endpoint, instanceType string, count int64, listItem string) parity.Value {
		return parity.Object(map[string]parity.Value{
			"name":          parity.String(name),
			"endpoint":      parity.String(endpoint),
			"instance_type": parity.String(instanceType),
			"timeout":       parity.Int(count),
			"hosts":         parity.List(parity.String(listItem)),
			"nested":        parity.Object(map[string]parity.Value{"value": parity.String(listItem)}),
		})
	}
	staging := env("planted-aa11", "planted-bb22", "t3.medium", 10, "planted-cc33")
	production := env("planted-dd44", "planted-ee55", "t3.xlarge", 30, "planted-ff66")
	tests := []struct {
		redact parity.Redact
		want   []brief
	}{
		{parity.RedactSecrets, []brief{
			{Kind: parity.FindingConfigDrift, Path: "endpoint", Staging: "planted-bb22", Production: "planted-ee55"},
			{Kind: parity.FindingConfigDrift, Path: "hosts[0]", Staging: "planted-cc33", Production: "planted-ff66"},
			{Kind: parity.FindingSizeRatio, Path: "instance_type", Staging: "t3.medium", Production: "t3.xlarge", Expected: "t3.large"},
			{Kind: parity.FindingConfigDrift, Path: "name", Staging: "planted-aa11", Production: "planted-dd44"},
			{Kind: parity.FindingConfigDrift, Path: "nested.value", Staging: "planted-cc33", Production: "planted-ff66"},
			{Kind: parity.FindingConfigDrift, Path: "timeout", Staging: "10", Production: "30"},
		}},
		{parity.RedactStrings, []brief{
			{Kind: parity.FindingConfigDrift, Path: "endpoint", Staging: parity.RedactedMask, Production: parity.RedactedMask},
			{Kind: parity.FindingConfigDrift, Path: "hosts[0]", Staging: parity.RedactedMask, Production: parity.RedactedMask},
			{Kind: parity.FindingSizeRatio, Path: "instance_type", Staging: "t3.medium", Production: "t3.xlarge", Expected: "t3.large"},
			{Kind: parity.FindingConfigDrift, Path: "name", Staging: parity.RedactedMask, Production: parity.RedactedMask},
			{Kind: parity.FindingConfigDrift, Path: "nested.value", Staging: parity.RedactedMask, Production: parity.RedactedMask},
			{Kind: parity.FindingConfigDrift, Path: "timeout", Staging: "10", Production: "30"},
		}},
		{parity.RedactAll, []brief{
			{Kind: parity.FindingConfigDrift, Path: "endpoint", Staging: parity.RedactedMask, Production: parity.RedactedMask},
			{Kind: parity.FindingConfigDrift, Path: "hosts[0]", Staging: parity.RedactedMask, Production: parity.RedactedMask},
			{Kind: parity.FindingSizeRatio, Path: "instance_type", Staging: parity.RedactedMask, Production: parity.RedactedMask, Expected: "t3.large"},
			{Kind: parity.FindingConfigDrift, Path: "name", Staging: parity.RedactedMask, Production: parity.RedactedMask},
			{Kind: parity.FindingConfigDrift, Path: "nested.value", Staging: parity.RedactedMask, Production: parity.RedactedMask},
			{Kind: parity.FindingConfigDrift, Path: "timeout", Staging: parity.RedactedMask, Production: parity.RedactedMask},
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.redact), func(t *testing.T) {
			t.Parallel()
			rep := compare(t, staging, production, parity.Rules{Ratio: 0.5, Redact: tt.redact})
			if diff := cmp.Diff(tt.want, briefs(rep.Findings)); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
			dump := fmt.Sprintf("%+v", rep.Findings)
			if tt.redact != parity.RedactSecrets && strings.Contains(dump, "planted-") {
				t.Errorf("a hidden string is in the findings: %s", dump)
			}
			if tt.redact == parity.RedactAll {
				for _, hidden := range []string{"t3.medium", "t3.xlarge", "10", "30"} {
					if strings.Contains(dump, hidden) {
						t.Errorf("redact = all shows %q: %s", hidden, dump)
					}
				}
			}
		})
	}
}

// TestRedactStringsKindMismatch: a message that cannot quote the values
// says what kinds they are.
func TestRedactStringsKindMismatch(t *testing.T) {
	t.Parallel()
	rep := compare(t, parity.Object(map[string]parity.Value{"port": parity.String("planted-aa11")}),
		parity.Object(map[string]parity.Value{"port": parity.Int(5432)}), parity.Rules{Redact: parity.RedactStrings})
	if len(rep.Findings) != 1 {
		t.Fatalf("findings: %+v", rep.Findings)
	}
	f := rep.Findings[0]
	want := `port differs: staging has a string, production has a number (the values are hidden: redact = "strings").`
	if f.Message != want || f.Staging != parity.RedactedMask || f.Production != "5432" {
		t.Errorf("finding = %+v, want message %q", f, want)
	}
}

// TestLookSecretsInContainers masks credential-shaped strings inside a
// value shown whole.
func TestLookSecretsInContainers(t *testing.T) {
	t.Parallel()
	const key = "AKIAY34FZKBOKMUTVV7A"
	rep := compare(t, parity.Object(map[string]parity.Value{"env": parity.Object(map[string]parity.Value{"AWS_KEY": parity.String(key)})}),
		parity.Object(map[string]parity.Value{}), parity.Rules{})
	if len(rep.Findings) != 1 || strings.Contains(fmt.Sprintf("%+v", rep.Findings), key) {
		t.Errorf("findings: %+v", rep.Findings)
	}
}

func TestInvalidRedactAndRatio(t *testing.T) {
	t.Parallel()
	for _, rules := range []parity.Rules{
		{Redact: "none"}, {Ratio: -1}, {Ratio: 2e6}, {Ratio: 1e-9},
		{Sizes: []parity.SizeRule{{Pattern: "a", Ratio: 1e-9}}},
	} {
		if err := parity.ValidateRules(rules); err == nil {
			t.Errorf("ValidateRules(%+v) accepted", rules)
		}
	}
}

// TestSecretContainersAndPresence plants secrets under ordinary names in
// maps whose names say they hold secrets (Heroku's sensitive_config_vars,
// an Azure container group's secure_environment_variables) and a token that
// one environment passes in a plain variable and the other in a secure
// one: no value is shown, the containers' values are not compared, and the
// secret set in one environment only is reported, on each side, without
// its value.
func TestSecretContainersAndPresence(t *testing.T) {
	t.Parallel()
	env := func(key, license string, plainToken, secureToken bool) parity.Value {
		plain := map[string]parity.Value{"LOG_LEVEL": parity.String("info")}
		secure := map[string]parity.Value{"LICENSE": parity.String(license)}
		if plainToken {
			plain["LABEL_API_TOKEN"] = parity.String("planted-tok-" + key)
		}
		if secureToken {
			secure["LABEL_API_TOKEN"] = parity.String("planted-tok-" + key)
		}
		return parity.Object(map[string]parity.Value{
			"sensitive_config_vars":        parity.Object(map[string]parity.Value{"SECRET_KEY_BASE": parity.String("planted-skb-" + key)}),
			"environment_variables":        parity.Object(plain),
			"secure_environment_variables": parity.Object(secure),
		})
	}
	staging := env("aa11", "planted-lic-1", true, false)
	production := env("cc33", "planted-lic-2", false, true)
	rep := compare(t, staging, production, parity.Rules{})
	var got []string
	for _, f := range rep.Findings {
		got = append(got, fmt.Sprintf("%s %s sensitive=%v: %s", f.Kind, f.Path, f.Sensitive, f.Message))
	}
	want := []string{
		`config_drift environment_variables.LABEL_API_TOKEN sensitive=true: environment_variables.LABEL_API_TOKEN is a secret set in staging only; its value is not shown.`,
		`config_drift secure_environment_variables.LABEL_API_TOKEN sensitive=true: secure_environment_variables.LABEL_API_TOKEN is a secret set in production only; its value is not shown.`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if dump := fmt.Sprintf("%+v", rep); strings.Contains(dump, "planted-") {
		t.Errorf("a secret is in the report: %s", dump)
	}
	if !parity.IsSecretName("secret_key_base") {
		t.Error(`IsSecretName("secret_key_base") = false, want true`)
	}
}

// TestSecretsBesideTheirNames: values whose secret name is not their own
// attribute's, found by the fifth held-out corpus in documents without
// sensitive marks: the value of a name/value pair named like a secret (an
// Elastic Beanstalk setting, a container's environment list), the data of
// a Kubernetes Secret, and a secure_*_data_encoded map. None is printed or
// hashed; the pairs' names and ordinary values are still compared.
func TestSecretsBesideTheirNames(t *testing.T) {
	t.Parallel()
	pair := func(name, value string) parity.Value {
		return parity.Object(map[string]parity.Value{"namespace": parity.String("aws:elasticbeanstalk:application:environment"),
			"name": parity.String(name), "value": parity.String(value)})
	}
	resource := func(key, level string) parity.Environment {
		return parity.Environment{Resources: []parity.Resource{
			{Address: "aws_elastic_beanstalk_environment.app", Mode: "managed", Type: "aws_elastic_beanstalk_environment",
				Values: parity.Object(map[string]parity.Value{"setting": parity.Set(
					pair("SENTRY_DSN", "planted-dsn-"+key), pair("DB_PASSWORD", "planted-pw-"+key), pair("LOG_LEVEL", level))})},
			{Address: "kubernetes_secret.pull", Mode: "managed", Type: "kubernetes_secret",
				Values: parity.Object(map[string]parity.Value{
					"type": parity.String("kubernetes.io/dockerconfigjson"),
					"data": parity.Object(map[string]parity.Value{".dockerconfigjson": parity.String(`{"auths":{"ghcr.io":{"auth":"planted-auth-` + key + `"}}}`)})})},
			{Address: "grafana_data_source.loki", Mode: "managed", Type: "grafana_data_source",
				Values: parity.Object(map[string]parity.Value{
					"secure_json_data_encoded": parity.String(`{"httpHeaderValue1":"planted-hdr-` + key + `"}`)})},
		}}
	}
	staging, production := resource("aa11", "debug"), resource("cc33", "info")
	// Other secrets give the same hash.
	for _, level := range []string{"debug", "info"} {
		h1, err := parity.HashEnvironment(resource("aa11", level), parity.Rules{})
		if err != nil {
			t.Fatal(err)
		}
		if h2, _ := parity.HashEnvironment(resource("zz99", level), parity.Rules{}); h1 != h2 {
			t.Errorf("the configuration hash depends on secret values")
		}
	}
	rep, err := parity.Compare(staging, production, parity.Rules{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range rep.Findings {
		got = append(got, fmt.Sprintf("%s %s %s", f.Kind, f.Address, f.Path))
	}
	// Only the log level, an ordinary setting, differs as configuration.
	if len(got) != 1 || !strings.Contains(got[0], "config_drift aws_elastic_beanstalk_environment.app setting") {
		t.Errorf("findings %q; want one config drift of the LOG_LEVEL setting", got)
	}
	if dump := fmt.Sprintf("%+v", rep); strings.Contains(dump, "planted-") {
		t.Errorf("a secret is in the report: %s", dump)
	}
	if !parity.IsSecretName("SENTRY_DSN") {
		t.Error(`IsSecretName("SENTRY_DSN") = false, want true`)
	}
}

// TestDocumentWithASecretIsComparedLeafByLeaf: Helm values (a YAML
// document in a string) holding an SMTP URL with its password look secret
// as a whole; they are compared setting by setting all the same, the URL
// masked and not compared, so that a network policy turned off in staging
// is found. Found by the fifth held-out corpus, where the whole document
// went uncompared. Also: binding to every interface rather than the
// loopback one is configuration, not each environment's own address.
func TestDocumentWithASecretIsComparedLeafByLeaf(t *testing.T) {
	t.Parallel()
	values := func(password string, policy bool, bind string) parity.Value {
		return parity.Object(map[string]parity.Value{
			"values": parity.String("smtp:\n  url: smtp://mailer:" + password + "@mail.internal:587\nnetworkPolicy:\n  enabled: " +
				strconv.FormatBool(policy) + "\nreplicaCount: 2\n"),
			"bind": parity.String(bind),
		})
	}
	staging, production := values("planted-pw-aa11", false, "0.0.0.0"), values("planted-pw-cc33", true, "127.0.0.1")
	rep := compare(t, staging, production, parity.Rules{})
	var got []string
	for _, f := range rep.Findings {
		got = append(got, string(f.Kind)+" "+f.Path)
	}
	want := []string{"config_drift bind", "config_drift values.networkPolicy.enabled"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if dump := fmt.Sprintf("%+v", rep); strings.Contains(dump, "planted-") {
		t.Errorf("a secret is in the report: %s", dump)
	}
	h1, _ := parity.HashSettings(staging, parity.Rules{})
	h2, _ := parity.HashSettings(values("planted-pw-zz99", false, "0.0.0.0"), parity.Rules{})
	if h1 != h2 {
		t.Error("the configuration hash depends on the password inside the document")
	}
}

// TestHashLeavesOutCredentialKeys: a map keyed by credentials hashes alike
// whatever the credentials (the hash is published; a key in it could be
// guessed against it), while ordinary keys still count.
func TestHashLeavesOutCredentialKeys(t *testing.T) {
	t.Parallel()
	keyed := func(key string) parity.Value {
		return parity.Object(map[string]parity.Value{"grants": parity.Object(map[string]parity.Value{key: parity.String("read")})})
	}
	hash := func(v parity.Value) string {
		h, err := parity.HashSettings(v, parity.Rules{})
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	if hash(keyed("AKIAIOSFODNN7EXAMPLE")) != hash(keyed("AKIAJ7Q2ZK4LMNB3XYZA")) {
		t.Error("the hash depends on a credential used as a map key")
	}
	if hash(keyed("analytics-team")) == hash(keyed("billing-team")) {
		t.Error("the hash ignores ordinary map keys")
	}
}
