package junk

import "github.com/edufeed/edufeed/feeds/sanitise"

// block is a sanitised block with what the rules read of it, worked out
// once: most blocks are judged by their stats alone, and the key is folded
// only for the blocks still in doubt.
type block struct {
	sanitise.Block
	key   string    // Text folded for matching, once keyOf is asked
	keyed bool      // key is set
	stats foldStats // of key, set by the built-in rules
}

// keyOf returns the block's text folded for matching (see fold), folding
// it on first use.
func (bl *block) keyOf() string {
	if !bl.keyed {
		bl.key, bl.keyed = fold(bl.Text), true
	}
	return bl.key
}
