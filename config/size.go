package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// sizeUnits are the suffixes ParseSize knows, lower-cased: IEC units are
// powers of 1024, SI units powers of 1000.
var sizeUnits = map[string]float64{
	"":    1,
	"b":   1,
	"kb":  1e3,
	"mb":  1e6,
	"gb":  1e9,
	"kib": 1 << 10,
	"mib": 1 << 20,
	"gib": 1 << 30,
}

// ParseSize reads a byte count: "1048576", "512KiB", "10MiB", "1.5GiB" or,
// in powers of 1000, "10MB". Units are case-insensitive.
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if i < 0 {
		i = len(t)
	}
	num, unit := t[:i], strings.ToLower(strings.TrimSpace(t[i:]))
	mult, ok := sizeUnits[unit]
	if num == "" || !ok {
		return 0, fmt.Errorf("invalid size %q (use bytes or a unit: KiB, MiB, GiB, KB, MB, GB)", s)
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, fmt.Errorf("invalid size %q", s)
	}
	f *= mult
	if f >= math.MaxInt64 {
		return 0, fmt.Errorf("size %q is too large", s)
	}
	return int64(f), nil
}

// ParseDuration reads a Go duration ("90s", "1h30m") that may begin with a
// count of days ("30d", "1d12h", "1.5d").
func ParseDuration(s string) (time.Duration, error) {
	t := strings.TrimSpace(s)
	bad := func() (time.Duration, error) {
		return 0, fmt.Errorf("invalid duration %q (use a number and unit, as in 90s, 30m, 12h or 30d)", s)
	}
	days, rest, hasDays := strings.Cut(t, "d")
	if !hasDays {
		d, err := time.ParseDuration(t)
		if err != nil {
			return bad()
		}
		return d, nil
	}
	sign := time.Duration(1)
	switch {
	case strings.HasPrefix(days, "-"):
		sign, days = -1, days[1:]
	case strings.HasPrefix(days, "+"):
		days = days[1:]
	}
	if days == "" || strings.Trim(days, "0123456789.") != "" {
		return bad()
	}
	n, err := strconv.ParseFloat(days, 64)
	if err != nil {
		return bad()
	}
	const maxDays = float64(math.MaxInt64 / int64(24*time.Hour))
	if n > maxDays {
		return 0, fmt.Errorf("duration %q is too long", s)
	}
	d := time.Duration(n * float64(24*time.Hour))
	if rest != "" {
		if strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, "+") {
			return bad()
		}
		r, err := time.ParseDuration(rest)
		if err != nil {
			return bad()
		}
		if d > math.MaxInt64-r {
			return 0, fmt.Errorf("duration %q is too long", s)
		}
		d += r
	}
	return sign * d, nil
}
