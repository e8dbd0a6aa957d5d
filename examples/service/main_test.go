package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/airisk/airisk/risk"
	"github.com/airisk/airisk/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func server(t *testing.T, limit int64) *httptest.Server {
	t.Helper()
	e, err := risk.New(rules.FS)
	require.NoError(t, err, "bundled rules must load")
	srv := httptest.NewServer(newHandler(e, limit))
	t.Cleanup(srv.Close)
	return srv
}

type errorResponse struct {
	Error  string `json:"error"`
	Errors []struct {
		Pos     risk.Position `json:"pos"`
		Path    string        `json:"path"`
		Message string        `json:"message"`
	} `json:"errors"`
}

func post(t *testing.T, url, body string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Post(url, "application/yaml", strings.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, data
}

func TestAssess(t *testing.T) {
	srv := server(t, maxBody)
	const yamlProfile = "name: Shop chatbot\nfacts:\n  markets: [DE]\n  org: {roles: [provider]}\n  system: {interacts_with_people: true}\n"
	const jsonProfile = `{"name": "Shop chatbot", "facts": {"markets": ["DE"], "org": {"roles": ["provider"]}, "system": {"interacts_with_people": true}}}`

	for _, tc := range []struct{ name, body string }{{"yaml", yamlProfile}, {"json", jsonProfile}} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := post(t, srv.URL+"/assess?as_of=2026-12-01", tc.body)
			require.Equal(t, http.StatusOK, resp.StatusCode, "%s", body)
			assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
			var rep risk.Report
			require.NoError(t, json.Unmarshal(body, &rep))
			assert.Equal(t, risk.ReportSchema, rep.Schema)
			assert.Equal(t, "Shop chatbot", rep.Profile)
			assert.Equal(t, "2026-12-01", rep.AsOf.String())
			require.NotNil(t, rep.Result("EU"), "a German market reaches the EU's rules")
		})
	}

	t.Run("bad-profile", func(t *testing.T) {
		resp, body := post(t, srv.URL+"/assess", "facts:\n  markets: [DE]\n  org: {rolez: [provider]}\n")
		require.Equal(t, http.StatusBadRequest, resp.StatusCode, "%s", body)
		var e errorResponse
		require.NoError(t, json.Unmarshal(body, &e))
		assert.Equal(t, "invalid profile", e.Error)
		require.Len(t, e.Errors, 1)
		assert.Equal(t, risk.Position{File: "request", Line: 3, Column: 9}, e.Errors[0].Pos)
		assert.Equal(t, "facts.org.rolez", e.Errors[0].Path)
		assert.Equal(t, `unknown fact (did you mean "org.roles"?)`, e.Errors[0].Message)
	})

	t.Run("bad-yaml", func(t *testing.T) {
		resp, body := post(t, srv.URL+"/assess", "facts: [")
		require.Equal(t, http.StatusBadRequest, resp.StatusCode, "%s", body)
		var e errorResponse
		require.NoError(t, json.Unmarshal(body, &e))
		require.NotEmpty(t, e.Errors)
		assert.Equal(t, "request", e.Errors[0].Pos.File)
	})

	t.Run("no-markets", func(t *testing.T) {
		resp, body := post(t, srv.URL+"/assess", "facts:\n  org: {roles: [provider]}\n")
		require.Equal(t, http.StatusBadRequest, resp.StatusCode, "%s", body)
		assert.Contains(t, string(body), `"path": "facts.markets"`)
	})

	t.Run("bad-as-of", func(t *testing.T) {
		resp, body := post(t, srv.URL+"/assess?as_of=soon", yamlProfile)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode)
		assert.Contains(t, string(body), `as_of: invalid date \"soon\"`)
	})

	t.Run("method", func(t *testing.T) {
		resp, err := http.Get(srv.URL + "/assess")
		require.NoError(t, err)
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.NoError(t, err)
		assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
		assert.Equal(t, http.MethodPost, resp.Header.Get("Allow"))
		assert.Contains(t, string(body), "method GET not allowed")
	})
}

func TestTooLarge(t *testing.T) {
	srv := server(t, 64)
	resp, body := post(t, srv.URL+"/assess", "name: "+strings.Repeat("x", 100)+"\nfacts: {markets: [DE]}\n")
	require.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode, "%s", body)
	var e errorResponse
	require.NoError(t, json.Unmarshal(body, &e))
	assert.Equal(t, "the profile is larger than 64 bytes", e.Error)
}

// TestConcurrent assesses from many goroutines against one shared engine;
// under go test -race it checks the handler shares nothing mutable.
func TestConcurrent(t *testing.T) {
	srv := server(t, maxBody)
	var wg sync.WaitGroup
	codes := make([]int, 16)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			markets := []string{"DE", "FR", "US-CA", "GB"}[i%4]
			resp, err := http.Post(srv.URL+"/assess", "application/yaml",
				strings.NewReader(fmt.Sprintf("facts:\n  markets: [%s]\n  org: {roles: [deployer]}\n", markets)))
			if err != nil {
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			codes[i] = resp.StatusCode
		}()
	}
	wg.Wait()
	for i, c := range codes {
		assert.Equal(t, http.StatusOK, c, "request %d", i)
	}
}
