package feeds

import "time"

// Story is a stored story with its place in the store's order of arrival:
// Seq grows with every story first stored, so "stories after Seq" are the
// ones that arrived since. A merged copy joins its story and gets no Seq.
type Story struct {
	Seq  uint64
	Item Item
}

// DeliveryState is what edufeed remembers about pushing stories to one
// notify target between runs, kept in the store beside the delivery log.
type DeliveryState struct {
	Target string `json:"target"`
	// Watermark is the Seq of the last story the target has dealt with
	// (sent, or not selected); a new target starts at the newest stored
	// story, so that it never receives the archive.
	Watermark uint64    `json:"watermark"`
	Added     time.Time `json:"added"`
	// LastDelivery is when a message last reached the target.
	LastDelivery time.Time `json:"last_delivery,omitzero"`
	// LastDigest is when the last digest was sent (digest mode).
	LastDigest time.Time `json:"last_digest,omitzero"`
	// Delivered counts the stories sent over the target's life.
	Delivered int64 `json:"delivered"`
	// LastError is the last failed attempt's error; empty after a success.
	LastError         string    `json:"last_error,omitempty"`
	LastErrorAt       time.Time `json:"last_error_at,omitzero"`
	ConsecutiveErrors int       `json:"consecutive_errors,omitempty"`
}
