package article

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseBadInputs(t *testing.T) {
	big := bigText(t, 10<<20)
	tests := []struct {
		name    string
		path    string
		in      []byte
		err     error  // wanted error (errors.Is), nil for none
		warning string // wanted warning when no error
	}{
		{"binary", "dir/blob.txt", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"), ErrBinary, ""},
		{"binary unknown extension", "dir/blob", bytes.Repeat([]byte{0, 1, 2, 3, 0xff}, 100), ErrBinary, ""},
		{"empty", "dir/empty.txt", nil, nil, "empty file"},
		{"white space only", "dir/blank.md", []byte(" \n\t\n"), nil, "empty file"},
		{"invalid UTF-8", "dir/latin1.txt", []byte("Caf\xe9 Holdings Is a Buy\n\nWe like Caf\xe9 Holdings a lot, and we think the shares can rise further from here, given the margin story."), nil, "invalid UTF-8 at byte 3"},
		{"10 MB article", "dir/big.txt", big, nil, "unusually large"},
		{"not a feed", "dir/x.rss", []byte("<rss><channel><item>"), nil, ""},
		{"10 MB on one line", "dir/line.txt", bytes.Repeat([]byte("word 2025 and 06/09/2025 x "), 10<<20/27), nil, "unusually large"},
		{"10 MB of date lines", "dir/dates.txt", bytes.Repeat([]byte("June 9, 2025 6:55 am ET\n"), 10<<20/24), nil, "unusually large"},
		{"e-mail with 300000 parts", "dir/parts.eml", append([]byte("From: a@b.c\nDate: Mon, 09 Jun 2025 06:55:00 -0400\nContent-Type: multipart/mixed; boundary=x\n\n"), bytes.Repeat([]byte("--x\nContent-Type: text/plain\n\nhi\n"), 300000)...), nil, "more than 64 parts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// CPU time, the least of three runs: other processes share the
			// machine's two cores, so wall-clock time says little.
			var arts []Article
			var err error
			elapsed := time.Hour
			for range 3 {
				start := cpuTime()
				arts, err = Parse(tt.path, tt.in, Options{})
				elapsed = min(elapsed, cpuTime()-start)
				if len(tt.in) < 1<<20 {
					break
				}
			}
			if tt.err != nil {
				if !errors.Is(err, tt.err) || !strings.Contains(err.Error(), tt.path) {
					t.Fatalf("Parse error = %v, want %v naming %s", err, tt.err, tt.path)
				}
				return
			}
			if tt.name == "not a feed" {
				if err == nil || !strings.Contains(err.Error(), tt.path) {
					t.Fatalf("Parse error = %v, want one naming %s", err, tt.path)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(arts) != 1 || !hasWarning(arts[0].Warnings, tt.warning) || !hasWarning(arts[0].Warnings, tt.path) {
				t.Errorf("Warnings = %q, want one naming %s and saying %q", arts[0].Warnings, tt.path, tt.warning)
			}
			if len(tt.in) > 1<<20 {
				if tt.name == "10 MB article" {
					a := arts[0]
					if a.PublishedFrom != "byline" || a.Author != "Jane Doe" || len(a.Text) < 9<<20 {
						t.Errorf("10 MB article: from %q author %q text %d bytes", a.PublishedFrom, a.Author, len(a.Text))
					}
				}
				if n := len(arts[0].Warnings); n > 3 {
					t.Errorf("%d warnings, want a few", n)
				}
				if limit := time.Second * raceSlowdown; elapsed > limit {
					t.Errorf("%s took %v of CPU, want under %v", tt.name, elapsed, limit)
				}
				t.Logf("%s read in %v of CPU", tt.name, elapsed)
			}
		})
	}
}

func TestParseSniff(t *testing.T) {
	const para = "We think Meta Platforms deserves a place in every growth portfolio, and the valuation is still reasonable."
	tests := []struct {
		name, path, in, want string // want: a substring of Text
	}{
		{"html without extension", "inbox/page", "<!DOCTYPE html><html><body><nav>Home</nav><p>" + para + "</p></body></html>", para},
		{"mail without extension", "inbox/msg", "From: A B <a@example.com>\nSubject: Hi\nDate: Mon, 09 Jun 2025 06:55:00 -0400\n\n" + para, para},
		{"feed in .xml", "inbox/f.xml", "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><item><title>x</title><description>" + para + "</description></item></channel></rss>", para},
		{"front matter without extension", "inbox/note", "---\ntitle: X\n---\n" + para, para},
		{"plain text", "inbox/note", "Hello There Reader\n\n" + para, para},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, err := Parse(tt.path, []byte(tt.in), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := arts[0].Text; got != tt.want && !strings.HasSuffix(got, tt.want) {
				t.Errorf("Text = %q, want it to end with %q", got, tt.want)
			}
		})
	}
}

func TestWalk(t *testing.T) {
	dir := t.TempDir()
	write := func(rel string, b []byte) {
		t.Helper()
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	good := []byte("Meta Is Our Top Pick\nBy Jane Doe | June 9, 2025\n\nWe think Meta Platforms deserves a place in every growth portfolio, and the valuation is still reasonable.")
	write("a.txt", good)
	write("b/binary.bin", []byte{0, 1, 2, 0, 0xff})
	write("b/c.md", []byte("---\npublished: 2025-06-10\n---\nHello there, reader."))
	write("b/empty.txt", nil)
	write("b/invalid.txt", []byte("Bad \xff\xfe bytes\n"))
	write("b/huge.txt", bigText(t, 10<<20))
	write("d.rss", []byte("<rss><channel><item>"))
	write(".hidden/x.txt", good)
	write("b/.secret.txt", good)
	write("z.txt", good)

	var got []string
	errs := Walk(t.Context(), []string{dir}, Options{Source: "cfg"}, func(a Article) error {
		got = append(got, strings.TrimPrefix(a.File, dir+string(filepath.Separator)))
		if a.Source != "cfg" {
			t.Errorf("%s: Source = %q, want the config override", a.File, a.Source)
		}
		if a.File == filepath.Join(dir, "z.txt") {
			return errors.New("consumer failed")
		}
		return nil
	})
	want := []string{"a.txt", "b/c.md", "b/empty.txt", "b/huge.txt", "b/invalid.txt", "z.txt"}
	if !slices.Equal(got, want) {
		t.Errorf("articles = %q, want %q", got, want)
	}
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	if len(errs) != 3 || !strings.Contains(msgs[0], "binary.bin: binary content") || !strings.Contains(msgs[1], "d.rss") || !strings.Contains(msgs[2], "z.txt: consumer failed") {
		t.Errorf("errors = %q, want binary.bin, d.rss and z.txt", msgs)
	}

	t.Run("per-file options", func(t *testing.T) {
		pub := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
		var from []string
		Walk(t.Context(), []string{filepath.Join(dir, "a.txt"), filepath.Join(dir, "b", "c.md")}, Options{}, func(a Article) error {
			from = append(from, a.PublishedFrom)
			return nil
		})
		WalkWith(t.Context(), []string{filepath.Join(dir, "a.txt")}, func(p string) Options {
			return Options{Published: pub}
		}, func(a Article) error {
			from = append(from, a.PublishedFrom)
			if !a.Published.Equal(pub) {
				t.Errorf("Published = %v, want %v", a.Published, pub)
			}
			return nil
		})
		if want := []string{"byline", "front matter", "config"}; !slices.Equal(from, want) {
			t.Errorf("PublishedFrom = %q, want %q", from, want)
		}
	})

	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		n := 0
		errs := Walk(ctx, []string{dir}, Options{}, func(Article) error { n++; return nil })
		if n != 0 || len(errs) == 0 || !errors.Is(errs[len(errs)-1], context.Canceled) {
			t.Errorf("cancelled walk read %d articles, errors %v", n, errs)
		}
	})
}

// TestParseConcurrent runs every reader from several goroutines at once;
// under -race it checks that Parse shares no mutable state.
func TestParseConcurrent(t *testing.T) {
	files, err := filepath.Glob("testdata/*.*")
	if err != nil {
		t.Fatal(err)
	}
	inputs := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs[f] = b
	}
	want := map[string]string{}
	for f, b := range inputs {
		arts, _ := Parse(f, b, Options{})
		if len(arts) > 0 {
			want[f] = arts[0].Hash + arts[0].Text
		}
	}
	done := make(chan string, 4*len(inputs))
	for range 4 {
		go func() {
			for f, b := range inputs {
				arts, _ := Parse(f, b, Options{})
				if len(arts) > 0 && arts[0].Hash+arts[0].Text != want[f] {
					done <- f
					continue
				}
				done <- ""
			}
		}()
	}
	for range 4 * len(inputs) {
		if f := <-done; f != "" {
			t.Errorf("%s: concurrent Parse gave a different article", f)
		}
	}
}
