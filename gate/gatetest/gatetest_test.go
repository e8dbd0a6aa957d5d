package gatetest_test

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/airisk/airisk/gate"
	"github.com/airisk/airisk/gate/gatetest"
	"github.com/airisk/airisk/risk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	failed, fatal bool
	errs, logs    []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.failed = true
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Logf(format string, args ...any) {
	r.logs = append(r.logs, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	r.fatal = true
	runtime.Goexit()
}

// run calls f with a recorder in its own goroutine, so that Fatalf can stop
// it as it stops a test.
func run(t *testing.T, f func(tb testing.TB)) *recorder {
	r := &recorder{TB: t}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		f(r)
	}()
	wg.Wait()
	return r
}

func TestRequire(t *testing.T) {
	e, err := risk.New(os.DirFS("../testdata/rules"))
	require.NoError(t, err)
	launch := risk.MustDate("2027-06-01")
	dir := t.TempDir()
	write := func(name, text string) string {
		p := dir + "/" + name
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		return p
	}
	profile := "../testdata/chatbot.yaml"
	evidence := "../testdata/evidence.yaml"
	partial := write("partial.yaml", "evidence:\n  - duty: gate.literacy\n")
	typo := write("typo.yaml", "evidence:\n  - duty: gate.literacyy\n")
	badProfile := write("bad.yaml", "facts:\n  markets: [DE]\n  org: {rolez: [provider]}\n")

	t.Run("launch", func(t *testing.T) {
		r := run(t, func(tb testing.TB) { gatetest.Require(tb, e, profile, evidence, launch) })
		assert.False(t, r.failed, "%v", r.errs)
		require.Len(t, r.logs, 1, "the advisory duty is logged")
		assert.Contains(t, r.logs[0], "gate.code_of_conduct")
	})
	t.Run("blocked", func(t *testing.T) {
		r := run(t, func(tb testing.TB) { gatetest.Require(tb, e, profile, partial, launch) })
		require.True(t, r.failed)
		assert.False(t, r.fatal, "a blocked launch is a test failure, not an input error")
		require.Len(t, r.errs, 1)
		msg := r.errs[0]
		assert.Contains(t, msg, "may not launch on 2027-06-01 (2 blockers)")
		assert.Contains(t, msg, `gate.disclose "Disclose AI interaction" is in force since 2026-08-02 and has no evidence`)
		assert.Contains(t, msg, "Test Regulation 7/2024, Art. 50(1)")
		assert.Contains(t, msg, "rule gate.act/chatbot at eu/act.yaml:41:5")
		assert.Contains(t, msg, `gate.ca_bot_notice "Bot disclosure"`)
	})
	t.Run("no-evidence", func(t *testing.T) {
		r := run(t, func(tb testing.TB) { gatetest.Require(tb, e, profile, "", launch) })
		require.True(t, r.failed)
		assert.Contains(t, r.errs[0], "(3 blockers)")
	})
	t.Run("policy", func(t *testing.T) {
		r := run(t, func(tb testing.TB) {
			gatetest.RequirePolicy(tb, e, profile, evidence, launch, gate.Policy{BlockAt: risk.SeverityLimited})
		})
		require.True(t, r.failed)
		assert.Contains(t, r.errs[0], "tier limited [transparency]")
	})
	t.Run("evidence-typo", func(t *testing.T) {
		r := run(t, func(tb testing.TB) { gatetest.Require(tb, e, profile, typo, launch) })
		require.True(t, r.fatal)
		assert.Contains(t, strings.Join(r.errs, "\n"), `typo.yaml:2:11: evidence[0].duty: unknown duty "gate.literacyy" (did you mean "gate.literacy"?)`)
	})
	t.Run("bad-profile", func(t *testing.T) {
		r := run(t, func(tb testing.TB) { gatetest.Require(tb, e, badProfile, evidence, launch) })
		require.True(t, r.fatal)
		assert.Contains(t, r.errs[0], `bad.yaml:3:9: facts.org.rolez: unknown fact (did you mean "org.roles"?)`)
	})
	t.Run("missing-file", func(t *testing.T) {
		r := run(t, func(tb testing.TB) { gatetest.Require(tb, e, dir+"/nope.yaml", "", launch) })
		require.True(t, r.fatal)
	})
	t.Run("decide", func(t *testing.T) {
		r := run(t, func(tb testing.TB) {
			d := gatetest.Decide(tb, e, profile, partial, launch, gate.Policy{})
			assert.Equal(t, gate.Block, d.Verdict)
			assert.Equal(t, profile, d.ProfileFile)
		})
		assert.False(t, r.failed, "Decide does not fail on a blocked launch")
	})
}
