package article

import (
	"testing"
	"time"
)

// TestForwardedFieldsOnOneLine checks a forwarded block whose header fields
// a plain-text part ran together on one line.
func TestForwardedFieldsOnOneLine(t *testing.T) {
	text := "See below.\n\n---------- Forwarded message ---------\n\nFrom: The Sterling Income Letter <letter@sterlingincome.co.uk> Date: Thu, Mar 5, 2026 at 6:00 AM\n\nSubject: Income Letter No. 212 To: <tom@example.co.uk>\n\nBody."
	fw, ok := forwarded(text, Options{})
	if !ok {
		t.Fatal("no forwarded date found")
	}
	if want := time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC); !fw.published.Equal(want) || !fw.dateOnly {
		t.Errorf("published %v dateOnly %v, want %v date only (no zone)", fw.published, fw.dateOnly, want)
	}
	if fw.author != "The Sterling Income Letter" || fw.source != "sterlingincome.co.uk" {
		t.Errorf("author %q source %q", fw.author, fw.source)
	}
}
