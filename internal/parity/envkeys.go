package parity

import "sort"

// Keys in each environment's words. A map may be keyed by names that carry
// the environment (Tailscale's tagOwners["tag:app-staging"] against
// ["tag:app-production"]): the comparison pairs such keys, and the hash
// writes them with the environment words dropped, so that the two agree.

// envKey returns key with whole environment words dropped.
func envKey(tokens *tokenReplacer, key string) string {
	return dropEnvWords(tokens.ReplaceWords(key))
}

// envKeyPairs pairs staging keys with production keys.
type envKeyPairs struct {
	// production maps a staging key to the production key it pairs with;
	// paired holds the production keys.
	production map[string]string
	paired     map[string]bool
}

// pairEnvKeys pairs the keys only one of two objects has whose names are the
// same once environment words are dropped, one to one; empty when none.
func (e *engine) pairEnvKeys(sv, pv Value) envKeyPairs {
	sOnly, pOnly := oneSidedKeys(sv.names(), pv.names())
	if len(sOnly) == 0 || len(pOnly) == 0 {
		return envKeyPairs{}
	}
	sBy, ok := byEnvKey(e.bothTokens, sOnly)
	if !ok {
		return envKeyPairs{}
	}
	pBy, ok := byEnvKey(e.bothTokens, pOnly)
	if !ok {
		return envKeyPairs{}
	}
	var pairs envKeyPairs
	for norm, sk := range sBy {
		if pk, ok := pBy[norm]; ok {
			if pairs.production == nil {
				pairs = envKeyPairs{production: map[string]string{}, paired: map[string]bool{}}
			}
			pairs.production[sk] = pk
			pairs.paired[pk] = true
		}
	}
	return pairs
}

// oneSidedKeys returns the keys of each sorted list that the other lacks.
func oneSidedKeys(s, p []string) (sOnly, pOnly []string) {
	i, j := 0, 0
	for i < len(s) || j < len(p) {
		switch {
		case j >= len(p) || (i < len(s) && s[i] < p[j]):
			sOnly = append(sOnly, s[i])
			i++
		case i >= len(s) || p[j] < s[i]:
			pOnly = append(pOnly, p[j])
			j++
		default:
			i++
			j++
		}
	}
	return sOnly, pOnly
}

// byEnvKey maps each key that carries an environment word by its form
// without them; false when two keys collide.
func byEnvKey(tokens *tokenReplacer, keys []string) (map[string]string, bool) {
	out := map[string]string{}
	for _, k := range keys {
		n := envKey(tokens, k)
		if n == k {
			continue
		}
		if _, dup := out[n]; dup {
			return nil, false
		}
		out[n] = k
	}
	return out, true
}

// hashKeys returns the keys of an object as the hash writes them, with the
// order to write them in: environment words dropped, unless two keys of
// the object would then collide. Most objects have no such key: their
// names come back as they are, with no allocation.
func hashKeys(c *classifier, tokens *tokenReplacer, names []string) (keys []string, order []int) {
	first := -1
	for i, k := range names {
		if c.envKey(tokens, k) != k {
			first = i
			break
		}
	}
	if first < 0 {
		return names, nil
	}
	keys = make([]string, len(names))
	seen := make(map[string]bool, len(names))
	for i, k := range names {
		keys[i] = c.envKey(tokens, k)
		if seen[keys[i]] {
			return names, nil
		}
		seen[keys[i]] = true
	}
	order = make([]int, len(names))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return keys[order[a]] < keys[order[b]] })
	return keys, order
}
