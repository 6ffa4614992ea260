package parity

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/envparity/terraform-provider-parity/internal/sizes"
)

// A value is secret for one of three reasons, each of which reports name in
// the rule of the ignored path (`secret (by name)`), so a report can say how
// many secret values it did not compare and why:
//
//   - a sensitive mark: the sensitive_values / after_sensitive of a
//     `terraform show -json` document or the sensitive_attributes of a raw
//     state mark the value;
//   - its name: the attribute is called password, client_secret,
//     private_key, auth_token, … (IsSecretName);
//   - its look: the value is shaped like a credential, such as a private
//     key, a JSON Web Token, a cloud access key or a URI with a password
//     (LooksSecret).
//
// Secret values are never printed. They are not compared unless a `secret`
// rule opts the path in to comparison by keyed digest, or a `config` rule
// forces comparison (the values are still masked), and they are left out of
// configuration hashes.

// SecretSource says why a value is secret.
type SecretSource uint8

// The reasons a value is secret.
const (
	NotSecret SecretSource = iota
	SecretByMark
	SecretByName
	SecretByLook
)

// Rule is the rule name reports show for paths not compared because they
// are secret: "secret (sensitive mark)", "secret (by name)" or
// "secret (by look)".
func (s SecretSource) Rule() string {
	switch s {
	case SecretByMark:
		return "secret (sensitive mark)"
	case SecretByName:
		return "secret (by name)"
	case SecretByLook:
		return "secret (by look)"
	}
	return ""
}

// SecretRulePrefix starts the rule of every ignored path that was not
// compared because it is secret.
const SecretRulePrefix = "secret ("

// secretReason is the reason reports show beside a secret path.
const secretReason = "each environment keeps its own secrets"

// SecretsNotCompared counts the paths the report did not compare because
// their values are secret.
func (r *Report) SecretsNotCompared() int {
	n := 0
	for _, ig := range r.Ignored {
		if strings.HasPrefix(ig.Rule, SecretRulePrefix) {
			n++
		}
	}
	return n
}

// Redact says how much of the compared values findings may show.
type Redact string

// The redaction modes.
const (
	// RedactSecrets masks secret values (by mark, name and look); every
	// other value is shown. The CLI's default.
	RedactSecrets Redact = "secrets"
	// RedactStrings also hides every string that is not a size on a known
	// ladder (instance, machine and VM types, quantities, plain numbers);
	// numbers and bools are shown. The provider's default, because Terraform
	// does not tell a provider which of its input values came from a
	// sensitive variable.
	RedactStrings Redact = "strings"
	// RedactAll shows no value at all: findings keep their kind, path, rule
	// and the expected staging size.
	RedactAll Redact = "all"
)

// RedactModes lists the modes, in documentation order.
var RedactModes = []Redact{RedactSecrets, RedactStrings, RedactAll}

// ParseRedact parses a redaction mode; "" is RedactSecrets.
func ParseRedact(s string) (Redact, error) {
	switch Redact(s) {
	case "", RedactSecrets:
		return RedactSecrets, nil
	case RedactStrings, RedactAll:
		return Redact(s), nil
	}
	return "", fmt.Errorf("redact must be %q, %q or %q, got %q", RedactSecrets, RedactStrings, RedactAll, s)
}

// RedactedMask is shown in place of a value that the redaction mode hides
// (a value that is not known to be secret).
const RedactedMask = "(redacted)"

// IsSecretName reports whether an attribute name says that its value is a
// secret: password, passwd, passphrase, secret, client_secret, token,
// auth_token, access_token, private_key, api_key, access_key, client_key,
// credentials, connection_string and the like. attr may be a name or a
// path, whose last step is used; matching is by whole words
// (case-insensitive; "_", "-", ".", spaces and camelCase separate words).
//
// A name is a secret only when the secret word (or phrase) is followed by
// nothing but words that hold it (password_value, private_key_pem,
// secret_string, password_wo). Any other word after it describes the
// secret instead of holding it, and the name is compared as configuration:
// password_length, token_ttl, secret_arn, access_key_id, secret_permissions,
// password_reset_required. So are switches about secrets
// (manage_master_user_password, generate_secret, automount_service_account_token)
// and plural "tokens" that are not credentials (http_tokens, the IMDSv2
// setting; max_tokens).
func IsSecretName(attr string) bool {
	words := nameWords(lastStepName(attr))
	if len(words) == 0 || len(words) > 1 && flagPrefixes[words[0]] {
		return false
	}
	for i := range words {
		end := secretTermAt(words, i)
		if end < 0 {
			continue
		}
		if allHolders(words[end:]) {
			return true
		}
	}
	return false
}

// secretTermAt returns the index after the secret word or phrase starting
// at words[i], or -1 when none starts there.
func secretTermAt(words []string, i int) int {
	w := trimDigits(words[i])
	if secretWords[w] {
		return i + 1
	}
	for _, suffix := range gluedSecretWords {
		// A secret word glued to what it belongs to: PGPASSWORD,
		// MYSQL_ROOTPASSWORD, clientsecret.
		if len(w) > len(suffix)+1 && strings.HasSuffix(w, suffix) {
			return i + 1
		}
	}
	if credentialPlurals[w] && (len(words) == 1 || i > 0 && credentialQualifiers[words[i-1]]) {
		// "tokens" alone, or auth_tokens, access_tokens; not http_tokens.
		return i + 1
	}
	for _, phrase := range secretPhrases {
		if hasPhraseAt(words, i, phrase) {
			return i + len(phrase)
		}
	}
	return -1
}

func allHolders(words []string) bool {
	for _, w := range words {
		// A number counts secrets of one kind: password_2, API_KEY_1.
		if !holderWords[w] && !isDigitsOnly(w) {
			return false
		}
	}
	return true
}

// trimDigits drops trailing digits: password2, token1.
func trimDigits(w string) string {
	t := strings.TrimRight(w, "0123456789")
	if t == "" {
		return w
	}
	return t
}

// Secret name vocabulary. A name is split into lower-case words at "_", "-",
// ".", spaces and camelCase boundaries (db_password, client-secret, apiKey).
var (
	// secretWords hold a secret wherever they end a name.
	secretWords = map[string]bool{
		"password": true, "passwd": true, "passphrase": true,
		// Short forms environment variables use: DB_PASS, SMTP_PWD
		// (pass_through and bypass are not whole-word secrets).
		"pass": true, "pwd": true,
		"secret": true, "token": true, "jwt": true,
		"credential": true, "credentials": true, "apikey": true, "privatekey": true,
		// A data source name carries the credential it connects with: a
		// Sentry DSN's key, an ODBC or database DSN's password.
		"dsn": true,
	}
	// gluedSecretWords end a longer word that holds a secret
	// (pgpassword); "token" is not among them: nexttoken and the like
	// name pagination, not credentials.
	gluedSecretWords = []string{"password", "passwd", "passphrase", "secret", "apikey"}
	// credentialPlurals are plurals that hold secrets alone ("tokens",
	// "passwords") or after a credential qualifier (auth_tokens), but that
	// often count something else (http_tokens, max_tokens).
	credentialPlurals = map[string]bool{"tokens": true, "passwords": true, "secrets": true}
	// credentialQualifiers make a plural a credential: auth_tokens.
	credentialQualifiers = map[string]bool{
		"auth": true, "access": true, "api": true, "bearer": true, "refresh": true, "session": true,
		"oauth": true, "bot": true, "client": true, "user": true, "admin": true, "db": true,
		"database": true, "registration": true, "bootstrap": true, "join": true, "service": true,
	}
	// secretPhrases are consecutive words that hold a secret together, while
	// each alone does not ("key" alone is too common: hash_key, sort key).
	secretPhrases = [][]string{
		{"private", "key"}, {"api", "key"}, {"access", "key"}, {"client", "key"},
		{"signing", "key"}, {"master", "key"}, {"shared", "key"}, {"account", "key"},
		{"secret", "key"}, {"connection", "string"},
	}
	// holderWords may follow a secret word in a name that still holds the
	// secret: its value, its encoding or its write-only variant.
	holderWords = map[string]bool{
		"value": true, "values": true, "string": true, "data": true, "text": true, "plaintext": true,
		"plain": true, "b64": true, "base64": true, "encoded": true, "raw": true, "pem": true,
		"der": true, "json": true, "content": true, "contents": true, "binary": true, "bytes": true,
		"openssh": true, "pkcs8": true, "wo": true, "hash": true, "key": true,
		// Rails' secret_key_base.
		"base": true,
	}
	// flagPrefixes start boolean switches about secrets, such as
	// manage_master_user_password or generate_secret.
	flagPrefixes = map[string]bool{
		"allow": true, "enable": true, "enabled": true, "disable": true, "disabled": true,
		"require": true, "requires": true, "use": true, "is": true, "has": true,
		"manage": true, "create": true, "generate": true, "automount": true, "rotate": true,
		"reset": true, "store": true, "include": true, "skip": true,
	}
)

func hasPhraseAt(words []string, i int, phrase []string) bool {
	if i+len(phrase) > len(words) {
		return false
	}
	for j, w := range phrase {
		if words[i+j] != w {
			return false
		}
	}
	return true
}

// lastStepName returns the last attribute name of a path such as
// settings.db[0].password or tags["db.password"].
func lastStepName(path string) string {
	for strings.HasSuffix(path, "]") {
		open := strings.LastIndexByte(path, '[')
		if open < 0 {
			break
		}
		inner := path[open+1 : len(path)-1]
		if len(inner) >= 2 && inner[0] == '"' && inner[len(inner)-1] == '"' {
			// A quoted key is the name itself.
			return strings.ReplaceAll(inner[1:len(inner)-1], `\"`, `"`)
		}
		path = path[:open]
	}
	if dot := strings.LastIndexByte(path, '.'); dot >= 0 {
		path = path[dot+1:]
	}
	return path
}

// nameWords splits a name into lower-case words at separators and camelCase
// boundaries: "dbPassword" → db, password; "APIKey" → api, key.
func nameWords(name string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	runes := []rune(name)
	for i, r := range runes {
		switch {
		case r == '_' || r == '-' || r == ' ' || r == '.' || r == '/':
			flush()
			continue
		case isUpper(r) && len(cur) > 0:
			prev := runes[i-1]
			nextLower := i+1 < len(runes) && isLower(runes[i+1])
			if isLower(prev) || isDigit(prev) || (isUpper(prev) && nextLower) {
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return words
}

func isUpper(r rune) bool { return r >= 'A' && r <= 'Z' }
func isLower(r rune) bool { return r >= 'a' && r <= 'z' }
func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// isDigestName reports whether a name says its value is a digest or a
// version (source_code_hash, etag, contentChecksum): such values are
// random-looking by nature, so the high-entropy test leaves them alone. It
// looks at the last word only and allocates nothing: it runs for every
// random-looking string of a state.
func isDigestName(name string) bool {
	end := len(name)
	start := end
	for start > 0 {
		c := name[start-1]
		if c == '_' || c == '-' || c == '.' || c == ' ' || c == '/' {
			break
		}
		start--
		if c >= 'A' && c <= 'Z' && start > 0 && name[start-1] >= 'a' && name[start-1] <= 'z' {
			break // camelCase: sourceCodeHash
		}
	}
	last := name[start:end]
	for _, w := range digestWords {
		if strings.EqualFold(last, w) {
			return true
		}
	}
	return false
}

var digestWords = []string{
	"hash", "digest", "checksum", "fingerprint", "etag", "sha", "sha1", "sha256", "sha512", "md5",
	"base64sha256", "base64sha512", "crc32", "crc32c", "version", "revision",
}

// LooksSecret reports whether a string value is shaped like a credential,
// and names the shape ("a PEM private key"). It recognises:
//
//   - PEM private keys (RSA, EC, OpenSSH, PKCS#8, encrypted, PGP);
//   - JSON Web Tokens (three base64url parts, the first a JSON header);
//   - AWS access key ids (AKIA…, ASIA…), GitHub tokens (ghp_…,
//     github_pat_…), GitLab (glpat-…), Slack (xox…-, hooks.slack.com),
//     Google API keys (AIza…), Stripe live keys, npm tokens;
//   - URIs with a password (postgres://user:pass@host) and connection
//     strings with a password, token or key (Password=…; AccountKey=…);
//   - high-entropy strings: 20 or more characters of the base64 alphabet
//     mixing upper case, lower case and digits the way random text does.
//
// It is conservative: hex digests, UUIDs, ARNs, cloud resource ids (ami-…,
// i-…), base64 of text, dotted names and ordinary identifiers
// (WebServerSecurityGroup2024) do not count. A value it misses is still
// masked when its name or a sensitive mark says it is secret; under
// redact = "strings" every string that is not a size is hidden anyway.
func LooksSecret(s string) (shape string, ok bool) {
	return looksSecret(s, "")
}

// looksSecret is LooksSecret for the value of attribute name: the
// high-entropy test is skipped when the name says the value is a digest.
func looksSecret(s string, name string) (string, bool) {
	if len(s) < 8 || len(s) > 64<<10 {
		return "", false
	}
	// One pass decides which tests can apply: it runs for every string of
	// every comparison and hash, and most strings are names and ids.
	var upper, lower, digit, at, dash, b64 = false, false, false, false, false, true
	innerEq, space, pct := false, false, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z':
			lower = true
		case c >= 'A' && c <= 'Z':
			upper = true
		case c >= '0' && c <= '9':
			digit = true
		case c == '-':
			dash = true
		case c == '=':
			if i+1 < len(s) && s[i+1] != '=' {
				innerEq = true
				b64 = false
			}
		case c == '@':
			at = true
			b64 = false
		case c == ' ' || c == '\t' || c == '\n':
			space = true
			b64 = false
		case c == '%':
			pct = true
			b64 = false
		case c == '+' || c == '/' || c == '_':
		default:
			b64 = false
		}
	}
	if dash && strings.Contains(s, "-----BEGIN ") && strings.Contains(s, "PRIVATE KEY") {
		return "a PEM private key", true
	}
	if shape, ok := knownTokenShape(s); ok {
		return shape, true
	}
	if shape, ok := containsKnownToken(s); ok {
		return shape, true
	}
	if shape, ok := authorizationCredential(s); ok {
		return shape, true
	}
	if at && strings.Contains(s, "://") && uriHasPassword(s) {
		return "a URI with a password", true
	}
	if at && strings.Contains(s, "://") && uriHasUserKey(s) {
		return "a URI with a key as its user", true
	}
	if strings.Contains(s, "://") && urlPathHasToken(s) {
		return "a URL with a token in its path", true
	}
	if innerEq && connectionStringHasSecret(s) {
		return "a connection string with a secret", true
	}
	if space && textHasSecretField(s) {
		return "text with a secret after its name", true
	}
	if pct {
		// A percent-encoded value (a connection string in a query
		// parameter, an encoded URI) is secret when its decoding is.
		if dec, err := url.PathUnescape(s); err == nil && dec != s {
			if shape, ok := looksSecret(dec, name); ok {
				return "percent-encoding of " + shape, true
			}
		}
	}
	if b64 && len(s) >= 16 && len(s)%2 == 0 && allIn(s, hexDigits) {
		// Hex of text (user:password, a key file) is secret when the text
		// is; hex digests decode to bytes that are not text.
		if text, ok := hexText(s); ok {
			if shape, ok := looksSecret(text, name); ok {
				return "hex of " + shape, true
			}
		}
		return "", false
	}
	if !b64 || !(upper && lower && digit) {
		// What remains (JWTs, base64, random text) mixes upper case, lower
		// case and digits, and holds nothing outside base64's alphabet but
		// the dots of a JWT.
		if strings.HasPrefix(s, "eyJ") && isJWT(s) {
			return "a JSON Web Token", true
		}
		return "", false
	}
	if len(s) >= 24 && len(s)%4 == 0 {
		// An encoding of text is secret when the text is: a kubeconfig's
		// base64 client key, a base64 service account key file. (Padded
		// base64 only: that is what base64encode and filebase64 write, and
		// identifiers of other lengths are not decoded at all.)
		if text, ok := base64Text(s); ok {
			if shape, ok := looksSecret(text, name); ok {
				return "base64 of " + shape, true
			}
			return "", false
		}
	}
	if isHighEntropy(s) && !isDigestName(name) {
		return "a high-entropy string", true
	}
	return "", false
}

// knownTokenShape recognises the fixed prefixes and lengths of well-known
// credentials.
func knownTokenShape(s string) (string, bool) {
	s = strings.TrimPrefix(s, "Bearer ")
	switch {
	case len(s) == 20 && (strings.HasPrefix(s, "AKIA") || strings.HasPrefix(s, "ASIA") ||
		strings.HasPrefix(s, "ABIA") || strings.HasPrefix(s, "ACCA")) && allIn(s[4:], upperDigits):
		return "an AWS access key id", true
	case len(s) == 40 && (strings.HasPrefix(s, "ghp_") || strings.HasPrefix(s, "gho_") ||
		strings.HasPrefix(s, "ghu_") || strings.HasPrefix(s, "ghs_") || strings.HasPrefix(s, "ghr_")) &&
		allIn(s[4:], alnum):
		return "a GitHub token", true
	case strings.HasPrefix(s, "github_pat_") && len(s) >= 40 && allIn(s[11:], alnum+"_"):
		return "a GitHub token", true
	case strings.HasPrefix(s, "glpat-") && len(s) >= 26 && allIn(s[6:], alnum+"_-"):
		return "a GitLab token", true
	case len(s) >= 15 && strings.HasPrefix(s, "xox") && strings.IndexByte("baprse", s[3]) >= 0 && s[4] == '-' &&
		allIn(s[5:], alnum+"-"):
		return "a Slack token", true
	case strings.HasPrefix(s, "https://hooks.slack.com/services/T"):
		return "a Slack webhook URL", true
	case len(s) == 39 && strings.HasPrefix(s, "AIza") && allIn(s[4:], alnum+"_-"):
		return "a Google API key", true
	case (strings.HasPrefix(s, "sk_live_") || strings.HasPrefix(s, "rk_live_")) && len(s) >= 24 && allIn(s[8:], alnum):
		return "a Stripe live key", true
	case strings.HasPrefix(s, "npm_") && len(s) == 40 && allIn(s[4:], alnum):
		return "an npm token", true
	}
	return "", false
}

// tokenPrefixes are the fixed starts of credentials that keep their shape
// wherever they are written: inside a header value ("Bearer glc_…"), after
// a user name ("bot:ghp_…", what a docker config's auth encodes), in a
// command line. Each needs at least minRest characters of its alphabet
// after the prefix.
var tokenPrefixes = []struct {
	prefix, shape, alphabet string
	minRest                 int
}{
	{"ghp_", "a GitHub token", alnum, 36}, {"gho_", "a GitHub token", alnum, 36},
	{"ghu_", "a GitHub token", alnum, 36}, {"ghs_", "a GitHub token", alnum, 36},
	{"ghr_", "a GitHub token", alnum, 36}, {"github_pat_", "a GitHub token", alnum + "_", 30},
	{"glpat-", "a GitLab token", alnum + "_-", 20},
	{"glc_", "a Grafana Cloud token", alnum + "_-=", 32},
	{"hvs.", "a Vault token", alnum + "_-", 24}, {"hvb.", "a Vault token", alnum + "_-", 24},
	{"sk_live_", "a Stripe live key", alnum, 16}, {"rk_live_", "a Stripe live key", alnum, 16},
	{"npm_", "an npm token", alnum, 36},
	{"xoxb-", "a Slack token", alnum + "-", 10}, {"xoxp-", "a Slack token", alnum + "-", 10},
	{"AKIA", "an AWS access key id", upperDigits, 16}, {"ASIA", "an AWS access key id", upperDigits, 16},
	{"AIza", "a Google API key", alnum + "_-", 35},
}

// containsKnownToken reports whether s holds a credential of a known shape
// anywhere, bounded on the left by the start of s or a character that
// cannot continue it. One pass over s: it runs for most strings of every
// comparison and hash.
func containsKnownToken(s string) (string, bool) {
	if len(s) < 15 {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		if !tokenPrefixStarts[s[i]] || i > 0 && strings.IndexByte(alnum, s[i-1]) >= 0 {
			continue
		}
		for _, t := range tokenPrefixes {
			if !strings.HasPrefix(s[i:], t.prefix) {
				continue
			}
			// Enough of the alphabet is enough: scanning on to the end of
			// the run at every start would be quadratic (glc_glc_glc_…).
			n := 0
			for j := i + len(t.prefix); j < len(s) && n < t.minRest && strings.IndexByte(t.alphabet, s[j]) >= 0; j++ {
				n++
			}
			if n >= t.minRest {
				return t.shape, true
			}
		}
	}
	return "", false
}

// tokenPrefixStarts are the first bytes of tokenPrefixes.
var tokenPrefixStarts = func() (starts [256]bool) {
	for _, t := range tokenPrefixes {
		starts[t.prefix[0]] = true
	}
	return starts
}()

// authorizationCredential recognises the value of an Authorization header:
// a scheme (Bearer, Basic, Token, Bot, Digest, Splunk, GenieKey) and a
// credential of at least 12 characters with no space, mixing letters and
// digits, or base64 of user:password for Basic. The header's name is
// often an ordinary key of a map or a JSON document (custom_headers,
// httpHeaderValue1), so the value must say it itself.
func authorizationCredential(s string) (string, bool) {
	scheme, cred, ok := strings.Cut(strings.TrimSpace(s), " ")
	if !ok {
		return "", false
	}
	if len(scheme) < 3 || len(scheme) > 8 || !slices.ContainsFunc(authSchemes, func(a string) bool { return strings.EqualFold(a, scheme) }) {
		return "", false
	}
	cred = strings.TrimSpace(cred)
	if len(cred) < 12 || strings.ContainsAny(cred, " \t\n") || isCredentialPlaceholder(cred) {
		return "", false
	}
	if strings.EqualFold(scheme, "basic") {
		if text, ok := base64Text(cred); ok && strings.Contains(text, ":") {
			return "a Basic authorization credential", true
		}
	}
	if strings.ContainsAny(cred, "0123456789") && strings.ContainsAny(cred, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
		return "an authorization header's credential", true
	}
	return "", false
}

// authSchemes are the HTTP authorization schemes whose credential follows.
var authSchemes = []string{"bearer", "basic", "token", "bot", "digest", "splunk", "geniekey", "apikey", "sso-key"}

// uriHasUserKey reports whether a URI's user information, without a
// password, is a key rather than a user name: a Sentry DSN
// (https://<32 hex digits>@o1.ingest.sentry.io/2), a token as the user of
// a git remote. Keys are 16 or more hex digits or high-entropy text; user
// names are words.
func uriHasUserKey(s string) bool {
	i := strings.Index(s, "://")
	rest := s[i+3:]
	if end := strings.IndexAny(rest, "/?#"); end >= 0 {
		rest = rest[:end]
	}
	at := strings.LastIndexByte(rest, '@')
	if at <= 0 {
		return false
	}
	user := rest[:at]
	if strings.IndexByte(user, ':') >= 0 || isCredentialPlaceholder(user) {
		return false
	}
	return len(user) >= 16 && allIn(user, hexDigits) || isHighEntropy(user)
}

// urlPathHasToken reports whether a URL carries a credential in its path,
// as webhook URLs do (https://chat.example.com/hooks/<random token>): a
// path segment of high-entropy text or a known token shape. Hex digests
// and UUIDs (ids) do not count, as for whole values.
func urlPathHasToken(s string) bool {
	i := strings.Index(s, "://")
	rest := s[i+3:]
	slash := strings.IndexByte(rest, '/')
	if slash < 0 {
		return false
	}
	path := rest[slash:]
	if end := strings.IndexAny(path, "?#"); end >= 0 {
		path = path[:end]
	}
	for seg := range strings.SplitSeq(path, "/") {
		if len(seg) >= 20 && isHighEntropy(seg) {
			return true
		}
	}
	return false
}

const (
	hexDigits   = "0123456789abcdefABCDEF"
	upperDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	alnum       = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
)

func allIn(s, set string) bool {
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(set, s[i]) < 0 {
			return false
		}
	}
	return s != ""
}

// uriHasPassword reports whether s is a URI whose user information carries
// a password: scheme://user:password@host.
func uriHasPassword(s string) bool {
	i := strings.Index(s, "://")
	if i <= 0 {
		return false
	}
	rest := s[i+3:]
	if end := strings.IndexAny(rest, "/?#"); end >= 0 {
		rest = rest[:end]
	}
	at := strings.LastIndexByte(rest, '@')
	if at < 0 {
		return false
	}
	colon := strings.IndexByte(rest[:at], ':')
	if colon < 0 {
		return false
	}
	pass, err := url.PathUnescape(rest[colon+1 : at])
	if err != nil {
		pass = rest[colon+1 : at]
	}
	return pass != "" && !isCredentialPlaceholder(pass)
}

// isCredentialPlaceholder reports whether a password or key in a URI or
// connection string is a placeholder filled in later, not a credential:
// Vault's database connection_url (postgresql://{{username}}:{{password}}@…),
// a ${VAR} or $VAR reference, <password>, %s, or asterisks. The rest of the
// value (host, sslmode) is then configuration like any other.
func isCredentialPlaceholder(s string) bool {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return false
	case strings.HasPrefix(s, "{{") && strings.HasSuffix(s, "}}"),
		strings.HasPrefix(s, "${") && strings.HasSuffix(s, "}"),
		strings.HasPrefix(s, "<") && strings.HasSuffix(s, ">"),
		s == "%s" || s == "%v":
		return true
	case strings.Trim(s, "*") == "":
		return true
	case s[0] == '$' && len(s) > 1:
		for _, c := range s[1:] {
			if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
				return false
			}
		}
		return true
	}
	return false
}

// connectionStringHasSecret reports whether s holds key=value pairs
// (separated by ";", "&", "?" or spaces) of which one names a secret and
// has a value: "Server=db;User Id=app;Password=…", "AccountKey=…",
// "…?sig=…" (Azure SAS).
func connectionStringHasSecret(s string) bool {
	for _, part := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ';' || r == '&' || r == '?' || r == ' ' || r == '\n' || r == '\t'
	}) {
		eq := strings.IndexByte(part, '=')
		if eq <= 0 || eq == len(part)-1 {
			continue
		}
		key := strings.TrimSpace(part[:eq])
		if isCredentialPlaceholder(part[eq+1:]) {
			continue
		}
		switch strings.ToLower(key) {
		case "pwd", "sig", "accountkey", "sharedaccesskey", "x-amz-signature", "x-amz-security-token":
			return true
		}
		if IsSecretName(key) {
			return true
		}
	}
	return false
}

// textHasSecretField reports whether prose, a script or a command line
// gives a secret after its name in one of the forms key=value misses: a
// flag and its argument (mysql --password hunter2), a key, a colon and the
// value (password: hunter2, "token": "…", a header Authorization: Bearer
// …). A JSON or YAML document is not such text: it is decoded and its
// secrets are masked by name inside it, its other values still compared.
func textHasSecretField(s string) bool {
	fields := strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == ';' || r == ',' || r == '{' || r == '}'
	})
	hit := false
	for i := 0; i+1 < len(fields) && !hit; i++ {
		f := fields[i]
		next := strings.Trim(fields[i+1], `"'\`)
		if next == "" || isCredentialPlaceholder(next) {
			continue
		}
		switch {
		case strings.HasPrefix(f, "-") && !strings.Contains(f, "="):
			// A flag: --password, -token; its argument is the next field
			// unless that is another flag.
			hit = !strings.HasPrefix(next, "-") && IsSecretName(strings.TrimLeft(f, "-"))
		case strings.HasSuffix(f, ":") && len(f) > 1:
			key := strings.Trim(strings.TrimSuffix(f, ":"), `"'\`)
			hit = IsSecretName(key) || strings.EqualFold(key, "authorization") || strings.EqualFold(key, "proxy-authorization")
		}
	}
	if !hit {
		return false
	}
	_, isDocument := documentValue(s)
	return !isDocument
}

// markFlagArguments returns list with the argument of every flag named
// like a secret marked sensitive: a container's args or command
// ["--password", "…"], where the secret's own element has no name.
func markFlagArguments(list Value) Value {
	items := list.list()
	var out []Value
	for i := 1; i < len(items); i++ {
		if !isFlagArgument(list, i) || items[i].sensitive {
			continue
		}
		if out == nil {
			out = append([]Value(nil), items...)
		}
		out[i] = items[i].MarkSensitive()
	}
	if out == nil {
		return list
	}
	return List(out...)
}

// isFlagArgument reports whether element i of list is the argument of a
// flag named like a secret: "--password" or "-token" without "=", followed
// by a string that is not another flag.
func isFlagArgument(list Value, i int) bool {
	if (list.kind != KindList && list.kind != KindSet) || i < 1 || i >= len(list.list()) {
		return false
	}
	f, arg := list.list()[i-1], list.list()[i]
	return f.kind == KindString && arg.kind == KindString && strings.HasPrefix(f.text, "-") &&
		!strings.Contains(f.text, "=") && !strings.HasPrefix(arg.text, "-") && IsSecretName(strings.TrimLeft(f.text, "-"))
}

// isJWT reports whether s is a JSON Web Token: three base64url parts joined
// by dots (the signature may be empty), the first a JSON object header.
func isJWT(s string) bool {
	if !strings.HasPrefix(s, "eyJ") || strings.Count(s, ".") != 2 {
		return false
	}
	parts := strings.Split(s, ".")
	if len(parts[0]) < 10 || len(parts[1]) < 2 {
		return false
	}
	for _, p := range parts {
		if !allIn(p, alnum+"-_=") && p != "" {
			return false
		}
	}
	header, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[0], "="))
	return err == nil && len(header) > 2 && header[0] == '{' && strings.Contains(string(header), `"alg"`)
}

// isHighEntropy reports whether s looks like random text from the base64
// alphabet: at least 20 characters, upper case, lower case and digits
// mixed with frequent changes between them, a high character entropy, and
// not base64 of text. Hex (digests, UUIDs) and anything with a character
// outside the alphabet (dots, colons, spaces: names, ARNs, URLs) never
// count.
func isHighEntropy(s string) bool {
	const minLen, maxLen = 20, 4096
	n := len(s)
	if n < minLen || n > maxLen {
		return false
	}
	body := strings.TrimRight(s, "=")
	if n-len(body) > 2 {
		return false
	}
	var upper, lower, digit, hexLetters, changes int
	var counts [128]uint16
	prev := -1
	for i := 0; i < len(body); i++ {
		c := body[i]
		class := 0
		switch {
		case c >= 'A' && c <= 'Z':
			upper++
			if c <= 'F' {
				hexLetters++
			}
			class = 1
		case c >= 'a' && c <= 'z':
			lower++
			if c <= 'f' {
				hexLetters++
			}
			class = 2
		case c >= '0' && c <= '9':
			digit++
			class = 3
		case c == '+' || c == '/' || c == '_' || c == '-':
			class = 4
		default:
			return false
		}
		if prev >= 0 && class != prev {
			changes++
		}
		prev = class
		counts[c]++
	}
	if upper == 0 || lower == 0 || digit == 0 || upper+lower == hexLetters {
		return false
	}
	m := len(body)
	if float64(changes)/float64(m-1) < 0.3 {
		return false
	}
	entropy := 0.0
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / float64(m)
			entropy -= p * math.Log2(p)
		}
	}
	// Random base64 text of m characters shows close to log2(min(m, 64))
	// bits per character; identifiers and words far less.
	if entropy < 0.82*math.Log2(math.Min(float64(m), 64)) {
		return false
	}
	return wordCoverage(body) < 0.3 && !isBase64Text(s)
}

// wordCoverage is the share of s made of words of four letters or more with
// a vowel (S3BucketForLogs: Bucket, Logs). Identifiers are mostly words;
// in random text of the base64 alphabet such words are rare (nine strings
// in ten have a coverage below 0.25).
func wordCoverage(s string) float64 {
	n := 0
	for _, w := range nameWords(strings.Map(func(r rune) rune {
		if r == '+' || r == '=' {
			return '_'
		}
		return r
	}, s)) {
		if len(w) >= 4 && allIn(w, "abcdefghijklmnopqrstuvwxyz") && strings.ContainsAny(w, "aeiouy") {
			n += len(w)
		}
	}
	// Long runs of digits are dates and versions (AppGwSslPolicy20220101S);
	// random base64 text has almost none.
	run := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] >= '0' && s[i] <= '9' {
			run++
			continue
		}
		if run >= 6 {
			n += run
		}
		run = 0
	}
	return float64(n) / float64(len(s))
}

// isBase64Text reports whether s is base64 (standard or URL alphabet,
// padded or not) of printable text, such as an encoded script or a short
// word: an encoding, not a secret in itself (see base64Text).
func isBase64Text(s string) bool {
	_, ok := base64Text(s)
	return ok
}

// hexText decodes s when it is hex of printable text.
func hexText(s string) (string, bool) {
	b, err := hex.DecodeString(s)
	if err != nil || !utf8.Valid(b) {
		return "", false
	}
	for _, r := range string(b) {
		if r < 0x20 && r != '\n' && r != '\r' && r != '\t' || r == 0x7f {
			return "", false
		}
	}
	return string(b), true
}

// base64Text decodes s when it is base64 of printable text.
func base64Text(s string) (string, bool) {
	if len(s) < 8 || !allIn(s, alnum+"+/-_=") {
		return "", false
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		b, err := enc.DecodeString(s)
		if err != nil {
			continue
		}
		if !utf8.Valid(b) {
			return "", false
		}
		printable := 0
		for _, r := range string(b) {
			if r >= 0x20 && r != 0x7f || r == '\n' || r == '\r' || r == '\t' {
				printable++
			}
		}
		if printable*10 < utf8.RuneCount(b)*9 {
			return "", false
		}
		return string(b), true
	}
	return "", false
}

// valueSecret says whether the values at the current path are secret by
// mark or by look (the name is the classifier's business).
func (w *walker) valueSecret(sv, pv Value) SecretSource {
	if sv.sensitive || pv.sensitive {
		return SecretByMark
	}
	name := w.lastName()
	if w.e.looks(sv, name) || w.e.looks(pv, name) {
		return SecretByLook
	}
	return NotSecret
}

// secretSource says whether a finding's values must be masked: a sensitive
// mark anywhere inside them, the path's name, or their look.
func (w *walker) secretSource(sv, pv Value) SecretSource {
	if sv.ContainsSensitive() || pv.ContainsSensitive() {
		return SecretByMark
	}
	if name := w.lastName(); name != "" && IsSecretName(name) && (holdsSecretValue(sv) || holdsSecretValue(pv)) &&
		!describedByParent(w.subject[w.addrLen:]) {
		return SecretByName
	}
	if src := w.valueSecret(sv, pv); src != NotSecret {
		return src
	}
	return NotSecret
}

// secretNotCompared records a secret path in the report's ignored paths,
// so that reports count the secret values they did not compare.
func (w *walker) secretNotCompared(src SecretSource, sv, pv Value) {
	if sv.IsNull() && pv.IsNull() {
		return
	}
	reason := secretReason
	if src == SecretByLook {
		shape, ok := looksSecret(sv.text, w.lastName())
		if !ok || sv.kind != KindString {
			shape, _ = looksSecret(pv.text, w.lastName())
		}
		reason = "the value looks like " + shape + "; " + reason
	}
	w.rep.Ignored = append(w.rep.Ignored, Ignored{Address: w.address, Path: w.path(), Rule: src.Rule(), Reason: reason})
}

// looks reports whether v is a string shaped like a credential; name is
// the attribute it is the value of.
func (e *engine) looks(v Value, name string) bool {
	if v.kind != KindString {
		return false
	}
	_, ok := looksSecret(v.text, name)
	return ok
}

// lastName is the last attribute name of the current path ("" at the root).
func (w *walker) lastName() string {
	if len(w.names) > 0 {
		return w.names[len(w.names)-1]
	}
	return lastName(w.subject[w.addrLen:])
}

// subjectName is how messages name the current path: the path, or "The
// value" for a whole settings value (scalar sides).
func (w *walker) subjectName() string {
	if p := w.path(); p != "" {
		return p
	}
	return "The value"
}

// display renders one side's value for a finding: masked when secret,
// hidden as the redaction mode says, "(unknown)" at plan time, "" when
// absent.
func (w *walker) display(v Value, secret bool) string {
	return w.e.display(v, secret, w.lastName())
}

func (e *engine) display(v Value, secret bool, name string) string {
	switch {
	case v.kind == KindNull:
		return ""
	case v.kind == KindUnknown:
		return "(unknown)"
	case secret || v.sensitive:
		return SensitiveMask
	case e.redact == RedactAll:
		return RedactedMask
	case v.kind == KindString:
		if e.looks(v, name) {
			return SensitiveMask
		}
		if e.redact == RedactStrings && !isSizeText(v.text) {
			return RedactedMask
		}
		return v.text
	}
	var buf bytes.Buffer
	e.writeDisplay(&buf, v, name)
	return truncateDisplay(buf.String())
}

// writeDisplay writes JSON with sensitive values, secret-named fields and
// credential-shaped strings masked, and strings hidden as the redaction
// mode says. name is the attribute v is the value of.
func (e *engine) writeDisplay(buf *bytes.Buffer, v Value, name string) {
	if v.sensitive {
		writeCanonicalString(buf, SensitiveMask)
		return
	}
	switch v.kind {
	case KindList, KindSet:
		buf.WriteByte('[')
		for i, it := range v.list() {
			if i > 0 {
				buf.WriteByte(',')
			}
			e.writeDisplay(buf, it, name)
		}
		buf.WriteByte(']')
	case KindObject:
		buf.WriteByte('{')
		for i, k := range v.names() {
			if i > 0 {
				buf.WriteByte(',')
			}
			if _, ok := LooksSecret(k); ok {
				// A key shaped like a credential, as in reportPath.
				writeCanonicalString(buf, SensitiveMask)
			} else {
				writeCanonicalString(buf, k)
			}
			buf.WriteByte(':')
			if (IsSecretName(k) || isSecretContainerName(k)) && holdsSecretValue(v.list()[i]) {
				writeCanonicalString(buf, SensitiveMask)
				continue
			}
			if _, ok := pairedSecretName(k, v); ok && holdsSecretValue(v.list()[i]) {
				writeCanonicalString(buf, SensitiveMask)
				continue
			}
			e.writeDisplay(buf, v.list()[i], k)
		}
		buf.WriteByte('}')
	case KindUnknown:
		buf.WriteString(`"(unknown)"`)
	case KindString:
		switch {
		case e.looks(v, name):
			writeCanonicalString(buf, SensitiveMask)
		case e.redact == RedactStrings && !isSizeText(v.text):
			writeCanonicalString(buf, RedactedMask)
		default:
			writeCanonical(buf, v)
		}
	default:
		writeCanonical(buf, v)
	}
}

// isSizeText reports whether a string is a size on a known ladder (an
// instance, machine or VM type, a quantity, a plain number): what
// redact = "strings" still shows.
func isSizeText(s string) bool { return sizes.Detect(s) != "" }

// truncateDisplay cuts long displays at a character boundary.
func truncateDisplay(s string) string {
	const limit = 512
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// isMask reports whether a display is a whole mask.
func isMask(s string) bool { return s == SensitiveMask || s == RedactedMask }

// hiddenNote says in a message why values are not shown.
func (w *walker) hiddenNote(secret bool) string {
	if secret {
		return "the values are secret and not shown"
	}
	return fmt.Sprintf("the values are hidden: redact = %q", w.e.redact)
}

// hidesSizes reports whether the redaction mode hides the values of a size
// comparison, whose messages then must not quote them.
func (w *walker) hidesSizes(sv, pv Value) bool {
	switch w.e.redact {
	case RedactAll:
		return true
	case RedactStrings:
		return sv.kind == KindString && !isSizeText(sv.text) || pv.kind == KindString && !isSizeText(pv.text)
	}
	return false
}

// kindPhrase names a value's kind in a message: "a string", "an object".
func kindPhrase(v Value) string {
	switch v.kind {
	case KindObject:
		return "an object"
	case KindUnknown:
		return "an unknown value"
	case KindNull:
		return "no value"
	}
	return "a " + v.kind.String()
}
