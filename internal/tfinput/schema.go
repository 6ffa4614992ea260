package tfinput

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/zclconf/go-cty/cty"

	"github.com/envparity/terraform-provider-parity/internal/inputlimit"
	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// Provider schemas (`terraform providers schema -json`) say what documents
// cannot: which lists are sets and which keep their order, and which
// attributes the provider computes and no configuration sets. RulesFromSchema
// turns them into list and identity rules scoped to each resource type, so
// that the comparison follows the providers actually in use.

// LoadSchema reads the output of `terraform providers schema -json`.
func LoadSchema(path string) (*tfjson.ProviderSchemas, error) {
	data, err := inputlimit.ReadFile(path, inputlimit.DefaultDocumentSize, "provider schema")
	if err != nil {
		return nil, err
	}
	var ps tfjson.ProviderSchemas
	if err := json.Unmarshal(data, &ps); err != nil {
		return nil, fmt.Errorf("%s: not a provider schema (terraform providers schema -json): %w", path, err)
	}
	return &ps, nil
}

// computedReason is the reason of identity rules made from schemas.
const computedReason = "computed by the provider: its schema marks it computed and not configurable"

// RulesFromSchema returns list rules (order significant for lists,
// insignificant for sets) and identity rules (computed-only attributes) for
// every resource type of the schemas, in a stable order.
func RulesFromSchema(ps *tfjson.ProviderSchemas) parity.Rules {
	var rules parity.Rules
	if ps == nil {
		return rules
	}
	providers := make([]string, 0, len(ps.Schemas))
	for p := range ps.Schemas {
		providers = append(providers, p)
	}
	sort.Strings(providers)
	for _, p := range providers {
		s := ps.Schemas[p]
		if s == nil {
			continue
		}
		types := make([]string, 0, len(s.ResourceSchemas))
		for t := range s.ResourceSchemas {
			types = append(types, t)
		}
		sort.Strings(types)
		for _, t := range types {
			if rs := s.ResourceSchemas[t]; rs != nil && rs.Block != nil {
				schemaBlockRules(&rules, t, "", rs.Block, 0)
			}
		}
	}
	return rules
}

// maxSchemaDepth bounds the nesting of blocks read from a schema.
const maxSchemaDepth = 32

func schemaBlockRules(rules *parity.Rules, resourceType, prefix string, b *tfjson.SchemaBlock, depth int) {
	if depth > maxSchemaDepth {
		return
	}
	scope := parity.Scope{ResourceType: resourceType}
	for _, name := range sortedKeys(b.Attributes) {
		a := b.Attributes[name]
		if a == nil || !isPatternName(name) {
			continue
		}
		path := prefix + name
		if a.Computed && !a.Optional && !a.Required && name != "id" {
			rules.Identities = append(rules.Identities, parity.IdentityRule{Pattern: path, Reason: computedReason, Scope: scope})
			continue
		}
		switch {
		case a.AttributeNestedType != nil:
			switch a.AttributeNestedType.NestingMode {
			case tfjson.SchemaNestingModeSet:
				rules.Lists = append(rules.Lists, parity.ListRule{Pattern: path, Order: parity.ListOrderInsignificant, Scope: scope})
			case tfjson.SchemaNestingModeList:
				rules.Lists = append(rules.Lists, parity.ListRule{Pattern: path, Order: parity.ListOrderSignificant, Scope: scope})
			}
			nested := &tfjson.SchemaBlock{Attributes: a.AttributeNestedType.Attributes}
			schemaBlockRules(rules, resourceType, path+".", nested, depth+1)
		case a.AttributeType.IsSetType():
			rules.Lists = append(rules.Lists, parity.ListRule{Pattern: path, Order: parity.ListOrderInsignificant, Scope: scope})
		case a.AttributeType.IsListType() && collectionOfObjectsOrPrimitives(a.AttributeType):
			rules.Lists = append(rules.Lists, parity.ListRule{Pattern: path, Order: parity.ListOrderSignificant, Scope: scope})
		}
	}
	for _, name := range sortedKeys(b.NestedBlocks) {
		nb := b.NestedBlocks[name]
		if nb == nil || nb.Block == nil || !isPatternName(name) {
			continue
		}
		path := prefix + name
		switch nb.NestingMode {
		case tfjson.SchemaNestingModeSet:
			rules.Lists = append(rules.Lists, parity.ListRule{Pattern: path, Order: parity.ListOrderInsignificant, Scope: scope})
		case tfjson.SchemaNestingModeList:
			if nb.MaxItems != 1 {
				rules.Lists = append(rules.Lists, parity.ListRule{Pattern: path, Order: parity.ListOrderSignificant, Scope: scope})
			}
		}
		schemaBlockRules(rules, resourceType, path+".", nb.Block, depth+1)
	}
}

func collectionOfObjectsOrPrimitives(t cty.Type) bool {
	e := t.ElementType()
	return e.IsPrimitiveType() || e.IsObjectType()
}

// isPatternName reports whether an attribute name can be written as a
// pattern step.
func isPatternName(name string) bool {
	if name == "" || strings.ContainsAny(name, ".[]*\" ") {
		return false
	}
	return true
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// SchemaFromWorkingDir runs `terraform providers schema -json` in an
// initialised working directory.
func SchemaFromWorkingDir(ctx context.Context, dir string, opts Options) (*tfjson.ProviderSchemas, error) {
	tf, err := newTerraform(dir, opts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	ps, err := tf.ProvidersSchema(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: terraform providers schema: %w", dir, err)
	}
	return ps, nil
}
