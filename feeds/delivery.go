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

// NotifyStatus is what operators see of one notify target: at /api/notify
// and on the status page. It never holds the target's URL or secrets.
type NotifyStatus struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
	Mode string `json:"mode"`
	// Endpoint is the scheme and host the target posts to, nothing more:
	// the rest of a robot's URL is its key.
	Endpoint     string    `json:"endpoint"`
	LastDelivery time.Time `json:"last_delivery,omitzero"`
	Delivered    int64     `json:"delivered"`
	// Backlog counts selected stories waiting to be sent.
	Backlog           int       `json:"backlog"`
	LastError         string    `json:"last_error,omitempty"`
	LastErrorAt       time.Time `json:"last_error_at,omitzero"`
	ConsecutiveErrors int       `json:"consecutive_errors,omitempty"`
	// NextAttempt holds sends back after a failure or a rate limit.
	NextAttempt time.Time `json:"next_attempt,omitzero"`
	// NextDigest is when the next digest is due (digest mode).
	NextDigest time.Time `json:"next_digest,omitzero"`
}
