package signals

import (
	"strings"
	"testing"
	"unsafe"
)

// TestToLower checks that toLower gives exactly what strings.ToLower gives,
// invalid UTF-8 included: tokens slice the lower-case text by byte offset.
func TestToLower(t *testing.T) {
	tests := []struct {
		name, in string
	}{
		{"empty", ""},
		{"ascii lower", "buy meta"},
		{"ascii mixed", "Buy META now"},
		{"curly quote", "Meta’s Buy — “Strong”"},
		{"non-ascii upper", "ÉCOLE Straße İstanbul ΣΑΣ"},
		{"invalid utf8", "Buy \xffMETA\xc3"},
		{"replacement char", "a\uFFFDB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := toLower(tt.in), strings.ToLower(tt.in); got != want {
				t.Errorf("toLower(%q) = %q, want %q", tt.in, got, want)
			}
		})
	}
}

// FuzzToLower compares toLower with strings.ToLower on any input.
func FuzzToLower(f *testing.F) {
	for _, s := range []string{"", "Buy META", "Meta’s — Ünï \xff\xc3(", "İK"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := toLower(s), strings.ToLower(s); got != want {
			t.Errorf("toLower(%q) = %q, want %q", s, got, want)
		}
	})
}

// TestDetach checks that detach copies the result strings that slice the
// reused lower-case buffer and leaves the others alone.
func TestDetach(t *testing.T) {
	st := &state{lowBuf: appendLower(nil, "Buy META below $700")}
	low := unsafe.String(&st.lowBuf[0], len(st.lowBuf))
	other := "Buy META below $700"
	x := Extraction{
		Recommendations: []Recommendation{{Entity: low[4:8], Conditions: low[9:], Evidence: other, Notes: []string{low[:3]}}},
		Warnings:        []string{low},
	}
	st.detach(&x)
	copy(st.lowBuf, strings.Repeat("#", len(st.lowBuf)))
	r := x.Recommendations[0]
	for _, c := range []struct{ got, want string }{
		{r.Entity, "meta"}, {r.Conditions, "below $700"}, {r.Notes[0], "buy"}, {x.Warnings[0], "buy meta below $700"}, {r.Evidence, other},
	} {
		if c.got != c.want {
			t.Errorf("after the buffer was overwritten: %q, want %q", c.got, c.want)
		}
	}
	if unsafe.StringData(r.Evidence) != unsafe.StringData(other) {
		t.Error("detach copied a string that does not slice the buffer")
	}
}

func TestIsRecHeading(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"recommendation", true},
		{"our recommendation: buy", true},
		{"the bottom line", true},
		{"verdict—buy", true},      // a dash is a word boundary
		{"ratings history", false}, // "rating" must end at a word boundary
		{"ratings and our rating", true},
		{"underrating the stock", false},
		{"what i'd do now", true},
		{"q3 conclusion", true},
		{"inconclusive data", false},
		{"", false},
		{"über verdict", true},
	}
	for _, tt := range tests {
		if got := isRecHeading(tt.in); got != tt.want {
			t.Errorf("isRecHeading(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
