package parity_test

import (
	"crypto/rand"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

func TestIsSecretName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want bool
	}{
		// Names that hold secrets.
		{"password", true},
		{"PGPASSWORD", true},
		{"DB_PASSWORD_2", true},
		{"DB_PASS", true},
		{"smtp_pwd", true},
		{"pass_through", false},
		{"bypass", false},
		{"api_key_10", true},
		{"MYSQL_ROOTPASSWORD", true},
		{"clientsecret", true},
		{"SENTRY_DSN", true},
		{"nexttoken", false},
		{"passwordless", false},
		{"db_password", true},
		{"master_password", true},
		{"Password", true},
		{"dbPassword", true},
		{"password2", true},
		{"passwd", true},
		{"admin_passphrase", true},
		{"secret", true},
		{"client_secret", true},
		{"clientSecret", true},
		{"secret_string", true},
		{"secret_binary", true},
		{"secret_key", true},
		{"secret_access_key", true},
		{"token", true},
		{"auth_token", true},
		{"access_token", true},
		{"refresh_token", true},
		{"sas_token", true},
		{"auth_tokens", true},
		{"tokens", true},
		{"private_key", true},
		{"private_key_pem", true},
		{"private_key_openssh", true},
		{"privateKey", true},
		{"api_key", true},
		{"x-api-key", true},
		{"APIKey", true},
		{"apikey", true},
		{"access_key", true},
		{"primary_access_key", true},
		{"client_key", true},
		{"credentials", true},
		{"credentials_json", true},
		{"connection_string", true},
		{"primary_connection_string", true},
		{"password_wo", true},
		{"password_hash", true},
		{"token_reviewer_jwt", true},
		{"settings.db[0].password", true},
		{`tags["db_password"]`, true},
		{"auth.tokens[0]", true},

		// Names that describe a secret: compared as configuration.
		{"password_length", false},
		{"min_password_length", false},
		{"token_ttl", false},
		{"token_expiry_seconds", false},
		{"secret_arn", false},
		{"secret_id", false},
		{"secret_name", false},
		{"access_key_id", false},
		{"aws_access_key_id", false},
		{"private_key_id", false},
		{"private_key_type", false},
		{"password_policy", false},
		{"password_wo_version", false},
		{"password_reset_required", false},
		{"api_key_required", false},
		{"api_key_source", false},
		{"auth_token_update_strategy", false},
		{"secret_key_ref", false},
		{"credentials_file", false},
		{"token_url", false},
		{"secret_status", false},
		{"secrets_enabled", false},
		{"client_secret_setting_name", false},
		// A key vault access policy's permission lists (issue 9).
		{"secret_permissions", false},
		{"key_permissions", false},
		{"certificate_permissions", false},
		// Switches about secrets.
		{"manage_master_user_password", false},
		{"generate_secret", false},
		{"allow_users_to_change_password", false},
		{"automount_service_account_token", false},
		// Plural tokens that are not credentials: IMDSv2's http_tokens is
		// "required" or "optional", a security setting that must match.
		{"http_tokens", false},
		{"metadata_options[0].http_tokens", false},
		{"max_tokens", false},

		// Unrelated names.
		{"", false},
		{"instance_type", false},
		{"hash_key", false},
		{"public_key", false},
		{"kms_key_id", false},
		{"tokenizer", false},
		{"passwordless_login", false},
		{"key", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := parity.IsSecretName(tt.name); got != tt.want {
				t.Errorf("IsSecretName(%q) = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}

// TestLooksSecret holds real-looking values of both kinds: credentials the
// masking must recognise by their shape alone, and the identifiers, digests
// and encodings real states are full of, which must stay comparable.
func TestLooksSecret(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		value string
		want  string // the shape, "" when not secret
	}{
		{"rsa private key", "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq...\n-----END RSA PRIVATE KEY-----\n", "a PEM private key"},
		{"pkcs8 private key", "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----", "a PEM private key"},
		{"openssh private key", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----", "a PEM private key"},
		{"jwt", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", "a JSON Web Token"},
		{"aws access key id", "AKIAIOSFODNN7EXAMPLE", "an AWS access key id"},
		{"aws session key id", "ASIAY34FZKBOKMUTVV7A", "an AWS access key id"},
		{"aws secret access key", "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", "a high-entropy string"},
		{"github token", "ghp_16C7e42F292c6912E7710c838347Ae178B4a", "a GitHub token"},
		{"github fine-grained token", "github_pat_11ABCDEFG0abcdefghijkl_mnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ012345", "a GitHub token"},
		{"gitlab token", "glpat-xZ8s2kQm4VbN7cR1tY3u", "a GitLab token"},
		{"slack bot token", "xoxb-2314159265-3587943827341-q7Lm2Xz9Rt4Vb8Nc0Wd6Ks1J", "a Slack token"},
		{"slack webhook", "https://hooks.slack.com/services/T01ABCDEF/B02GHIJKL/x8Yz2Qw4Er6Ty8Ui0Op2As4D", "a Slack webhook URL"},
		{"google api key", "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY", "a Google API key"},
		{"stripe live key", "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "a Stripe live key"},
		{"postgres uri", "postgres://app:s3cr3t-value@db.internal:5432/app?sslmode=require", "a URI with a password"},
		{"redis uri", "rediss://:hunter2@cache.internal:6380/0", "a URI with a password"},
		{"ado.net connection string", "Server=tcp:db.database.windows.net,1433;User ID=app;Password=Correct-Horse-9;Encrypt=true", "a connection string with a secret"},
		{"azure storage connection string", "DefaultEndpointsProtocol=https;AccountName=stprod;AccountKey=abc123==;EndpointSuffix=core.windows.net", "a connection string with a secret"},
		{"azure sas url", "https://stprod.blob.core.windows.net/c?sv=2022-11-02&ss=b&srt=o&sp=r&se=2030-01-01&sig=Zm9vYmFy%3D", "a connection string with a secret"},
		{"random alphanumeric", "9fJ2kLmQ8rT4vXz1BcD6eGh7NpW3sY5a", "a high-entropy string"},
		{"random base64 key", "K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unols=", "a high-entropy string"},
		{"random base64url", "Xq3_vN8-kD2mZ7pR4tW9yB1cF6hJ0sL5", "a high-entropy string"},
		// Credentials inside longer values (the fifth held-out corpus).
		{"bearer jwt", "Bearer eyJhbGciOiJIUzI1NiJ9.vgFGaSfpMzYx5XpgtTuSF8IolifLUY6wVY9zgFLsPsmx17NLkACLDgMcNt2C.NLtEB13CVi5WWqsvVM", "an authorization header's credential"},
		{"bearer grafana cloud token", "Bearer glc_N9zahvIvGqh9rGKuhuzeJSAoWD49qyVzRsQLQT4om26kDYGPFFKfXmwf", "a Grafana Cloud token"},
		{"basic credential", "Basic dXNlcjpodW50ZXIyLWxvbmc=", "a Basic authorization credential"},
		{"token scheme", "Token 7Fq2mZ9xK4pL1vN8", "an authorization header's credential"},
		{"github token after a user", "lumen-bot:ghp_qOdsqhlKG4fZ8ntNVlnsADOF2GhibACboSks", "a GitHub token"},
		{"base64 of user and github token", "bHVtZW4tYm90OmdocF9xT2RzcWhsS0c0Zlo4bnROVmxuc0FET0YyR2hpYkFDYm9Ta3M=", "base64 of a GitHub token"},
		{"vault token", "hvs.CAESIJ1x2y3z4A5B6C7D8E9F0G1H2I3J4K5L6M7N8O9P", "a Vault token"},
		{"sentry dsn", "https://a41c9e7f02b34d1c8e6f5a7b9c0d2e13@o417730.ingest.sentry.io/6806152", "a URI with a key as its user"},
		{"webhook with a token in the path", "https://chat.example.com/hooks/gitlab/Mfvu1n1KpzWZmWNCLksjnRiO", "a URL with a token in its path"},
		{"percent-encoded uri with a password", "postgres%3A%2F%2Fapp%3As3cr3t-value%40db.internal%3A5432%2Fapp", "percent-encoding of a URI with a password"},
		{"hex of a user and token", "626f743a6768705f714f647371686c4b4734665a386e744e566c6e7341444f4632476869624143626f536b73", "hex of a GitHub token"},
		{"hex of text", "73746167696e672d6461746162617365", ""},
		{"percent-encoded path", "https://example.com/a%20b/c", ""},

		// Hex digests and UUIDs.
		{"md5", "d41d8cd98f00b204e9800998ecf8427e", ""},
		{"sha1", "da39a3ee5e6b4b0d3255bfef95601890afd80709", ""},
		{"sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ""},
		{"sha256 upper case", "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", ""},
		{"prefixed digest", "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ""},
		{"uuid", "3f2504e0-4f89-11d3-9a0c-0305e82c3301", ""},
		{"uuid upper case", "3F2504E0-4F89-11D3-9A0C-0305E82C3301", ""},
		// ARNs, cloud ids and names.
		{"arn", "arn:aws:iam::123456789012:role/service-role/MyRole-abc123XYZ", ""},
		{"ami", "ami-0c55b159cbfafe1f0", ""},
		{"instance id", "i-0abcdef1234567890", ""},
		{"security group id", "sg-0123456789abcdef0", ""},
		{"volume id", "vol-049df61146c4d7901", ""},
		{"role unique id", "AROAEXAMPLEID1234567", ""},
		{"route53 zone id", "Z0123456789ABCDEFGHIJ", ""},
		{"cloudfront id", "E2QWRUHAPOMQZL", ""},
		{"gcp self link", "projects/my-project/zones/us-central1-a/instances/vm-1", ""},
		{"azure resource id", "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-prod/providers/Microsoft.Network/virtualNetworks/vnet-prod", ""},
		{"gke node pool", "gke-cluster-1-default-pool-1a2b3c4d-x9z8", ""},
		{"generated name", "terraform-20240101123456789000000001", ""},
		{"image", "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.2.3", ""},
		{"image digest", "ghcr.io/org/app@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ""},
		{"dns name", "my-alb-1234567890.us-east-1.elb.amazonaws.com", ""},
		{"url without password", "https://user@example.com/path", ""},
		{"git remote user", "ssh://git@github.com/org/repo.git", ""},
		{"url with an id in the path", "https://api.github.com/repos/org/repo/hooks/480785999", ""},
		{"url with a uuid in the path", "https://example.com/v1/items/3f2504e0-4f89-11d3-9a0c-0305e82c3301", ""},
		{"url with words in the path", "https://www.googleapis.com/compute/v1/projects/retail-orders-prod/global/networks/default", ""},
		{"authorization type", "AWS_IAM", ""},
		{"bearer without a credential", "Bearer token", ""},
		{"bearer placeholder", "Bearer ${API_TOKEN}", ""},
		{"a word after a scheme", "Basic authentication required", ""},
		{"url with port", "https://example.com:8443/path", ""},
		{"email", "ops+alerts@example.com", ""},
		// Ordinary identifiers.
		{"pascal case", "WebServerSecurityGroup2024", ""},
		{"a dated policy name", "AppGwSslPolicy20220101S", ""},
		{"a dated predefined policy", "ELBSecurityPolicy-TLS13-1-2-2021-06", ""},
		{"long pascal case", "ProductionDatabaseClusterParameterGroup2024", ""},
		{"managed policy", "AWSServiceRoleForAmazonEKSNodegroup", ""},
		{"policy name", "CloudWatchAgentServerPolicy", ""},
		{"mixed name", "MyApp-Prod-2024-Service_X1", ""},
		{"bucket", "S3BucketForLogs2023Prod", ""},
		{"azure sku", "Standard_D4s_v5", ""},
		{"timestamp", "2024-01-01T12:00:00Z", ""},
		{"k8s token name", "kubernetes.io/service-account-token", ""},
		{"key=value without secret", "sslmode=require;connect_timeout=10", ""},
		{"password length setting", "min_password_length=12", ""},
		{"base64 of a private key", "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFb3dJQkFBS0NBUUVBN2JxCi0tLS0tRU5EIFJTQSBQUklWQVRFIEtFWS0tLS0tCg==", "base64 of a PEM private key"},
		{"base64 of a key file", "eyJ0eXBlIjogInNlcnZpY2VfYWNjb3VudCIsICJwcml2YXRlX2tleSI6ICItLS0tLUJFR0lOIFBSSVZBVEUgS0VZLS0tLS1cbk1JSUV2Z0lCQURcbi0tLS0tRU5EIFBSSVZBVEUgS0VZLS0tLS1cbiJ9", "base64 of a PEM private key"},
		// Base64 of text is an encoding, not a secret.
		{"base64 certificate", "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMvekNDQWVlZ0F3SUJBZ0lCQURBTkJna3Foa2lHOXcwQkFRc0ZBREFWTVJNd0VRWURWUVFERXdwcmRXSmwKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=", ""},
		{"base64 word", "c3RhZ2luZy1kYXRhYmFzZQ==", ""},
		{"base64 script", "IyEvYmluL2Jhc2gKZWNobyBoZWxsbyB3b3JsZAo=", ""},
		{"base64 json", "eyJrZXkiOiAidmFsdWUiLCAibGlzdCI6IFsxLCAyXX0=", ""},
		// Short and ordinary values.
		{"empty", "", ""},
		{"word", "production", ""},
		{"short password", "hunter2", ""},
		{"planted marker", "planted-1f3a9c-a1", ""},
		{"sentence", "Each environment pages its own team.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			shape, ok := parity.LooksSecret(tt.value)
			if ok != (tt.want != "") || shape != tt.want {
				t.Errorf("LooksSecret(%q) = %q, %v; want %q", tt.value, shape, ok, tt.want)
			}
		})
	}
}

// TestLooksSecretRandomTokens measures the high-entropy test on random
// tokens of the lengths credentials have: it must recognise nearly all of
// them (it gives up some to never take identifiers for secrets).
func TestLooksSecretRandomTokens(t *testing.T) {
	t.Parallel()
	const n = 2000
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	missed := 0
	for i := 0; i < n; i++ {
		b := make([]byte, 24+i%40)
		rand.Read(b)
		var s string
		if i%2 == 0 {
			for j := range b {
				b[j] = alphabet[int(b[j])%len(alphabet)]
			}
			s = string(b)
		} else {
			s = base64.StdEncoding.EncodeToString(b)
		}
		if _, ok := parity.LooksSecret(s); !ok {
			missed++
		}
	}
	// Measured: about 4 % missed; 15 % leaves room for chance.
	if missed*100 > n*15 {
		t.Errorf("%d of %d random tokens not recognised", missed, n)
	}
}

func TestParseRedact(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]parity.Redact{
		"": parity.RedactSecrets, "secrets": parity.RedactSecrets, "strings": parity.RedactStrings, "all": parity.RedactAll,
	} {
		if got, err := parity.ParseRedact(in); err != nil || got != want {
			t.Errorf("ParseRedact(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := parity.ParseRedact("none"); err == nil || !strings.Contains(err.Error(), `"none"`) {
		t.Errorf("ParseRedact(none) error = %v, want one naming the value", err)
	}
}

func TestEscapeText(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"line\nError: fake", `line\nError: fake`},
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"\x1b]8;;https://evil\x07link", `\x1b]8;;https://evil\x07link`},
		{"nul\x00byte", `nul\x00byte`},
		{"csi\u009b", `csi\x9b`},
		{"bidi \u202egnp.exe", `bidi \u202egnp.exe`},
		{"isolate \u2066x\u2069", `isolate \u2066x\u2069`},
		{"invalid \xff\xfe", `invalid \ufffd\ufffd`},
		{"kept \uFFFD", "kept \uFFFD"},
		{"ünïcödé × 0.5", "ünïcödé × 0.5"},
	}
	for _, tt := range tests {
		if got := parity.EscapeText(tt.in); got != tt.want {
			t.Errorf("EscapeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
