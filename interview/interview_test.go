package interview_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/airisk/airisk/interview"
	"github.com/airisk/airisk/risk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func testEngine(t testing.TB) *risk.Engine {
	t.Helper()
	e, err := risk.New(os.DirFS("testdata/rules"))
	require.NoError(t, err, "testdata/rules must load")
	return e
}

func TestRun(t *testing.T) {
	e := testEngine(t)
	tests := []struct {
		name, reason, file, input string
		answered, skipped         []string
		done                      bool
		output                    []string // must appear in what the asker printed
		written                   []string // must appear in the written file
		absent                    []string // must not appear in the written file
	}{
		{
			name: "nested", file: "nested.yaml",
			reason:   "a bad answer is re-asked; answering no to the chatbot question makes the minors question moot; an empty line skips",
			input:    "maybe\nno\nlots\n300\nautonomous\n\n",
			answered: []string{"system.chatbot", "org.employees", "system.autonomy"},
			skipped:  []string{"system.launched"},
			done:     true,
			output:   []string{"! answer yes or no, not \"maybe\"", "! answer a whole number, not \"lots\"", "autonomous  the system decides"},
			written: []string{
				"# Profile of the hiring bot.\n", "name: Hiring bot # the product name\n", "markets: [DE] # Germany only for now\n",
				"  # What it does\n", "  org:\n    roles: [provider]\n    employees: 300\n",
				"  system:\n    chatbot: false\n    autonomy: autonomous\n",
			},
			absent: []string{"serves_minors", "launched"},
		},
		{
			name: "dotted", file: "dotted.yaml",
			reason:   "a file that writes dotted names gets dotted names, next to their group; a null fact is replaced in place",
			input:    "yes\n300\nno\nassistive\n2025-01-01\n",
			answered: []string{"system.chatbot", "org.employees", "system.serves_minors", "system.autonomy", "system.launched"},
			done:     true,
			written: []string{
				"  org.roles: [provider] # we build it\n  org.employees: 300\n",
				"  system.chatbot: true # not sure yet\n  system.serves_minors: false\n  system.autonomy: assistive\n  system.launched: 2025-01-01\n",
			},
		},
		{
			name: "markets first", file: "nomarkets.yaml",
			reason:   "nothing can be assessed without markets; a bad market code is refused with the engine's message",
			input:    "Germany\nDE\n",
			answered: []string{"markets"},
			output:   []string{"! expected a market code", "answer (empty to skip): \n"},
			written:  []string{"  org: {roles: [provider]}\n  use: {purposes: [chat]}\n  markets: [DE]\n"},
		},
		{
			name: "markets skipped", file: "nomarkets.yaml",
			reason:  "skipping markets ends the interview without an error: nothing can be assessed without it",
			input:   "\nyes\n",
			skipped: []string{"markets"},
			written: []string{"  org: {roles: [provider]}\n"},
		},
		{
			name: "end of input", file: "nested.yaml",
			reason:   "the interview ends at the end of the input and keeps the answers so far",
			input:    "yes\n",
			answered: []string{"system.chatbot"},
			written:  []string{"  system:\n    chatbot: true\n"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tc.file))
			require.NoError(t, err)
			doc, err := interview.ParseDocument(tc.file, data)
			require.NoError(t, err)
			var out bytes.Buffer
			res, err := interview.Run(context.Background(), e, doc, interview.NewLineAsker(strings.NewReader(tc.input), &out),
				risk.AssessOptions{AsOf: risk.MustDate("2026-11-30")})
			require.NoError(t, err)
			assert.Equal(t, tc.answered, res.Answered, tc.reason)
			assert.Equal(t, tc.skipped, res.Skipped, tc.reason)
			assert.Equal(t, tc.done, res.Done, tc.reason)
			for _, s := range tc.output {
				assert.Contains(t, out.String(), s, tc.reason)
			}
			written, err := doc.Bytes()
			require.NoError(t, err)
			for _, s := range tc.written {
				assert.Contains(t, string(written), s, "%s: written file:\n%s", tc.reason, written)
			}
			for _, s := range tc.absent {
				assert.NotContains(t, string(written), s, tc.reason)
			}
			// The written file is a valid profile with the answers in it.
			p, err := e.ParseProfile(tc.file, written)
			require.NoError(t, err, "%s", written)
			for _, f := range tc.answered {
				assert.NotNil(t, p.Facts.Flat()[f], "%s is in the written profile", f)
			}
		})
	}
}

func TestParseAnswer(t *testing.T) {
	e := testEngine(t)
	tests := []struct {
		fact, text string
		want       any
		err        string
	}{
		{fact: "system.chatbot", text: "Yes", want: true},
		{fact: "system.chatbot", text: "n", want: false},
		{fact: "system.chatbot", text: "sometimes", err: `answer yes or no, not "sometimes"`},
		{fact: "org.employees", text: "1_200", want: int64(1200)},
		{fact: "org.employees", text: "12.5", err: `answer a whole number, not "12.5"`},
		{fact: "system.launched", text: "2025-01-31", want: risk.MustDate("2025-01-31")},
		{fact: "system.launched", text: "31/01/2025", err: `answer a date as YYYY-MM-DD, not "31/01/2025"`},
		{fact: "system.autonomy", text: "autonomous", want: "autonomous"},
		{fact: "system.autonomy", text: "auto", err: `answer one of assistive, autonomous, not "auto"`},
		{fact: "use.purposes", text: "chat, recruitment, chat", want: []string{"chat", "recruitment"}},
		{fact: "use.purposes", text: "none", want: []string{}},
		{fact: "use.purposes", text: "chat, dating", err: `"dating" is not one of recruitment, chat`},
		{fact: "markets", text: "DE,FR", want: []string{"DE", "FR"}},
	}
	for _, tc := range tests {
		t.Run(tc.fact+"="+tc.text, func(t *testing.T) {
			f := e.Fact(tc.fact)
			require.NotNil(t, f)
			got, err := interview.ParseAnswer(f, tc.text)
			if tc.err != "" {
				assert.EqualError(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}
