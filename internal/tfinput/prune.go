package tfinput

import (
	"bytes"
	"unsafe"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// pruneNode describes which parts of a JSON document to build. Files are
// read through it so that a 100 MB state or plan costs memory only for what
// FromDocument uses: a plan's prior_state and before values,
// provider metadata and the like are skipped (still validated), and masks
// are built transiently. The reduced document goes through FromDocument, so
// files and decoded values share one reader.
type pruneNode struct {
	// fields lists the object members to build; a nil node builds the
	// member in full. Other members are skipped. nil fields: build in full.
	fields map[string]*pruneNode
	// elems describes each element of an array.
	elems *pruneNode
	// transient builds the value in full, outside the slabs of kept values.
	transient bool
}

var (
	pruneTransient = &pruneNode{transient: true}

	pruneShowResource = &pruneNode{fields: map[string]*pruneNode{
		"address": nil, "mode": nil, "type": nil, "name": nil, "deposed_key": nil,
		"values":           nil,
		"sensitive_values": pruneTransient,
	}}
	pruneModule = &pruneNode{fields: map[string]*pruneNode{
		"address":   nil,
		"resources": {elems: pruneShowResource},
		// child_modules is set in init: the node refers to itself.
	}}
	pruneValues = &pruneNode{fields: map[string]*pruneNode{"root_module": pruneModule}}

	pruneChange = &pruneNode{fields: map[string]*pruneNode{
		"address": nil, "deposed": nil, "previous_address": nil,
		"change": {fields: map[string]*pruneNode{
			"actions":         pruneTransient,
			"after_unknown":   pruneTransient,
			"after_sensitive": pruneTransient,
		}},
	}}

	pruneRawInstance = &pruneNode{fields: map[string]*pruneNode{
		"index_key": nil, "deposed": nil,
		"attributes":           nil,
		"attributes_flat":      pruneTransient,
		"sensitive_attributes": pruneTransient,
	}}
	pruneRawResource = &pruneNode{fields: map[string]*pruneNode{
		"module": nil, "mode": nil, "type": nil, "name": nil,
		"instances": {elems: pruneRawInstance},
	}}

	// pruneDocument covers both document families; their top-level keys
	// do not overlap.
	pruneDocument = &pruneNode{fields: map[string]*pruneNode{
		"format_version":   nil,
		"values":           pruneValues,
		"planned_values":   pruneValues,
		"resource_changes": {elems: pruneChange},
		// A plan's configuration says which unknown attributes are computed
		// by the provider; it grows with the configuration, not the state.
		"configuration": pruneTransient,

		"version": nil, "lineage": nil, "serial": nil, "terraform_version": nil,
		"resources": {elems: pruneRawResource},
	}}
)

func init() {
	pruneModule.fields["child_modules"] = &pruneNode{elems: pruneModule}
}

// decodeDocumentJSON decodes the parts of a Terraform document that
// FromDocument reads. For anything else the result is incomplete: callers
// that want a plain settings object decode again with DecodeJSON.
func decodeDocumentJSON(data []byte) (parity.Value, error) {
	d := &jsonDecoder{data: data, intern: make(map[string]string, 1024)}
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		d.pos = 3
	}
	v, err := d.pruned(pruneDocument)
	if err != nil {
		return parity.Value{}, err
	}
	d.skipSpace()
	if d.pos < len(d.data) {
		return parity.Value{}, d.errorf("invalid character %s after top-level value", quoteByte(d.data[d.pos]))
	}
	return v, nil
}

func (d *jsonDecoder) pruned(n *pruneNode) (parity.Value, error) {
	if n == nil {
		return d.value()
	}
	if n.transient {
		saved := d.transient
		d.transient = true
		v, err := d.value()
		d.transient = saved
		return v, err
	}
	d.skipSpace()
	if d.pos >= len(d.data) {
		return parity.Value{}, d.unexpectedEnd()
	}
	switch d.data[d.pos] {
	case '{':
		if n.fields != nil {
			return d.prunedObject(n)
		}
	case '[':
		if n.elems != nil {
			return d.prunedArray(n)
		}
	}
	return d.value()
}

func (d *jsonDecoder) prunedObject(n *pruneNode) (parity.Value, error) {
	if err := d.enter(); err != nil {
		return parity.Value{}, err
	}
	d.pos++ // '{'
	var keys []string
	var vals []parity.Value
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
		d.depth--
		return parity.ObjectFromSorted(nil, nil), nil
	}
	// Every key, kept or skipped, is checked for duplicates, so that the
	// pruned read refuses exactly what DecodeJSON refuses.
	base := len(d.keyStack)
	for {
		d.skipSpace()
		at := d.pos
		key, err := d.objectKey()
		if err != nil {
			return parity.Value{}, err
		}
		d.keyStack = append(d.keyStack, key)
		d.keyPos = append(d.keyPos, at)
		if child, ok := n.fields[key]; ok {
			v, err := d.pruned(child)
			if err != nil {
				return parity.Value{}, err
			}
			keys = append(keys, key)
			vals = append(vals, v)
		} else if err := d.skipValue(); err != nil {
			return parity.Value{}, err
		}
		more, err := d.objectNext()
		if err != nil {
			return parity.Value{}, err
		}
		if !more {
			break
		}
	}
	if all := d.keyStack[base:]; !strictlySorted(all) {
		if err := d.checkDuplicates(all, d.keyPos[base:]); err != nil {
			return parity.Value{}, err
		}
		sortPairs(keys, vals)
	}
	d.keyStack = d.keyStack[:base]
	d.keyPos = d.keyPos[:base]
	d.depth--
	return parity.ObjectFromSorted(keys, vals), nil
}

func (d *jsonDecoder) prunedArray(n *pruneNode) (parity.Value, error) {
	if err := d.enter(); err != nil {
		return parity.Value{}, err
	}
	d.pos++ // '['
	var vals []parity.Value
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
		d.depth--
		return parity.List(), nil
	}
	for {
		v, err := d.pruned(n.elems)
		if err != nil {
			return parity.Value{}, err
		}
		vals = append(vals, v)
		d.skipSpace()
		if d.pos >= len(d.data) {
			return parity.Value{}, d.unexpectedEnd()
		}
		c := d.data[d.pos]
		d.pos++
		if c == ',' {
			continue
		}
		if c == ']' {
			break
		}
		d.pos--
		return parity.Value{}, d.errorf("invalid character %s after array element", quoteByte(c))
	}
	d.depth--
	return parity.List(vals...), nil
}

// skipValue checks and passes over one value without building it. It
// refuses what DecodeJSON refuses (duplicate keys and invalid UTF-8
// included), so that skipping a part of a document never accepts a file
// that reading it in full would not.
func (d *jsonDecoder) skipValue() error {
	d.skipSpace()
	if d.pos >= len(d.data) {
		return d.unexpectedEnd()
	}
	switch c := d.data[d.pos]; {
	case c == '{' || c == '[':
		closer := byte('}')
		if c == '[' {
			closer = ']'
		}
		if err := d.enter(); err != nil {
			return err
		}
		d.pos++
		d.skipSpace()
		if d.pos < len(d.data) && d.data[d.pos] == closer {
			d.pos++
			d.depth--
			return nil
		}
		base := len(d.keyStack)
		for {
			if c == '{' {
				d.skipSpace()
				if d.pos >= len(d.data) {
					return d.unexpectedEnd()
				}
				if d.data[d.pos] != '"' {
					return d.errorf("invalid character %s looking for beginning of object key string", quoteByte(d.data[d.pos]))
				}
				at := d.pos
				key, err := d.skippedKey()
				if err != nil {
					return err
				}
				d.keyStack = append(d.keyStack, key)
				d.keyPos = append(d.keyPos, at)
				d.skipSpace()
				if d.pos >= len(d.data) {
					return d.unexpectedEnd()
				}
				if d.data[d.pos] != ':' {
					return d.errorf("invalid character %s after object key", quoteByte(d.data[d.pos]))
				}
				d.pos++
			}
			if err := d.skipValue(); err != nil {
				return err
			}
			d.skipSpace()
			if d.pos >= len(d.data) {
				return d.unexpectedEnd()
			}
			sep := d.data[d.pos]
			d.pos++
			if sep == ',' {
				continue
			}
			if sep == closer {
				if keys := d.keyStack[base:]; c == '{' && !strictlySorted(keys) {
					if err := d.checkDuplicates(keys, d.keyPos[base:]); err != nil {
						return err
					}
				}
				clear(d.keyStack[base:]) // views of the input: do not keep them
				d.keyStack = d.keyStack[:base]
				d.keyPos = d.keyPos[:base]
				d.depth--
				return nil
			}
			d.pos--
			if c == '{' {
				return d.errorf("invalid character %s after object key:value pair", quoteByte(sep))
			}
			return d.errorf("invalid character %s after array element", quoteByte(sep))
		}
	case c == '"':
		return d.skipString()
	case c == '-' || (c >= '0' && c <= '9'):
		return d.scanNumber()
	case c == 't':
		_, err := d.literal("true", parity.Value{})
		return err
	case c == 'f':
		_, err := d.literal("false", parity.Value{})
		return err
	case c == 'n':
		_, err := d.literal("null", parity.Value{})
		return err
	}
	return d.errorf("invalid character %s looking for beginning of value", quoteByte(d.data[d.pos]))
}

// skippedKey reads the key of a skipped object member for the duplicate
// check: a view of the input when it has no escapes (no copy), else the
// decoded key.
func (d *jsonDecoder) skippedKey() (string, error) {
	start := d.pos
	if err := d.skipString(); err != nil {
		return "", err
	}
	raw := d.data[start+1 : d.pos-1]
	if bytes.IndexByte(raw, '\\') < 0 {
		if len(raw) == 0 {
			return "", nil
		}
		return unsafe.String(&raw[0], len(raw)), nil
	}
	end := d.pos
	d.pos = start
	key, err := d.str(false)
	d.pos = end
	return key, err
}

// skipString passes over a string, checking its escapes, that it holds no
// control characters and that it is valid UTF-8.
func (d *jsonDecoder) skipString() error {
	d.pos++ // opening quote
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		switch {
		case c == '"':
			d.pos++
			return nil
		case c == '\\':
			d.pos++
			if d.pos >= len(d.data) {
				return d.unexpectedEnd()
			}
			switch e := d.data[d.pos]; e {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				d.pos++
			case 'u':
				d.pos++
				if _, err := d.hex4(); err != nil {
					return err
				}
			default:
				return d.errorf("invalid character %s in string escape code", quoteByte(e))
			}
		case c < 0x20:
			return d.errorf("invalid character %s in string literal", quoteByte(c))
		case c >= 0x80:
			size, err := d.utf8Sequence()
			if err != nil {
				return err
			}
			d.pos += size
		default:
			d.pos++
		}
	}
	return d.unexpectedEnd()
}
