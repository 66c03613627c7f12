package filter

// literalIndex finds which of a fixed set of strings occur in a text in one
// pass over it, however many strings there are (the Aho-Corasick automaton,
// over bytes). A config's keywords number in the dozens and every render
// looks for them in every item: searching for each in turn cost more than
// everything else a filter does.
type literalIndex struct {
	lits map[string]int // literal -> id
	// class maps a byte to its column in delta: bytes that occur in no
	// literal share column 0, which keeps the table small.
	class  [256]uint16
	nclass int
	// delta is the transition table: delta[state*nclass+class] is the next
	// state; state 0 is the start.
	delta []int32
	// out lists the ids of the literals that end at each state; any
	// says whether it lists one, which is cheaper to test for every byte.
	out [][]int
	any []bool
}

// newLiteralIndex starts an index; add literals, then build it.
func newLiteralIndex() *literalIndex {
	return &literalIndex{lits: map[string]int{}}
}

// add registers lit and returns its id.
func (x *literalIndex) add(lit string) int {
	if id, ok := x.lits[lit]; ok {
		return id
	}
	id := len(x.lits)
	x.lits[lit] = id
	return id
}

// build makes the automaton of the literals added so far.
func (x *literalIndex) build() {
	x.nclass = 1
	for lit := range x.lits {
		for i := 0; i < len(lit); i++ {
			if x.class[lit[i]] == 0 {
				x.class[lit[i]] = uint16(x.nclass)
				x.nclass++
			}
		}
	}
	// The trie, in delta's layout: -1 where there is no edge yet.
	newState := func() int32 {
		for range x.nclass {
			x.delta = append(x.delta, -1)
		}
		x.out = append(x.out, nil)
		return int32(len(x.out) - 1)
	}
	edge := func(s int32, c int) *int32 { return &x.delta[int(s)*x.nclass+c] }
	newState()
	for lit, id := range x.lits {
		s := int32(0)
		for i := 0; i < len(lit); i++ {
			c := int(x.class[lit[i]])
			if *edge(s, c) < 0 {
				next := newState()
				*edge(s, c) = next
			}
			s = *edge(s, c)
		}
		x.out[s] = append(x.out[s], id)
	}
	// Breadth first, fill the missing edges with those of the failure state
	// (the longest proper suffix that is also a prefix of a literal), and
	// let each state report what its failure state reports.
	fail := make([]int32, len(x.out))
	var queue []int32
	for c := range x.nclass {
		if next := *edge(0, c); next < 0 {
			*edge(0, c) = 0
		} else {
			queue = append(queue, next)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		x.out[s] = append(x.out[s], x.out[fail[s]]...)
		for c := range x.nclass {
			next := *edge(s, c)
			if next < 0 {
				*edge(s, c) = *edge(fail[s], c)
				continue
			}
			fail[next] = *edge(fail[s], c)
			queue = append(queue, next)
		}
	}
	x.any = make([]bool, len(x.out))
	for s, ids := range x.out {
		x.any[s] = len(ids) > 0
	}
}

// find reports, by id, which literals occur in text.
func (x *literalIndex) find(text string) []bool {
	found := make([]bool, len(x.lits))
	for _, id := range x.out[0] {
		found[id] = true // the empty literal
	}
	s := int32(0)
	for i := 0; i < len(text); i++ {
		s = x.delta[int(s)*x.nclass+int(x.class[text[i]])]
		if x.any[s] {
			for _, id := range x.out[s] {
				found[id] = true
			}
		}
	}
	return found
}
