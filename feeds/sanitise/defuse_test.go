package sanitise

import "testing"

func TestDefuse(t *testing.T) {
	tests := []struct{ in, want string }{
		{"教育部召开会议", "教育部召开会议"},
		{"a < b, x<1", "a < b, x<1"},
		{"<三体>与《三体》", "<三体>与《三体》"},
		{"<img src=x onerror=alert(1)", "< img src=x onerror=alert(1)"},
		{"</title><script>", "< /title>< script>"},
		{"<!--x--><?php ?>", "< !--x-->< ?php ?>"},
		{"ends in <", "ends in <"},
		{"<<b", "<< b"},
	}
	for _, tt := range tests {
		got := Defuse(tt.in)
		if got != tt.want {
			t.Errorf("Defuse(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if again := Defuse(got); again != got {
			t.Errorf("Defuse(%q) not idempotent: %q", got, again)
		}
	}
}

func TestLooksLikeHTMLSlash(t *testing.T) {
	for _, s := range []string{"<svg/onload=alert(1)>", "<br/>", "x<img/src=x>"} {
		if !looksLikeHTML(s) {
			t.Errorf("%q not taken for HTML", s)
		}
	}
	for _, s := range []string{"a < b", "x</y", "<三体>"} {
		if looksLikeHTML(s) {
			t.Errorf("%q taken for HTML", s)
		}
	}
}
