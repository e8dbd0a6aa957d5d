// Command airisk tells what the AI laws of each market say about an AI
// system described by a profile: the tier there, the duties with their
// citations and dates, and the questions still open.
//
// Usage:
//
//	airisk assess [--as-of YYYY-MM-DD] [--jurisdiction ID]... [--format text|json|markdown] PROFILE...
//	airisk gate --profile FILE --launch-date YYYY-MM-DD [--evidence FILE] [--format text|json|markdown|sarif]
//	airisk plan [--as-of YYYY-MM-DD] [--controls FILE] [--format text|json|markdown] PROFILE
//	airisk timeline [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--format text|json] PROFILE
//	airisk diff (--from DATE --to DATE | --rules-from DIR --rules-to DIR) PROFILE
//	airisk interview [--dry-run] PROFILE
//	airisk rules [--format text|markdown]
//
// Every command takes --rules DIR (repeatable) to layer a directory of rule
// files over the bundled rules, and --no-bundled-rules to use only those.
//
// Exit codes: 0 success; 1 a launch gate blocked (gate only); 2 bad input
// (a profile, rule or evidence file that does not parse or check); 64 bad
// usage (an unknown command, flag or argument, or a flag value that does
// not check, such as a date, format, jurisdiction or market).
package main

import (
	"errors"
	"fmt"
	"os"
)

// Exit codes.
const (
	exitOK      = 0
	exitBlocked = 1
	exitInput   = 2
	exitUsage   = 64
)

// usageError marks an error in the command line.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }

// exitError carries an exit code that is not an error, such as a blocked gate.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	cmd := newRootCmd()
	cmd.SetArgs(args)
	err := cmd.Execute()
	if err == nil {
		return exitOK
	}
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	fmt.Fprintln(cmd.ErrOrStderr(), "airisk:", err)
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitInput
}
