package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/airisk/airisk/interview"
	"github.com/spf13/cobra"
)

func newInterviewCmd(g *globals) *cobra.Command {
	f := &assessFlags{}
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "interview [flags] PROFILE",
		Short: "Complete a profile by answering only the questions that matter",
		Long: `Interview assesses a profile and asks, one at a time, the facts it leaves out
that could change the answer, the most decisive first. After each answer it
assesses again, so an answer can make other questions moot or raise new ones.
Each answer is checked against the fact's type and allowed values; a bad answer
is asked again. An empty answer skips the question and leaves the fact unknown.

The answers are written back into PROFILE, keeping its comments and its style
(nested groups or dotted names). Answers are read one per line, so the
interview also runs from a pipe:

  printf 'yes\n250\n\n' | airisk interview profile.yaml`,
		Args: exactlyOneProfile("interview"),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := args[0]
			if path == "-" {
				return usageError{fmt.Errorf("interview: give a profile file, not -: the answers are read from standard input")}
			}
			opts, e, err := f.setup(g)
			if err != nil {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if _, err := e.ParseProfile(path, data); err != nil {
				return fullError(err)
			}
			doc, err := interview.ParseDocument(path, data)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			res, err := interview.Run(context.Background(), e, doc, interview.NewLineAsker(cmd.InOrStdin(), out), opts)
			if err != nil {
				return fullError(err)
			}
			fmt.Fprintf(out, "\n%d answered, %d skipped", len(res.Answered), len(res.Skipped))
			if !res.Done {
				fmt.Fprintf(out, ", stopped before the end")
			}
			fmt.Fprintln(out)
			if res.Report != nil {
				for _, r := range res.Report.Results {
					state := ""
					if !r.Determined {
						state = fmt.Sprintf(" (not determined: %d open)", len(r.Questions))
					}
					fmt.Fprintf(out, "  %-9s %s [%s]%s\n", r.Jurisdiction, r.Tier.Severity, r.Tier.Label, state)
				}
			}
			if len(res.Answered) == 0 {
				return nil
			}
			updated, err := doc.Bytes()
			if err != nil {
				return err
			}
			if dryRun {
				_, err = out.Write(updated)
				return err
			}
			if bytes.Equal(updated, data) {
				return nil
			}
			if err := writeFileAtomic(path, updated); err != nil {
				return err
			}
			fmt.Fprintf(out, "wrote %s: %s\n", path, strings.Join(res.Answered, ", "))
			return nil
		},
	}
	cmd.Flags().StringVar(&f.asOf, "as-of", "", "apply the law as of this date, YYYY-MM-DD (default today)")
	cmd.Flags().StringArrayVar(&f.jurisdictions, "jurisdiction", nil, "ask only what matters in this jurisdiction (repeatable)")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the completed profile instead of writing it")
	return cmd
}

// writeFileAtomic replaces path with data through a temporary file in the
// same directory, keeping the file's permissions.
func writeFileAtomic(path string, data []byte) error {
	mode := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
