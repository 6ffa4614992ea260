package parity

// Scope narrows a rule: to the attributes of one resource type (the rule was
// written inside a `resource "TYPE" { … }` block, and its pattern is matched
// against paths inside those resources only), and to objects whose sibling
// attributes hold given values (`when = { volume_type = "gp3" }`).
type Scope struct {
	ResourceType string
	When         []Condition
}

// Condition holds when the attribute Attribute of the object that contains
// the matched path (a sibling of the matched attribute, or a dotted path from
// that object) has one of Values. A null value stands for an absent
// attribute.
type Condition struct {
	Attribute string
	Values    []Value
}

// IdentityRule declares that matching paths are identity: values every
// environment has its own of (assigned names, addresses, computed values),
// not compared and not listed in reports.
type IdentityRule struct {
	Pattern string
	Reason  string
	Scope
	Source *Location
	Origin string
}

// ListOrder says whether the order of a list's elements is configuration.
type ListOrder string

// The list orders.
const (
	// ListOrderUnknown: nothing says; elements are matched by key or content
	// and a change of order is reported, with a note that the order was
	// compared because nothing said it does not matter.
	ListOrderUnknown ListOrder = ""
	// ListOrderSignificant: the order is configuration (a container's args,
	// CloudFront's ordered_cache_behavior).
	ListOrderSignificant ListOrder = "significant"
	// ListOrderInsignificant: the list is a set (security group rules).
	ListOrderInsignificant ListOrder = "insignificant"
)

// ListRule says how the elements of matching lists correspond between the
// environments.
type ListRule struct {
	Pattern string
	// Order says whether element order matters.
	Order ListOrder
	// Key names the attributes that identify an element of a list of
	// objects (name, key, path_pattern); empty matches elements by content.
	Key []string
	Scope
	Source *Location
	Origin string
}
