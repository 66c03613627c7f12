package poll

import (
	"github.com/edufeed/edufeed/feeds/fetch"
	"github.com/edufeed/edufeed/feeds/parse"
	"github.com/edufeed/edufeed/store"
)

// The real stages must fit the interfaces the pipeline is written against.
var (
	_ Fetcher = (*fetch.Client)(nil)
	_ Parser  = (*parse.Parser)(nil)
	_ Store   = (*store.Store)(nil)
)
