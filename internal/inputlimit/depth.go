package inputlimit

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// CheckHCLDepth refuses HCL source whose expressions or blocks nest deeper
// than MaxDepth, before it is parsed: the HCL parser and evaluator recurse
// once per level, and a file nested a hundred thousand levels deep ends the
// process with a stack overflow that cannot be recovered from.
//
// The check runs over the lexer's tokens, which the lexer produces without
// recursion. A level is an opening bracket, brace, parenthesis, quote,
// heredoc or template sequence; an operator, a conditional and a postfix
// index or call each add one to the level they appear in (the parser nests
// one node per operator), until a comma or the end of the line in a body
// ends the expression. The sum over the open levels bounds the parser's
// recursion, so a file that passes is safe to parse and evaluate. A file
// with syntax errors is left to the parser to report.
func CheckHCLDepth(src []byte, filename string) error {
	tokens, _ := hclsyntax.LexConfig(src, filename, hcl.InitialPos)
	type level struct {
		body    bool // top level or a brace: newlines end expressions
		counter int
	}
	stack := []level{{body: true}}
	total := 1
	prev := hclsyntax.TokenNil
	afterControl := false
	for _, tok := range tokens {
		top := &stack[len(stack)-1]
		switch tok.Type {
		case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen,
			hclsyntax.TokenOQuote, hclsyntax.TokenOHeredoc,
			hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
			if tok.Type == hclsyntax.TokenOBrack && endsValue(prev) {
				// A postfix index or splat nests one node more.
				top.counter++
				total++
			}
			stack = append(stack, level{body: tok.Type == hclsyntax.TokenOBrace})
			total++
		case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen,
			hclsyntax.TokenCQuote, hclsyntax.TokenCHeredoc, hclsyntax.TokenTemplateSeqEnd:
			if len(stack) > 1 {
				total -= 1 + top.counter
				stack = stack[:len(stack)-1]
			}
		case hclsyntax.TokenComma:
			total -= top.counter
			top.counter = 0
		case hclsyntax.TokenNewline:
			if top.body {
				total -= top.counter
				top.counter = 0
			}
		case hclsyntax.TokenIdent:
			if afterControl && len(stack) > 1 {
				// Template directives nest their bodies: %{ if } … %{ endif }.
				outer := &stack[len(stack)-2]
				switch string(tok.Bytes) {
				case "if", "for":
					outer.counter++
					total++
				case "endif", "endfor":
					if outer.counter > 0 {
						outer.counter--
						total--
					}
				}
			}
		case hclsyntax.TokenStar, hclsyntax.TokenSlash, hclsyntax.TokenPlus, hclsyntax.TokenMinus,
			hclsyntax.TokenPercent, hclsyntax.TokenEqualOp, hclsyntax.TokenNotEqual,
			hclsyntax.TokenLessThan, hclsyntax.TokenLessThanEq, hclsyntax.TokenGreaterThan,
			hclsyntax.TokenGreaterThanEq, hclsyntax.TokenAnd, hclsyntax.TokenOr,
			hclsyntax.TokenBang, hclsyntax.TokenQuestion:
			top.counter++
			total++
		}
		afterControl = tok.Type == hclsyntax.TokenTemplateControl
		prev = tok.Type
		if total > MaxDepth {
			return &DepthError{Path: filename, Line: tok.Range.Start.Line, Col: tok.Range.Start.Column, Depth: total, Max: MaxDepth}
		}
	}
	return nil
}

// endsValue reports whether a token can end an expression term, so that an
// opening bracket after it applies to that term.
func endsValue(t hclsyntax.TokenType) bool {
	switch t {
	case hclsyntax.TokenIdent, hclsyntax.TokenNumberLit, hclsyntax.TokenCBrack,
		hclsyntax.TokenCParen, hclsyntax.TokenCBrace, hclsyntax.TokenCQuote, hclsyntax.TokenCHeredoc:
		return true
	}
	return false
}

// CheckJSONDepth refuses JSON nested deeper than MaxDepth, for JSON that is
// handed to a parser without a limit of its own (HCL's JSON syntax for
// .tfvars.json, cty's jsondecode). It only counts brackets outside strings;
// syntax is left to the parser.
func CheckJSONDepth(data []byte, filename string) error {
	depth := 0
	line, lineStart := 1, 0
	inString := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		if inString {
			switch c {
			case '\\':
				i++
			case '"':
				inString = false
			case '\n':
				line, lineStart = line+1, i+1
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '[', '{':
			depth++
			if depth > MaxDepth {
				return &DepthError{Path: filename, Line: line, Col: i - lineStart + 1, Depth: depth, Max: MaxDepth}
			}
		case ']', '}':
			depth--
		case '\n':
			line, lineStart = line+1, i+1
		}
	}
	return nil
}
