package parity

import "strings"

// Secret name heuristics. A name is split into lower-case words at "_", "-",
// spaces and camelCase boundaries (db_password, client-secret, apiKey).
var (
	// secretWords hold a secret wherever they appear in a name.
	secretWords = map[string]bool{
		"password": true, "passwords": true, "passwd": true, "passphrase": true,
		"secret": true, "secrets": true, "token": true, "tokens": true,
		"credential": true, "credentials": true, "apikey": true, "privatekey": true,
	}
	// secretPhrases are consecutive words that hold a secret together, while
	// each alone does not ("key" alone is too common: hash_key, sort key).
	secretPhrases = [][]string{
		{"private", "key"}, {"api", "key"}, {"access", "key"}, {"client", "key"},
		{"signing", "key"}, {"master", "key"}, {"shared", "key"}, {"account", "key"},
		{"connection", "string"},
	}
	// describingSuffixes end names that describe a secret rather than hold
	// it: its lifetime, length, identifier or policy. These values are
	// configuration that must match (a token TTL, a minimum password length),
	// so they are compared; names ending in them are not secrets.
	describingSuffixes = map[string]bool{
		"ttl": true, "length": true, "count": true, "arn": true, "id": true, "ids": true,
		"enabled": true, "disabled": true, "version": true, "versions": true,
		"policy": true, "policies": true, "name": true, "names": true, "type": true, "types": true,
		"expiry": true, "expiration": true, "expires": true, "expire": true,
		"seconds": true, "minutes": true, "hours": true, "days": true, "duration": true,
		"lifetime": true, "age": true, "required": true, "strategy": true, "rotation": true,
		"status": true, "source": true, "used": true,
		"file": true, "path": true, "url": true, "uri": true, "endpoint": true, "header": true,
		"ref": true, "refs": true, "reference": true,
	}
	// flagPrefixes start boolean switches about secrets, such as
	// manage_master_user_password or generate_secret.
	flagPrefixes = map[string]bool{
		"allow": true, "enable": true, "enabled": true, "disable": true, "disabled": true,
		"require": true, "requires": true, "use": true, "is": true, "has": true,
		"manage": true, "create": true, "generate": true,
	}
)

// IsSecretName reports whether an attribute name suggests a secret value:
// password, passwd, secret, token, private_key, api_key, access_key,
// client_secret, auth_token, credentials, connection_string and the like.
// attr may be a name or a path, whose last step is used; matching is
// case-insensitive.
//
// Names that describe a secret rather than hold it are not secrets:
// password_length, token_ttl, secret_arn, access_key_id,
// token_expiry_seconds, password_policy, manage_master_user_password.
// Their values are configuration that should match between environments,
// and hiding them would hide real drift.
func IsSecretName(attr string) bool {
	words := nameWords(lastStepName(attr))
	if len(words) == 0 || describingSuffixes[words[len(words)-1]] || len(words) > 1 && flagPrefixes[words[0]] {
		return false
	}
	for i, w := range words {
		if secretWords[w] {
			return true
		}
		for _, phrase := range secretPhrases {
			if hasPhraseAt(words, i, phrase) {
				return true
			}
		}
	}
	return false
}

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
