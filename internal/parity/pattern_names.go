package parity

// MatchNames reports whether the pattern matches a path made of plain name
// steps, such as schema, table and column of a database column, with the
// same suffix semantics as attribute paths: `status` matches every column
// named status, `users.status` that column of every users table and
// `public.users.status` one column.
func (p *Pattern) MatchNames(names ...string) bool {
	path := make([]step, len(names))
	for i, n := range names {
		path[i] = step{name: n}
	}
	return p.matchSuffix(path)
}
