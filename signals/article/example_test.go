package article_test

import (
	"fmt"
	"time"

	"github.com/tipster/tipster/signals/article"
)

func ExampleParseTime() {
	t, dateOnly, ok := article.ParseTime("Monday, Jun 9, 2025 6:55 am ET")
	fmt.Println(t.Format(time.RFC3339), dateOnly, ok)
	t, dateOnly, ok = article.ParseTime("Dec.15 2025")
	fmt.Println(t.Format(time.RFC3339), dateOnly, ok)
	// Output:
	// 2025-06-09T10:55:00Z false true
	// 2025-12-15T00:00:00Z true true
}

func ExampleParse() {
	text := "Why Meta Is a Buy\nBy Jane Doe, CFA | Monday, Jun 9, 2025 6:55 am ET\n\n" +
		"We think the shares can keep rising from here, and the valuation is still reasonable today.\n\n" +
		"Related articles\nApple slips after WWDC Jun 10, 2025\n"
	arts, err := article.Parse("letters/meta.txt", []byte(text), article.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	a := arts[0]
	fmt.Println(a.Title)
	fmt.Println(a.Author, "|", a.Source)
	fmt.Println(a.Published.Format(time.RFC3339), a.PublishedFrom, a.PublishedConfidence)
	// Output:
	// Why Meta Is a Buy
	// Jane Doe | letters
	// 2025-06-09T10:55:00Z byline 0.9
}
