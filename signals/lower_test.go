package signals

import (
	"strings"
	"testing"
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
