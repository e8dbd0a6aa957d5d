// Command service embeds the airisk engine in an HTTP service.
//
// POST /assess takes a profile, YAML or JSON, in the request body and
// answers with the JSON report (schema airisk.report/v1). The optional query
// parameter as_of=YYYY-MM-DD applies the law as of that date; the default is
// today. A profile that does not check is a 400 whose JSON lists every
// error with its line, column, field path and, where one is close, a
// did-you-mean. A body over 1 MiB is a 413; another method is a 405.
//
// The engine is built once at start-up and shared by every request: an
// Engine is safe for concurrent use.
//
//	go run ./examples/service -addr localhost:8080
//	curl --data-binary @examples/profiles/eu-cv-screener.yaml localhost:8080/assess
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"time"

	"github.com/airisk/airisk/report"
	"github.com/airisk/airisk/risk"
	"github.com/airisk/airisk/rules"
)

// maxBody bounds the size of a request body.
const maxBody = 1 << 20

func main() {
	addr := flag.String("addr", "localhost:8080", "the address to listen on")
	flag.Parse()
	e, err := risk.New(rules.FS)
	if err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{
		Addr:              *addr,
		Handler:           newHandler(e, maxBody),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
	}
	log.Printf("listening on %s", *addr)
	log.Fatal(srv.ListenAndServe())
}

// newHandler serves POST /assess with a shared engine, reading at most
// limit bytes of each request body.
func newHandler(e *risk.Engine, limit int64) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/assess", &assessHandler{engine: e, limit: limit})
	return mux
}

// assessHandler assesses the profile in the request body.
type assessHandler struct {
	engine *risk.Engine
	limit  int64
}

// errorBody is the JSON of every error response.
type errorBody struct {
	// Error says what is wrong.
	Error string `json:"error"`
	// Errors are the positioned errors of an invalid profile.
	Errors risk.ErrorList `json:"errors,omitempty"`
}

func (h *assessHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeJSON(w, http.StatusMethodNotAllowed, errorBody{Error: fmt.Sprintf("method %s not allowed: POST a profile", r.Method)})
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.limit))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeJSON(w, http.StatusRequestEntityTooLarge, errorBody{Error: fmt.Sprintf("the profile is larger than %d bytes", tooBig.Limit)})
			return
		}
		writeJSON(w, http.StatusBadRequest, errorBody{Error: "reading the request: " + err.Error()})
		return
	}
	var opts risk.AssessOptions
	if s := r.URL.Query().Get("as_of"); s != "" {
		if opts.AsOf, err = risk.ParseDate(s); err != nil {
			writeJSON(w, http.StatusBadRequest, errorBody{Error: "as_of: " + err.Error()})
			return
		}
	}
	p, err := h.engine.ParseProfile("request", data)
	if err != nil {
		badProfile(w, err)
		return
	}
	rep, err := h.engine.Assess(r.Context(), p, opts)
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		writeJSON(w, http.StatusServiceUnavailable, errorBody{Error: err.Error()})
		return
	case err != nil:
		badProfile(w, err)
		return
	}
	var b bytes.Buffer
	if err := report.JSON(&b, rep); err != nil {
		writeJSON(w, http.StatusInternalServerError, errorBody{Error: err.Error()})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	w.Write(b.Bytes())
}

// badProfile answers 400 with the profile's errors.
func badProfile(w http.ResponseWriter, err error) {
	body := errorBody{Error: "invalid profile"}
	var list risk.ErrorList
	if errors.As(err, &list) {
		body.Errors = list
	} else {
		body.Error = "invalid profile: " + err.Error()
	}
	writeJSON(w, http.StatusBadRequest, body)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		log.Printf("writing the response: %v", err)
	}
}
