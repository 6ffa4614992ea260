package parity

import (
	"net/netip"
	"regexp"
	"strings"
)

// Identity by look: parts of values that every environment has its own of,
// whatever the attribute is called. They are replaced by a placeholder
// before values are compared or hashed, so that a staging value and a
// production value that differ only in them are equal. Each pattern is
// guarded by a cheap substring test: states repeat millions of strings.

var (
	// arnAccount matches the account field of an ARN: arn:aws:iam::123456789012:role/x.
	arnAccount = regexp.MustCompile(`(arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:)[0-9]{12}(:|$)`)
	// bareAccount is an AWS account id or a GCP project number on its own.
	bareAccount = regexp.MustCompile(`^[0-9]{12}$`)
	// oidcID is the issuer id of an EKS cluster's OIDC provider.
	oidcID = regexp.MustCompile(`(oidc\.eks\.[a-z0-9-]+\.amazonaws\.com/id/)[0-9A-Fa-f]{16,64}`)
	// uuid is a UUID anywhere in a value (Azure subscriptions, object ids,
	// role assignment names, KMS key ids).
	uuid = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)
	// awsResourceID is an EC2-style identifier on its own: sg-0123abcd,
	// subnet-0123456789abcdef0. AMI ids are not among them: which image runs
	// is configuration.
	awsResourceID = regexp.MustCompile(`^(sg|subnet|vpc|igw|nat|rtb|rtbassoc|eni|vol|snap|i|lt|acl|aclassoc|eipalloc|eipassoc|eigw|pcx|tgw|tgw-attach|vpce|fs|fsap|dopt|cvpn-endpoint|elbv2)-[0-9a-f]{8}(?:[0-9a-f]{9})?$`)
	// elbSuffix is the generated suffix of a load balancer or target group
	// in its ARN or CloudWatch dimension: app/web/50dc6c495c0c9188.
	elbSuffix = regexp.MustCompile(`((?:app|net|gwy|targetgroup)/[^/]+/)[0-9a-f]{16}`)
	// elbHost is the generated part of a load balancer's DNS name.
	elbHost = regexp.MustCompile(`-[0-9a-f]{8,}(\.[a-z0-9-]+)?\.elb\.amazonaws\.com`)
	// rdsHost is the account-and-region id in an RDS endpoint.
	rdsHost = regexp.MustCompile(`\.[a-z0-9]{10,16}(\.[a-z0-9-]+\.rds\.amazonaws\.com)`)
	// ecrRegistry is the account in an ECR image reference.
	ecrRegistry = regexp.MustCompile(`^[0-9]{12}(\.dkr\.ecr\.)`)
	// runApp is the project number in a Cloud Run URL.
	runApp = regexp.MustCompile(`-[0-9]{10,13}(\.[a-z0-9-]+\.run\.app)`)
	// gcpServiceAgent is the project number in a Google-managed service
	// account: service-123@…, 123-compute@developer.gserviceaccount.com.
	gcpServiceAgent = regexp.MustCompile(`(service-|^|:)[0-9]{6,13}(@|-compute@)`)
	// secretsManagerSuffix is the random suffix Secrets Manager appends to a
	// secret's ARN.
	secretsManagerSuffix = regexp.MustCompile(`(:secret:[^:]+)-[A-Za-z0-9]{6}$`)
)

// normalizeIdentityText replaces the parts of a string that are each
// environment's own identity.
func normalizeIdentityText(s string) string {
	if len(s) < 7 {
		return s
	}
	if strings.Contains(s, "arn:aws") {
		s = arnAccount.ReplaceAllString(s, "${1}{account}${2}")
		if strings.Contains(s, ":secret:") {
			s = secretsManagerSuffix.ReplaceAllString(s, "${1}-{id}")
		}
	}
	if len(s) == 12 && bareAccount.MatchString(s) {
		return "{account}"
	}
	if strings.Contains(s, "oidc.eks.") {
		s = oidcID.ReplaceAllString(s, "${1}{oidc-id}")
	}
	if strings.Count(s, "-") >= 4 {
		s = uuid.ReplaceAllString(s, "{uuid}")
	}
	if m := awsResourceID.FindStringSubmatch(s); m != nil {
		return "{" + m[1] + "-id}"
	}
	if strings.Contains(s, "/") && (strings.Contains(s, "app/") || strings.Contains(s, "net/") || strings.Contains(s, "targetgroup/") || strings.Contains(s, "gwy/")) {
		s = elbSuffix.ReplaceAllString(s, "${1}{id}")
	}
	if strings.Contains(s, ".elb.amazonaws.com") {
		s = elbHost.ReplaceAllString(s, "-{id}${1}.elb.amazonaws.com")
	}
	if strings.Contains(s, ".dkr.ecr.") {
		s = ecrRegistry.ReplaceAllString(s, "{account}${1}")
	}
	if strings.Contains(s, ".rds.amazonaws.com") {
		s = rdsHost.ReplaceAllString(s, ".{id}${1}")
	}
	if strings.Contains(s, ".run.app") {
		s = runApp.ReplaceAllString(s, "-{project}${1}")
	}
	if strings.Contains(s, "@") && strings.Contains(s, "gserviceaccount.com") {
		s = gcpServiceAgent.ReplaceAllString(s, "${1}{project}${2}")
	}
	if looksLikeIPAddress(s) {
		return "{ip}"
	}
	if strings.HasPrefix(s, "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS") || strings.HasPrefix(s, "-----BEGIN CERTIFICATE-----") {
		// A certificate (PEM, or PEM in base64) that a cluster or service
		// issued for itself.
		return "{certificate}"
	}
	return s
}

// looksLikeIPAddress reports whether s is an IP address on its own (not a
// CIDR block, whose prefix length is configuration): addresses are
// allocated from each environment's own network.
func looksLikeIPAddress(s string) bool {
	if len(s) > 45 || !(strings.Count(s, ".") == 3 || strings.Contains(s, ":")) {
		return false
	}
	_, err := netip.ParseAddr(s)
	return err == nil
}

// timestamp is a date with a time of day, as APIs report when something
// happened: 2024-03-25T15:55:18.962Z, 2024-11-06T01:29:45.377,
// 2024-08-16T10:17:54.476-07:00.
var timestamp = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?$`)

// timeWords mark an attribute that holds a point in time.
var timeWords = map[string]bool{"time": true, "timestamp": true, "date": true, "at": true, "created": true, "updated": true, "modified": true, "since": true}

// isRecordedTime reports whether an attribute named name holding text
// records when something happened (effective_time, last_attach_timestamp,
// created_at): a timestamp under a name that says so. Such values are each
// environment's own history, not configuration. A schedule written as a time
// of day ("03:00") is not a timestamp and stays configuration.
func isRecordedTime(name, text string) bool {
	if len(text) < 16 || len(text) > 40 || !timestamp.MatchString(text) {
		return false
	}
	for _, w := range nameWords(name) {
		if timeWords[w] {
			return true
		}
	}
	return false
}
