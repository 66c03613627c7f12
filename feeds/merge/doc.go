// Package merge computes the keys that identify one story across sources:
// canonical links, normalised titles and 64-bit text fingerprints. It does no
// I/O and reads no clock; the store looks the keys up (see Same for the rule).
package merge
