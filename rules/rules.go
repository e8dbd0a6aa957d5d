// Package rules embeds the rule sets bundled with airisk: the vocabulary of
// facts, the market codes, and one rule set per legal instrument, with
// their casebooks. See README.md in this directory for the file format.
package rules

import (
	"embed"
	"io/fs"
)

//go:embed *
var files embed.FS

// FS holds the bundled rule files, with paths such as "eu/ai_act.yaml".
// Pass it to risk.New.
var FS fs.FS = files
