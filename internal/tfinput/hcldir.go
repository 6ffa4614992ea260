package tfinput

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/envparity/terraform-provider-parity/internal/inputlimit"
	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// MaxStaticInstances bounds count and for_each in a static read, so that a
// typo such as count = 1e9 fails instead of exhausting memory.
const MaxStaticInstances = 100000

// configFiles lists the configuration files of a directory the way
// Terraform picks them: *.tf, not recursive, sorted by name, skipping
// hidden and editor backup files.
func configFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".tf") || isIgnoredFile(name) {
			continue
		}
		files = append(files, filepath.Join(dir, name))
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no Terraform configuration files (*.tf)", dir)
	}
	return files, nil
}

func isIgnoredFile(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") || strings.HasSuffix(name, "~")
}

// autoVarFiles lists terraform.tfvars[.json] and *.auto.tfvars[.json] of a
// directory in the order Terraform applies them.
func autoVarFiles(dir string) []string {
	var files []string
	for _, name := range []string{"terraform.tfvars", "terraform.tfvars.json"} {
		if st, err := os.Stat(filepath.Join(dir, name)); err == nil && !st.IsDir() {
			files = append(files, filepath.Join(dir, name))
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return files
	}
	var auto []string
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() && !isIgnoredFile(name) && (strings.HasSuffix(name, ".auto.tfvars") || strings.HasSuffix(name, ".auto.tfvars.json")) {
			auto = append(auto, filepath.Join(dir, name))
		}
	}
	sort.Strings(auto)
	return append(files, auto...)
}

// staticConfig is a configuration read without Terraform: what can be known
// from the files alone is evaluated, everything else is unknown.
type staticConfig struct {
	parser *hclparse.Parser

	variables map[string]*variableDecl
	varVals   map[string]cty.Value

	locals     map[string]*hclsyntax.Attribute
	localVals  map[string]cty.Value
	localState map[string]uint8 // 1 evaluating, 2 done

	varObj cty.Value // var.*, built once

	// base is the context of resource blocks: var.*, local.* and the
	// functions, built once after the locals are evaluated.
	base *hcl.EvalContext

	blocks []configBlock

	limits    inputlimit.Limits
	bytesRead int64 // by this side, against the configuration total limit
}

type variableDecl struct {
	name      string
	def       hcl.Expression
	typeExpr  hcl.Expression
	sensitive bool
}

type configBlock struct {
	block *hclsyntax.Block
	file  string
}

// readHCLFiles reads configuration files statically and returns their
// resource, data and module blocks as resources. varFiles are the variable
// files in the order they apply (terraform.tfvars, *.auto.tfvars, -var-file).
func readHCLFiles(files, varFiles []string, limits inputlimit.Limits) ([]parity.Resource, error) {
	c := &staticConfig{
		parser:     hclparse.NewParser(),
		variables:  map[string]*variableDecl{},
		varVals:    map[string]cty.Value{},
		locals:     map[string]*hclsyntax.Attribute{},
		localVals:  map[string]cty.Value{},
		localState: map[string]uint8{},
		limits:     limits,
	}
	for _, f := range files {
		if err := c.parseFile(f); err != nil {
			return nil, err
		}
	}
	if err := c.resolveVariables(varFiles); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(c.locals))
	for n := range c.locals {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c.evalLocal(n)
	}
	c.base = &hcl.EvalContext{
		Variables: map[string]cty.Value{"var": c.varObject(), "local": objectOrEmpty(c.localVals)},
		Functions: functions,
	}
	var out []parity.Resource
	for _, b := range c.blocks {
		rs, err := c.expandBlock(b)
		if err != nil {
			return nil, err
		}
		out = append(out, rs...)
	}
	return out, nil
}

// readSource reads one configuration or variables file within the limits:
// a regular file under the configuration size cap, all files of the side
// together under the configuration total cap, and no deeper nesting than
// MaxDepth.
func (c *staticConfig) readSource(name, what string, json bool) ([]byte, error) {
	src, err := inputlimit.ReadFile(name, c.limits.ConfigSize(), what)
	if err != nil {
		return nil, err
	}
	c.bytesRead += int64(len(src))
	if total := c.limits.ConfigTotalSize(); c.bytesRead > total {
		return nil, &inputlimit.TooLargeError{Path: name, Size: c.bytesRead, Limit: total, What: "configuration (all files of one side together)"}
	}
	if json {
		err = inputlimit.CheckJSONDepth(src, name)
	} else {
		err = inputlimit.CheckHCLDepth(src, name)
	}
	if err != nil {
		return nil, err
	}
	return src, nil
}

func diagError(diags hcl.Diagnostics) error {
	var msgs []string
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += "; " + d.Detail
		}
		if d.Subject != nil {
			msg = d.Subject.String() + ": " + msg
		}
		msgs = append(msgs, msg)
		if len(msgs) == 5 {
			break
		}
	}
	if len(msgs) == 0 {
		return errors.New("invalid configuration")
	}
	return errors.New(strings.Join(msgs, "\n"))
}

func (c *staticConfig) parseFile(name string) error {
	src, err := c.readSource(name, "configuration file", false)
	if err != nil {
		return err
	}
	f, diags := c.parser.ParseHCL(src, name)
	if diags.HasErrors() {
		return diagError(diags)
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return fmt.Errorf("%s: not native HCL syntax", name)
	}
	for _, b := range body.Blocks {
		switch b.Type {
		case "variable":
			if len(b.Labels) != 1 {
				continue
			}
			d := &variableDecl{name: b.Labels[0]}
			if a, ok := b.Body.Attributes["default"]; ok {
				d.def = a.Expr
			}
			if a, ok := b.Body.Attributes["type"]; ok {
				d.typeExpr = a.Expr
			}
			for _, flag := range []string{"sensitive", "ephemeral"} {
				if a, ok := b.Body.Attributes[flag]; ok {
					if v := c.eval(a.Expr, nil); v.IsKnown() && !v.IsNull() && v.Type() == cty.Bool {
						d.sensitive = d.sensitive || v.True()
					}
				}
			}
			c.variables[d.name] = d
		case "locals":
			for name, a := range b.Body.Attributes {
				c.locals[name] = a
			}
		case "resource", "data":
			if len(b.Labels) == 2 {
				c.blocks = append(c.blocks, configBlock{block: b, file: name})
			}
		case "module":
			if len(b.Labels) == 1 {
				c.blocks = append(c.blocks, configBlock{block: b, file: name})
			}
		}
	}
	return nil
}

// resolveVariables sets each variable from its default, then
// terraform.tfvars, *.auto.tfvars and the -var-file files (later wins), and
// converts it to its declared type. Variables without a value are unknown.
func (c *staticConfig) resolveVariables(varFiles []string) error {
	set := map[string]cty.Value{}
	for name, d := range c.variables {
		if d.def != nil {
			set[name] = c.eval(d.def, nil)
		}
	}
	for _, vf := range varFiles {
		src, err := c.readSource(vf, "variables file", strings.HasSuffix(vf, ".json"))
		if err != nil {
			return err
		}
		var f *hcl.File
		var diags hcl.Diagnostics
		if strings.HasSuffix(vf, ".json") {
			f, diags = c.parser.ParseJSON(src, vf)
		} else {
			f, diags = c.parser.ParseHCL(src, vf)
		}
		if diags.HasErrors() {
			return diagError(diags)
		}
		attrs, diags := f.Body.JustAttributes()
		if diags.HasErrors() {
			return diagError(diags)
		}
		for name, a := range attrs {
			if _, declared := c.variables[name]; declared {
				// Variable files hold literal values, evaluated without context.
				set[name] = c.eval(a.Expr, nil)
			}
		}
	}
	for name, d := range c.variables {
		v, ok := set[name]
		if !ok {
			v = cty.DynamicVal
		}
		if d.typeExpr != nil {
			v = convertToDeclaredType(v, d.typeExpr)
		}
		if d.sensitive {
			v = v.Mark(sensitiveMark)
		}
		c.varVals[name] = v
	}
	return nil
}

// convertToDeclaredType applies optional attribute defaults and converts to
// the type constraint, as Terraform does ("5" to 5 for a number variable).
// Where that fails the value is kept as written.
func convertToDeclaredType(v cty.Value, typeExpr hcl.Expression) (out cty.Value) {
	defer func() {
		if recover() != nil {
			out = v
		}
	}()
	ty, defaults, diags := typeexpr.TypeConstraintWithDefaults(typeExpr)
	if diags.HasErrors() {
		return v
	}
	conv := v
	if defaults != nil {
		conv = defaults.Apply(conv)
	}
	conv, err := convert.Convert(conv, ty)
	if err != nil {
		return v
	}
	return conv
}

// evalLocal evaluates a local value after the locals it refers to; a cycle
// leaves the locals on it unknown. The walk over references keeps its own
// stack, so a chain of a million locals cannot exhaust the goroutine's.
func (c *staticConfig) evalLocal(name string) {
	if _, ok := c.locals[name]; !ok || c.localState[name] != 0 {
		return
	}
	type frame struct {
		name string
		deps []string
	}
	c.localState[name] = 1
	stack := []frame{{name, localRefs(c.locals[name].Expr)}}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if len(top.deps) > 0 {
			dep := top.deps[0]
			top.deps = top.deps[1:]
			if a, ok := c.locals[dep]; ok && c.localState[dep] == 0 {
				c.localState[dep] = 1
				stack = append(stack, frame{dep, localRefs(a.Expr)})
			}
			continue
		}
		c.localVals[top.name] = c.eval(c.locals[top.name].Expr, c.localContext(c.locals[top.name].Expr))
		c.localState[top.name] = 2
		stack = stack[:len(stack)-1]
	}
}

// localRefs lists the locals an expression refers to.
func localRefs(expr hcl.Expression) []string {
	var names []string
	for _, t := range expr.Variables() {
		if t.RootName() != "local" || len(t) < 2 {
			continue
		}
		if attr, ok := t[1].(hcl.TraverseAttr); ok {
			names = append(names, attr.Name)
		}
	}
	return names
}

// localContext is the context of a local's expression: var.*, and of
// local.* only the locals it refers to (as far as evaluated), so that
// evaluating n locals costs n small objects rather than n objects of up to
// n attributes.
func (c *staticConfig) localContext(expr hcl.Expression) *hcl.EvalContext {
	refs := map[string]cty.Value{}
	for _, n := range localRefs(expr) {
		if v, ok := c.localVals[n]; ok {
			refs[n] = v
		}
	}
	return &hcl.EvalContext{
		Variables: map[string]cty.Value{"var": c.varObject(), "local": objectOrEmpty(refs)},
		Functions: functions,
	}
}

func (c *staticConfig) varObject() cty.Value {
	if c.varObj == cty.NilVal {
		c.varObj = objectOrEmpty(c.varVals)
	}
	return c.varObj
}

func objectOrEmpty(m map[string]cty.Value) cty.Value {
	if len(m) == 0 {
		return cty.EmptyObjectVal
	}
	return cty.ObjectVal(m)
}

// eval evaluates an expression; whatever cannot be evaluated statically
// (references to resources, data sources, modules, path, terraform, unknown
// functions, errors) becomes unknown rather than an error.
func (c *staticConfig) eval(expr hcl.Expression, ctx *hcl.EvalContext) (v cty.Value) {
	defer func() {
		if recover() != nil {
			v = cty.DynamicVal
		}
	}()
	if ctx == nil {
		ctx = &hcl.EvalContext{Functions: functions}
	}
	var unknownRoots map[string]cty.Value
	for _, t := range expr.Variables() {
		root := t.RootName()
		if hasVariable(ctx, root) {
			continue
		}
		if unknownRoots == nil {
			unknownRoots = map[string]cty.Value{}
		}
		unknownRoots[root] = cty.DynamicVal
		if root == "data" || root == "module" || strings.Contains(root, "_") {
			// Another resource's, data source's or module's attribute: what
			// the provider computes for each environment.
			unknownRoots[root] = cty.DynamicVal.Mark(computedMark)
		}
	}
	if unknownRoots != nil {
		ctx = ctx.NewChild()
		ctx.Variables = unknownRoots
	}
	v, diags := expr.Value(ctx)
	if diags.HasErrors() || v == cty.NilVal {
		return cty.DynamicVal
	}
	return v
}

func hasVariable(ctx *hcl.EvalContext, name string) bool {
	for ; ctx != nil; ctx = ctx.Parent() {
		if _, ok := ctx.Variables[name]; ok {
			return true
		}
	}
	return false
}

// instance is one expansion of a block by count or for_each.
type instance struct {
	key string // "", "[0]", `["a"]` or "[*]" when the keys are unknown
	ctx *hcl.EvalContext
}

func (c *staticConfig) expandBlock(cb configBlock) ([]parity.Resource, error) {
	b := cb.block
	var mode, typ, addr string
	switch b.Type {
	case "resource":
		mode, typ, addr = "managed", b.Labels[0], b.Labels[0]+"."+b.Labels[1]
	case "data":
		mode, typ, addr = "data", b.Labels[0], "data."+b.Labels[0]+"."+b.Labels[1]
	case "module":
		mode, typ, addr = "module", "module", "module."+b.Labels[0]
	}
	insts, err := c.instances(b, c.base)
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w", rangeStart(b.DefRange()), addr, err)
	}
	out := make([]parity.Resource, 0, len(insts))
	for _, in := range insts {
		locs := map[string]parity.Location{}
		vals, err := c.evalBody(b.Body, in.ctx, true, locs, 1)
		if err != nil {
			return nil, fmt.Errorf("%s%s: %w", addr, in.key, err)
		}
		loc := location(b.DefRange().Ptr())
		out = append(out, parity.Resource{
			Address:            addr + in.key,
			Mode:               mode,
			Type:               typ,
			Values:             vals,
			Location:           &loc,
			AttributeLocations: locs,
		})
	}
	return out, nil
}

func rangeStart(r hcl.Range) string {
	return fmt.Sprintf("%s:%d", r.Filename, r.Start.Line)
}

func location(r *hcl.Range) parity.Location {
	return parity.Location{File: r.Filename, Line: r.Start.Line, Column: r.Start.Column}
}

// instances expands count and for_each. Keys that cannot be known
// statically give one instance addressed [*] whose count.index, each.key
// and each.value are unknown, so that attributes not depending on them are
// still compared.
func (c *staticConfig) instances(b *hclsyntax.Block, base *hcl.EvalContext) ([]instance, error) {
	if a, ok := b.Body.Attributes["count"]; ok {
		v, _ := c.eval(a.Expr, base).Unmark()
		n, known := countValue(v)
		if !known {
			return []instance{{key: "[*]", ctx: withVar(base, "count", cty.ObjectVal(map[string]cty.Value{"index": cty.UnknownVal(cty.Number)}))}}, nil
		}
		if n > MaxStaticInstances {
			return nil, fmt.Errorf("count = %d is more than a static read expands (%d)", n, MaxStaticInstances)
		}
		insts := make([]instance, n)
		for i := range insts {
			insts[i] = instance{key: fmt.Sprintf("[%d]", i), ctx: withVar(base, "count", cty.ObjectVal(map[string]cty.Value{"index": cty.NumberIntVal(int64(i))}))}
		}
		return insts, nil
	}
	if a, ok := b.Body.Attributes["for_each"]; ok {
		v := c.eval(a.Expr, base)
		keys, vals, known := forEachElements(v)
		if !known {
			each := cty.ObjectVal(map[string]cty.Value{"key": cty.UnknownVal(cty.String), "value": cty.DynamicVal})
			return []instance{{key: "[*]", ctx: withVar(base, "each", each)}}, nil
		}
		if len(keys) > MaxStaticInstances {
			return nil, fmt.Errorf("for_each has %d elements, more than a static read expands (%d)", len(keys), MaxStaticInstances)
		}
		insts := make([]instance, len(keys))
		for i, k := range keys {
			each := cty.ObjectVal(map[string]cty.Value{"key": cty.StringVal(k), "value": vals[i]})
			insts[i] = instance{key: "[" + hclQuote(k) + "]", ctx: withVar(base, "each", each)}
		}
		return insts, nil
	}
	return []instance{{ctx: base}}, nil
}

func withVar(parent *hcl.EvalContext, name string, v cty.Value) *hcl.EvalContext {
	ctx := parent.NewChild()
	ctx.Variables = map[string]cty.Value{name: v}
	return ctx
}

// countValue returns a count that is a known whole number ≥ 0.
func countValue(v cty.Value) (int, bool) {
	if !v.IsKnown() || v.IsNull() {
		return 0, false
	}
	v, err := convert.Convert(v, cty.Number)
	if err != nil || !v.IsKnown() || v.IsNull() {
		return 0, false
	}
	bf := v.AsBigFloat()
	if !bf.IsInt() || bf.Sign() < 0 {
		return 0, false
	}
	i, acc := bf.Int64()
	if acc != 0 || i > 1<<31 {
		return MaxStaticInstances + 1, true
	}
	return int(i), true
}

// forEachElements returns the keys and values of a known map, object or
// set of strings, in key order.
func forEachElements(v cty.Value) (keys []string, vals []cty.Value, known bool) {
	v, _ = v.Unmark() // keys of a sensitive collection are still its keys
	if !v.IsKnown() || v.IsNull() {
		return nil, nil, false
	}
	ty := v.Type()
	switch {
	case ty.IsMapType() || ty.IsObjectType():
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			keys = append(keys, k.AsString())
			vals = append(vals, e)
		}
		return keys, vals, true
	case ty.IsSetType():
		if !v.IsWhollyKnown() {
			return nil, nil, false
		}
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			e, _ = e.Unmark()
			if e.IsNull() || e.Type() != cty.String {
				return nil, nil, false
			}
			keys = append(keys, e.AsString())
			vals = append(vals, e)
		}
		return keys, vals, true
	}
	return nil, nil, false
}

// Meta-arguments are Terraform's, not the resource's: not compared.
var metaAttributes = map[string]bool{"count": true, "for_each": true, "depends_on": true, "provider": true, "providers": true}
var metaBlocks = map[string]bool{"lifecycle": true, "provisioner": true, "connection": true}

// evalBody evaluates a block body to an object: attributes by name, nested
// blocks as lists of objects under their type (dynamic blocks expanded).
// depth is the nesting of the body inside the resource; values nested
// deeper than MaxJSONDepth in all are refused, naming the attribute.
func (c *staticConfig) evalBody(body *hclsyntax.Body, ctx *hcl.EvalContext, top bool, locs map[string]parity.Location, depth int) (parity.Value, error) {
	fields := map[string]parity.Value{}
	for name, a := range body.Attributes {
		if top && metaAttributes[name] {
			continue
		}
		v, err := fromCty(c.eval(a.Expr, ctx), depth+1)
		if err != nil {
			return parity.Value{}, fmt.Errorf("%s: %s: %w", rangeStart(a.SrcRange), name, err)
		}
		fields[name] = v
		if locs != nil {
			locs[name] = location(a.SrcRange.Ptr())
		}
	}
	blockLists := map[string][]parity.Value{}
	unknownBlocks := map[string]bool{}
	var order []string
	add := func(typ string, v parity.Value, r hcl.Range) {
		if _, seen := blockLists[typ]; !seen {
			order = append(order, typ)
			blockLists[typ] = nil
			if locs != nil {
				locs[typ] = location(&r)
			}
		}
		if v.Kind() != parity.KindNull {
			blockLists[typ] = append(blockLists[typ], v)
		}
	}
	for _, b := range body.Blocks {
		if top && metaBlocks[b.Type] {
			continue
		}
		if b.Type != "dynamic" {
			v, err := c.evalBody(b.Body, ctx, false, nil, depth+2)
			if err != nil {
				return parity.Value{}, err
			}
			add(b.Type, v, b.TypeRange)
			continue
		}
		if len(b.Labels) != 1 {
			continue
		}
		typ := b.Labels[0]
		add(typ, parity.Null(), b.TypeRange)
		elems, ok, err := c.expandDynamic(b, ctx, depth+2)
		if err != nil {
			return parity.Value{}, err
		}
		if !ok {
			unknownBlocks[typ] = true
			continue
		}
		blockLists[typ] = append(blockLists[typ], elems...)
	}
	for _, typ := range order {
		if unknownBlocks[typ] {
			fields[typ] = parity.Unknown()
		} else {
			fields[typ] = parity.List(blockLists[typ]...)
		}
	}
	return parity.Object(fields), nil
}

// expandDynamic expands a dynamic block; ok is false when its for_each is
// not known statically.
func (c *staticConfig) expandDynamic(b *hclsyntax.Block, ctx *hcl.EvalContext, depth int) (elems []parity.Value, ok bool, err error) {
	iterator := b.Labels[0]
	if a, ok := b.Body.Attributes["iterator"]; ok {
		if name := hcl.ExprAsKeyword(a.Expr); name != "" {
			iterator = name
		}
	}
	var content *hclsyntax.Block
	for _, cb := range b.Body.Blocks {
		if cb.Type == "content" {
			content = cb
		}
	}
	fe, hasForEach := b.Body.Attributes["for_each"]
	if content == nil || !hasForEach {
		return nil, true, nil
	}
	v := c.eval(fe.Expr, ctx)
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() || !v.CanIterateElements() {
		return nil, false, nil
	}
	if v.LengthInt() > MaxStaticInstances {
		return nil, false, nil
	}
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		child := withVar(ctx, iterator, cty.ObjectVal(map[string]cty.Value{"key": k, "value": e}))
		ev, err := c.evalBody(content.Body, child, false, nil, depth)
		if err != nil {
			return nil, false, err
		}
		elems = append(elems, ev)
	}
	return elems, true, nil
}
