package parity

import (
	"net/netip"
	"regexp"
	"strconv"
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
	uuid = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(-[0-9]{1,3}\b)?`)
	// ssoRole is the generated suffix of an IAM Identity Center role name.
	ssoRole = regexp.MustCompile(`(AWSReservedSSO_[A-Za-z0-9+=,.@-]+_)[0-9a-f]{16}`)
	// cognitoPool is a Cognito user pool id: region, underscore, nine
	// generated characters.
	cognitoPool = regexp.MustCompile(`\b([a-z]{2}(?:-gov)?-[a-z]+-[0-9])_[A-Za-z0-9]{9}\b`)
	// vpcEndpointHost is the generated part of a VPC endpoint's DNS name.
	vpcEndpointHost = regexp.MustCompile(`vpce-[0-9a-f]{17}-[a-z0-9]{8}`)
	// nameServer is a name server a DNS service assigned: Route 53,
	// Cloud DNS, Azure DNS, Cloudflare.
	nameServer = regexp.MustCompile(`^(ns-[0-9]+\.awsdns-[0-9]+\.(com|net|org|co\.uk)|ns-cloud-[a-e][0-9]+\.googledomains\.com|ns[0-9]-[0-9]+\.azure-dns\.(com|net|org|info)|[a-z]+\.ns\.cloudflare\.com)\.?$`)
	// validationLabel is the generated first label of a DNS validation or
	// DKIM record name: _3f2a…(32 hex).example.com.
	validationLabel = regexp.MustCompile(`(^|\.)_[0-9a-f]{32}\.`)
	// containerAppsDomain is the generated part of an Azure Container Apps
	// domain: <adjective><noun>-<hash>.<region>.azurecontainerapps.io.
	containerAppsDomain = regexp.MustCompile(`[a-z]+-[0-9a-f]{8}(\.[a-z0-9]+\.azurecontainerapps\.io)`)
	// acmValidation is the generated label of an ACM validation target.
	acmValidation = regexp.MustCompile(`(^|\.)[a-z0-9]{6,}(\.acm-validations\.aws)`)
	// cloudFrontOAI is a CloudFront origin access identity in a principal.
	cloudFrontOAI = regexp.MustCompile(`(CloudFront Origin Access Identity )[A-Z0-9]{8,20}`)
	// azureDiskSuffix is the id Azure appends to a disk it names itself
	// (vm-web-01_OsDisk_1_8fdb117caf17bf7674ded78c0d064347).
	azureDiskSuffix = regexp.MustCompile(`(_(?:OsDisk|disk[0-9]*)_[0-9]+_)[0-9a-f]{32}\b`)
	// gcpProjectNumber is a project number in a resource path.
	gcpProjectNumber = regexp.MustCompile(`(projects/)[0-9]{6,13}(/|$)`)
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
	gcpServiceAgent = regexp.MustCompile(`(service-|^|[:/])[0-9]{6,13}(@|-compute@)`)
	// awsURLAccount is the account in an AWS service URL path (SQS queue URLs).
	awsURLAccount = regexp.MustCompile(`(amazonaws\.com/)[0-9]{12}(/|$)`)
	// cloudHost is a host name under a cloud provider's own domains, where
	// the provider generates the labels (API Gateway, App Runner, VPC
	// endpoints, Front Door, Cloud Functions, …).
	cloudHost = regexp.MustCompile(`[A-Za-z0-9][A-Za-z0-9.-]*\.(googleapis\.com/[A-Za-z0-9/._-]*|acm-validations\.aws|amazonses\.com|awsglobalaccelerator\.com|azurecontainerapps\.io|amazonaws\.com|on\.aws|awsapprunner\.com|cloudfront\.net|amazoncognito\.com|run\.app|cloudfunctions\.net|appspot\.com|googleusercontent\.com|azurefd\.net|azurewebsites\.net|azure-api\.net|azmk8s\.io|azurecr\.io|cloudapp\.azure\.com|windows\.net|cloud\.databricks\.com|azuredatabricks\.net|gcp\.databricks\.com)`)
	// sshPublicKey is an OpenSSH public key; fingerprint is a key's
	// fingerprint (SHA256:… or colon-separated hex).
	sshPublicKey = regexp.MustCompile(`^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp[0-9]+) [A-Za-z0-9+/=]{40,}`)
	fingerprint  = regexp.MustCompile(`^(SHA256:[A-Za-z0-9+/=]{43}|MD5:)?([0-9a-f]{2}:){15,31}[0-9a-f]{2}$|^SHA256:[A-Za-z0-9+/=]{43}$`)
	// awsOrgID is an AWS Organizations id in an ARN or on its own: the
	// organization (o-…), an organizational unit (ou-…-…) or the root
	// (r-…), each organization's own.
	awsOrgID = regexp.MustCompile(`\b(o-[a-z0-9]{10,32}|ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})\b`)
	// mtaSTSID is the policy id of an MTA-STS TXT record (v=STSv1; id=…),
	// which each domain changes whenever it publishes its policy.
	mtaSTSID = regexp.MustCompile(`(v=STSv1;\s*id=)[A-Za-z0-9]{1,32}`)
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
	if strings.Contains(s, "o-") || strings.Contains(s, "ou-") {
		if strings.Contains(s, "organization") || strings.HasPrefix(s, "o-") || strings.HasPrefix(s, "ou-") {
			s = awsOrgID.ReplaceAllString(s, "{org-id}")
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
	if mayBeAWSResourceID(s) {
		if m := awsResourceID.FindStringSubmatch(s); m != nil {
			return "{" + m[1] + "-id}"
		}
	}
	if strings.Contains(s, "vpce-") {
		s = vpcEndpointHost.ReplaceAllString(s, "vpce-{id}")
	}
	if strings.Contains(s, "ns") && nameServer.MatchString(s) {
		return "{name-server}"
	}
	if strings.Contains(s, "_") && strings.Contains(s, ".") {
		s = validationLabel.ReplaceAllString(s, "${1}_{id}.")
	}
	if strings.Contains(s, "acm-validations.aws") {
		s = acmValidation.ReplaceAllString(s, "${1}{id}${2}")
	}
	if mayNameCloudHost(s) {
		s = cloudHost.ReplaceAllStringFunc(s, normalizeCloudHost)
	}
	if strings.Contains(s, "-") || strings.Contains(s, "_") || strings.Contains(s, "/") {
		s = embeddedIDs(s)
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
	if strings.Contains(s, "AWSReservedSSO_") {
		s = ssoRole.ReplaceAllString(s, "${1}{id}")
	}
	if strings.Contains(s, "_") && strings.Contains(s, "-") {
		s = cognitoPool.ReplaceAllString(s, "${1}_{id}")
	}
	if strings.Contains(s, "azurecontainerapps.io") {
		s = containerAppsDomain.ReplaceAllString(s, "{id}${1}")
	}
	if p, ok := privateNetwork(s); ok {
		return p
	}
	if strings.Contains(s, "CloudFront Origin Access Identity ") {
		s = cloudFrontOAI.ReplaceAllString(s, "${1}{id}")
	}
	if strings.Contains(s, "_OsDisk_") || strings.Contains(s, "_disk") {
		s = azureDiskSuffix.ReplaceAllString(s, "${1}{id}")
	}
	if strings.Contains(s, "projects/") {
		s = gcpProjectNumber.ReplaceAllString(s, "${1}{project}${2}")
	}
	if strings.Contains(s, "amazonaws.com/") {
		s = awsURLAccount.ReplaceAllString(s, "${1}{account}${2}")
	}
	if strings.Contains(s, "@") && strings.Contains(s, "gserviceaccount.com") {
		s = gcpServiceAgent.ReplaceAllString(s, "${1}{project}${2}")
	}
	if len(s) >= 32 {
		s = replaceHexWords(s)
	}
	if strings.Contains(s, "v=STSv1") {
		s = mtaSTSID.ReplaceAllString(s, "${1}{id}")
	}
	if looksLikeIPAddress(s) || looksLikeIPList(s) {
		return "{ip}"
	}
	if looksLikeRandomID(s) {
		return "{id}"
	}
	if strings.HasPrefix(s, "-----BEGIN PUBLIC KEY-----") || strings.HasPrefix(s, "-----BEGIN RSA PUBLIC KEY-----") || sshPublicKey.MatchString(s) {
		return "{public-key}"
	}
	if (strings.HasPrefix(s, "SHA256:") || strings.HasPrefix(s, "MD5:") || strings.Count(s, ":") >= 15) && fingerprint.MatchString(s) {
		return "{fingerprint}"
	}
	if strings.HasPrefix(s, "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS") || strings.HasPrefix(s, "-----BEGIN CERTIFICATE-----") {
		// A certificate (PEM, or PEM in base64) that a cluster or service
		// issued for itself.
		return "{certificate}"
	}
	return s
}

// mayBeAWSResourceID is a cheap test that awsResourceID can match: the
// text after the last hyphen is 8 or 17 hex digits.
func mayBeAWSResourceID(s string) bool {
	i := strings.LastIndexByte(s, '-')
	if i <= 0 || len(s) > 40 {
		return false
	}
	tail := s[i+1:]
	return (len(tail) == 8 || len(tail) == 17) && isLowerHex(tail)
}

func isLowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// cloudHostEndings are the endings every domain of cloudHost shares one
// of: a value with none of them names no such host.
var cloudHostEndings = []string{".com", ".aws", ".io", ".net", ".app"}

func mayNameCloudHost(s string) bool {
	if !strings.Contains(s, ".") {
		return false
	}
	for _, e := range cloudHostEndings {
		if strings.Contains(s, e) {
			return true
		}
	}
	return false
}

// looksLikeIPAddress reports whether s is an IP address on its own (not a
// CIDR block, whose prefix length is configuration): addresses are
// allocated from each environment's own network.
func looksLikeIPAddress(s string) bool {
	if len(s) > 45 || !(strings.Count(s, ".") == 3 || strings.Contains(s, ":")) {
		return false
	}
	a, err := netip.ParseAddr(s)
	// The unspecified and loopback addresses are no one's identity: binding
	// to 0.0.0.0 rather than 127.0.0.1 is configuration (a port open to
	// every interface).
	return err == nil && !a.IsUnspecified() && !a.IsLoopback()
}

// timestamp is a date with a time of day, as APIs report when something
// happened: 2024-03-25T15:55:18.962Z, 2024-11-06T01:29:45.377,
// 2024-08-16T10:17:54.476-07:00.
var timestamp = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?$`)

// timeWords mark an attribute that holds a point in time.
var timeWords = map[string]bool{"time": true, "timestamp": true, "date": true, "at": true, "created": true, "updated": true,
	"modified": true, "since": true, "before": true, "after": true, "expiry": true, "expires": true}

// isRecordedTime reports whether an attribute named name holding text
// records when something happened (effective_time, last_attach_timestamp,
// created_at): a timestamp under a name that says so. Such values are each
// environment's own history, not configuration. A schedule written as a time
// of day ("03:00") is not a timestamp and stays configuration.
func isRecordedTime(name, text string) bool {
	// The pattern starts with four digits and a hyphen: test those first.
	if len(text) < 16 || len(text) > 40 || !isDigitsOnly(text[:4]) || text[4] != '-' || !timestamp.MatchString(text) {
		return false
	}
	for _, w := range nameWords(name) {
		if timeWords[w] {
			return true
		}
	}
	return false
}

// normalizeCloudHost replaces the labels of a cloud host name that the
// provider generated: segments of six characters or more that mix letters
// and digits (a1b2c3d4e5, vpce-0a1b2c3d) or are digits alone (045884). Region names
// (eu-west-1), service names (execute-api) and the environment's own words
// stay.
func normalizeCloudHost(host string) string {
	// Segments and the separator before each.
	type segment struct {
		text string
		sep  byte
		gen  bool
	}
	var segs []segment
	start, sep := 0, byte(0)
	for i := 0; i <= len(host); i++ {
		if i < len(host) && host[i] != '.' && host[i] != '-' {
			continue
		}
		segs = append(segs, segment{text: host[start:i], sep: sep, gen: generatedSegment(host[start:i])})
		if i < len(host) {
			sep = host[i]
		}
		start = i + 1
	}
	// A short hex part joined by a hyphen to a generated one is generated
	// with it: dbc-476e9a31-0735 (a Databricks workspace).
	for i := range segs {
		if segs[i].gen || !shortHexWithDigit(segs[i].text) {
			continue
		}
		if i > 0 && segs[i].sep == '-' && segs[i-1].gen || i+1 < len(segs) && segs[i+1].sep == '-' && segs[i+1].gen {
			segs[i].gen = true
		}
	}
	var b strings.Builder
	for i, sg := range segs {
		if i > 0 {
			b.WriteByte(sg.sep)
		}
		if sg.gen {
			b.WriteString("{id}")
		} else {
			b.WriteString(sg.text)
		}
	}
	return b.String()
}

// shortHexWithDigit reports whether s is four or five hex digits, at least
// one of them a decimal digit.
func shortHexWithDigit(s string) bool {
	if len(s) < 4 || len(s) > 5 {
		return false
	}
	digit := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digit = true
		case c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
		default:
			return false
		}
	}
	return digit
}

func generatedSegment(s string) bool {
	if len(s) < 6 {
		return false
	}
	letters, digits := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
			letters++
		case c >= '0' && c <= '9':
			digits++
		default:
			return false
		}
	}
	// Six digits or more alone are generated too: a DAX cluster's
	// 045884, a load balancer's 8087627.
	return digits > 0
}

// counterNames are attributes that count an object's own changes: a number
// under one of these names is each environment's history.
var counterNames = map[string]bool{"version": true, "revision": true, "latest_revision": true,
	"latest_version": true, "default_version": true, "generation": true, "metageneration": true}

// isRecordedCount reports whether a number under name counts changes
// (revision 104) or records a time as seconds or milliseconds since the
// epoch (creation_time 1718131200000).
func isRecordedCount(name, text string) bool {
	// Every reading below needs digits only: test that first, it is cheap
	// and most values fail it.
	if !isDigitsOnly(text) {
		return false
	}
	if counterNames[name] {
		return true
	}
	// launch_template_latest_version, current_revision: a counter named
	// for what it counts.
	countsChanges := strings.Contains(name, "ersion") || strings.Contains(name, "evision") || strings.Contains(name, "eneration")
	if !countsChanges && (len(text) < 10 || len(text) > 13) {
		return false
	}
	if words := nameWords(name); countsChanges && len(words) >= 2 {
		last, prev := words[len(words)-1], words[len(words)-2]
		if (last == "version" || last == "revision" || last == "generation") && (prev == "latest" || prev == "default" || prev == "current") {
			return true
		}
	}
	if len(text) < 10 || len(text) > 13 {
		return false
	}
	for _, w := range nameWords(name) {
		if timeWords[w] {
			return true
		}
	}
	return false
}

func isDigitsOnly(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// looksLikeIPList reports whether s is a comma-separated list of IP
// addresses (App Service's outbound addresses).
func looksLikeIPList(s string) bool {
	if !strings.Contains(s, ",") {
		return false
	}
	for _, p := range strings.Split(s, ",") {
		if !looksLikeIPAddress(strings.TrimSpace(p)) {
			return false
		}
	}
	return true
}

// replaceHexWords replaces by {id} every word of 32 lower-case hex digits
// that mixes digits and letters: an identifier standing in free text (a
// GuardDuty detector or Azure object id quoted in a dashboard's markdown).
// Image digests (64) and commit hashes (7, 40) are other lengths: which
// code runs is configuration. A word is a run of letters, digits, '_' and
// '-'.
func replaceHexWords(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		if !isIDByte(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isIDByte(s[j]) {
			j++
		}
		if j-i == 32 && isMixedHex(s[i:j]) {
			b.WriteString(s[last:i])
			b.WriteString("{id}")
			last = j
		}
		i = j
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func isIDByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// looksLikeRandomID reports whether s is one long run of lower-case letters
// and digits, well mixed, with no separator: a generated identifier such as
// a Cognito app client id (phcpt0ro3z9j18mkmzb4t1wcbj). Names have
// separators or are words.
func looksLikeRandomID(s string) bool {
	if len(s) < 20 || len(s) > 64 {
		return false
	}
	letters, digits := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z':
			letters++
		case c >= '0' && c <= '9':
			digits++
		default:
			return false
		}
	}
	return letters >= 4 && digits >= 4
}

// privateNetwork normalises a private network range (RFC 1918, shared
// address space, unique local IPv6) to its prefix length: each environment
// has its own address plan, and 10.1.0.0/16 in staging stands where
// 10.0.0.0/16 stands in production. A public range, 0.0.0.0/0 above all, is
// configuration: who may connect.
func privateNetwork(s string) (string, bool) {
	if len(s) < 9 || len(s) > 49 || !strings.Contains(s, "/") {
		return "", false
	}
	p, err := netip.ParsePrefix(s)
	if err != nil || p.Bits() == 0 {
		return "", false
	}
	a := p.Addr()
	if !a.IsPrivate() && !sharedAddressSpace.Contains(a) {
		return "", false
	}
	return "{private-network}/" + strconv.Itoa(p.Bits()), true
}

var sharedAddressSpace = netip.MustParsePrefix("100.64.0.0/10")

// embeddedIDs replaces, in a name or path, the segments a system generated:
// an account id (acme-cloudtrail-390178452206), numbers of 16 digits or
// more, and hex ids of 8 to 32
// characters mixing digits and letters (europe-west1-orchestration-
// staging-84f75d48-bucket, integration/0b0be56c…). Seven-character short
// commit hashes and 40-character full ones are left alone: which code runs
// is configuration.
func embeddedIDs(s string) string {
	var b strings.Builder
	start, changed := 0, false
	flush := func(end int) {
		seg := s[start:end]
		switch {
		case len(seg) == 12 && isDigitsOnly(seg) && (start > 0 || end < len(s)):
			b.WriteString("{account}")
			changed = true
		case len(seg) >= 8 && len(seg) <= 32 && isMixedHex(seg):
			b.WriteString("{id}")
			changed = true
		case len(seg) >= 16 && len(seg) <= 40 && isDigitsOnly(seg) && (start > 0 || end < len(s)):
			// A long number in a path is an id a service assigned (Cloud
			// Monitoring's alertPolicies/57002837894086138971/conditions/…);
			// no one writes a 16-digit setting.
			b.WriteString("{id}")
			changed = true
		default:
			b.WriteString(seg)
		}
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '-', '_', '/', '.', ':', '=', ' ':
			flush(i)
			b.WriteByte(s[i])
			start = i + 1
		}
	}
	flush(len(s))
	if !changed {
		return s
	}
	return b.String()
}

// isMixedHex reports whether s is lower-case hex with both digits and
// letters.
func isMixedHex(s string) bool {
	digits, letters := false, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits = true
		case c >= 'a' && c <= 'f':
			letters = true
		default:
			return false
		}
	}
	return digits && letters
}
