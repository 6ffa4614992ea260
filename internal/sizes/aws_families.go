package sizes

// awsFamily bounds an EC2 family's ladder: results never go below smallest
// nor above largest. Where the family has a plain "metal" size it has the
// normalisation factor of largest (AWS: "a bare metal instance is the same
// size as the largest instance within the same instance family", e.g.
// i3.metal = i3.16xlarge, c5n.metal = c5n.18xlarge, m6i.metal = m6i.32xlarge,
// u-6tb1.metal = u-6tb1.112xlarge).
//
// The table is a snapshot of the EC2 documentation for common families; it
// is not exhaustive. A family missing here starts at nano and has no upper
// bound; "metal" of a family that is missing or has none is an error.
// metal-Nxl sizes (m7i, c7a, r7iz, m8g …) carry their size in the name and
// need no entry.
type awsFamily struct {
	smallest, largest string
	metal             bool
}

var awsFamilies = map[string]awsFamily{
	// Redshift node types: ra3.large is the smallest RA3, dc2 starts at
	// large (Amazon Redshift, "Node types").
	"ra3": {"large", "16xlarge", false},
	"dc2": {"large", "8xlarge", false},

	// Burstable.
	"t2":  {"nano", "2xlarge", false},
	"t3":  {"nano", "2xlarge", false},
	"t3a": {"nano", "2xlarge", false},
	"t4g": {"nano", "2xlarge", false},

	// General purpose.
	"a1":       {"medium", "4xlarge", true},
	"m4":       {"large", "16xlarge", false},
	"m5":       {"large", "24xlarge", true},
	"m5a":      {"large", "24xlarge", false},
	"m5ad":     {"large", "24xlarge", false},
	"m5d":      {"large", "24xlarge", true},
	"m5dn":     {"large", "24xlarge", true},
	"m5n":      {"large", "24xlarge", true},
	"m5zn":     {"large", "12xlarge", true},
	"m6a":      {"large", "48xlarge", true},
	"m6g":      {"medium", "16xlarge", true},
	"m6gd":     {"medium", "16xlarge", true},
	"m6i":      {"large", "32xlarge", true},
	"m6id":     {"large", "32xlarge", true},
	"m6idn":    {"large", "32xlarge", true},
	"m6in":     {"large", "32xlarge", true},
	"m7a":      {"medium", "48xlarge", false},
	"m7g":      {"medium", "16xlarge", true},
	"m7gd":     {"medium", "16xlarge", true},
	"m7i":      {"large", "48xlarge", false},
	"m7i-flex": {"large", "16xlarge", false},
	"m8g":      {"medium", "48xlarge", false},

	// Compute optimised.
	"c4":   {"large", "8xlarge", false},
	"c5":   {"large", "24xlarge", true},
	"c5a":  {"large", "24xlarge", false},
	"c5d":  {"large", "24xlarge", true},
	"c5n":  {"large", "18xlarge", true},
	"c6a":  {"large", "48xlarge", true},
	"c6g":  {"medium", "16xlarge", true},
	"c6gd": {"medium", "16xlarge", true},
	"c6gn": {"medium", "16xlarge", false},
	"c6i":  {"large", "32xlarge", true},
	"c6id": {"large", "32xlarge", true},
	"c6in": {"large", "32xlarge", true},
	"c7a":  {"medium", "48xlarge", false},
	"c7g":  {"medium", "16xlarge", true},
	"c7gd": {"medium", "16xlarge", true},
	"c7gn": {"medium", "16xlarge", true},
	"c7i":  {"large", "48xlarge", false},
	"c8g":  {"medium", "48xlarge", false},

	// Memory optimised.
	"r4":     {"large", "16xlarge", false},
	"r5":     {"large", "24xlarge", true},
	"r5a":    {"large", "24xlarge", false},
	"r5ad":   {"large", "24xlarge", false},
	"r5b":    {"large", "24xlarge", true},
	"r5d":    {"large", "24xlarge", true},
	"r5dn":   {"large", "24xlarge", true},
	"r5n":    {"large", "24xlarge", true},
	"r6a":    {"large", "48xlarge", true},
	"r6g":    {"medium", "16xlarge", true},
	"r6gd":   {"medium", "16xlarge", true},
	"r6i":    {"large", "32xlarge", true},
	"r6id":   {"large", "32xlarge", true},
	"r6idn":  {"large", "32xlarge", true},
	"r6in":   {"large", "32xlarge", true},
	"r7a":    {"medium", "48xlarge", false},
	"r7g":    {"medium", "16xlarge", true},
	"r7gd":   {"medium", "16xlarge", true},
	"r7i":    {"large", "48xlarge", false},
	"r7iz":   {"large", "32xlarge", false},
	"r8g":    {"medium", "48xlarge", false},
	"x1":     {"16xlarge", "32xlarge", false},
	"x1e":    {"xlarge", "32xlarge", false},
	"x2gd":   {"medium", "16xlarge", true},
	"x2idn":  {"16xlarge", "32xlarge", true},
	"x2iedn": {"xlarge", "32xlarge", true},
	"x2iezn": {"2xlarge", "12xlarge", true},
	"z1d":    {"large", "12xlarge", true},

	// High memory: the 112xlarge sizes are the 448-vCPU hosts.
	"u-3tb1":  {"56xlarge", "56xlarge", false},
	"u-6tb1":  {"56xlarge", "112xlarge", true},
	"u-9tb1":  {"112xlarge", "112xlarge", true},
	"u-12tb1": {"112xlarge", "112xlarge", true},
	"u-18tb1": {"112xlarge", "112xlarge", true},
	"u-24tb1": {"112xlarge", "112xlarge", true},

	// Storage optimised and accelerated.
	"i3":   {"large", "16xlarge", true},
	"i3en": {"large", "24xlarge", true},
	"i4g":  {"large", "16xlarge", false},
	"i4i":  {"large", "32xlarge", true},
	"g4dn": {"xlarge", "16xlarge", true},
	"g4ad": {"xlarge", "16xlarge", false},
	"g5":   {"xlarge", "48xlarge", false},
	"g5g":  {"xlarge", "16xlarge", true},
	"g6":   {"xlarge", "48xlarge", false},
	"g6e":  {"xlarge", "48xlarge", false},
	"p3":   {"2xlarge", "16xlarge", false},
	"p3dn": {"24xlarge", "24xlarge", false},
	"p4d":  {"24xlarge", "24xlarge", false},
	"p5":   {"48xlarge", "48xlarge", false},
	"inf1": {"xlarge", "24xlarge", false},
	"inf2": {"xlarge", "48xlarge", false},
	"trn1": {"2xlarge", "32xlarge", false},
}
