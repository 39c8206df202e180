package signals_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/tipster/tipster/signals"
)

// generaliseCase is an article (title and text) and the calls it must give.
// Each rule has the phrasing that motivated it, two or three sentences in
// other words that it must also catch, and a negative twin that must not.
type generaliseCase struct {
	name  string
	title string
	text  string
	want  []want
}

func runGeneralise(t *testing.T, tests []generaliseCase) {
	t.Helper()
	e := signals.NewExtractor(nil, signals.ExtractOptions{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := extractText(e, tt.title, tt.text)
			var got []want
			for _, r := range x.Recommendations {
				got = append(got, want{keyOf(r), r.Action, r.Strength})
			}
			slices.SortFunc(got, func(a, b want) int { return strings.Compare(a.key, b.key) })
			if !slices.Equal(got, tt.want) {
				t.Errorf("Extract(%q, %q) = %v, want %v", tt.title, tt.text, got, tt.want)
				for _, r := range x.Recommendations {
					t.Logf("  %+v", r)
				}
			}
		})
	}
}

func TestExtractListIntro(t *testing.T) {
	b := func(k string) want { return want{k, signals.Buy, signals.Normal} }
	runGeneralise(t, []generaliseCase{
		{"intro sentence then table", "", "These are the ten stocks we would buy for 2025, in no particular order.\n\n# | Company | Ticker | Sector\n1 | Amazon | AMZN | Consumer\n2 | Visa | V | Financials\n",
			[]want{b("AMZN"), b("V")}},
		{"here are names I'd own, bullets", "", "Here are four names I'd own through the cycle:\n- Costco (COST)\n- Deere (DE)\n",
			[]want{b("COST"), b("DE")}},
		{"below, companies we would add, numbered", "", "Below are the companies we would add this quarter.\n1. Nike (NKE): the turnaround is early.\n2. Starbucks (SBUX): traffic is back.\n",
			[]want{b("NKE"), b("SBUX")}},
		{"counted stocks to buy, pipe table", "", "Our five stocks to buy for the second half of the year follow.\n| Name | Ticker |\n| Oracle | ORCL |\n| Adobe | ADBE |\n",
			[]want{b("ADBE"), b("ORCL")}},
		{"title with relative clause", "4 Stocks I'd Buy and Hold for a Decade", "4 Stocks I'd Buy and Hold for a Decade\n\n1. Costco\n\nCostco (COST) renews 90% of members.\n\n2. Visa\n\nVisa (V) takes a toll on every swipe.\n",
			[]want{b("COST"), b("V")}},
		{"runners-up are not listed", "", "These are three stocks I'd buy:\n1. Costco (COST)\n2. Visa (V)\nHome Depot (HD) and Lowe's (LOW) came close to making the list.\n",
			[]want{b("COST"), b("V")}},
		// negative twins
		{"twin: largest weights table", "", "These are the ten stocks with the largest weights in the index.\n\n# | Company | Ticker\n1 | Amazon | AMZN\n2 | Visa | V\n", nil},
		{"twin: stocks analysts like", "", "Here are the stocks analysts like most this month:\n- Costco (COST)\n- Deere (DE)\n", nil},
		{"twin: retrospective", "", "Costco (COST) and Visa (V) beat the index last year.\nAll three were stocks we owned in 2024.\n", nil},
	})
}
