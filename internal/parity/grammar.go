package parity

// RulesGrammar lists what a rules file may hold: the names its parser
// accepts, for the reference page and the test that keeps the page
// complete.
type RulesGrammar struct {
	// Arguments and Blocks are those of the top level.
	Arguments, Blocks []string
	// ResourceBlocks are the blocks a resource "TYPE" block holds.
	ResourceBlocks []string
	// BlockArguments are each block's arguments (the data block's belong
	// to internal/dataprofile and are not listed).
	BlockArguments map[string][]string
}

// Grammar returns the rules file grammar (copies, which callers may keep).
func Grammar() RulesGrammar {
	g := RulesGrammar{
		Arguments:      append([]string(nil), topArguments...),
		Blocks:         append([]string(nil), topBlocks...),
		ResourceBlocks: append([]string(nil), resourceBlocks...),
		BlockArguments: map[string][]string{},
	}
	for block, args := range blockArguments {
		g.BlockArguments[block] = append([]string(nil), args...)
	}
	return g
}
