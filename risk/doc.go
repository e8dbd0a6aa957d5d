// Package risk tells what the AI laws of each market say about an AI system
// or general-purpose model: the risk tier there, the duties that follow,
// each cited to its provision and dated from the day it applies, the rules
// that matched and why, and the facts still unknown that could change the
// answer.
//
// # Rules
//
// The law is data: YAML rule sets with CEL conditions, one per legal
// instrument, plus a shared vocabulary of facts and a list of market codes.
// The bundled rules are in package [github.com/airisk/airisk/rules]; the
// format is described in that directory's README. [New] reads one or more
// layers of rule files (an embedded file system, a directory, or both: a
// later layer adds facts and rule sets and replaces a rule set with the same
// id), type-checks every condition against the vocabulary and compiles it
// once. Problems are reported all at once, each with its file:line:column.
//
// # Assessing
//
// A [Profile] states facts about one system and the organisation behind it:
// where it is used (markets), in what roles the organisation acts, what the
// system does and is used for. [Engine.Assess] selects the jurisdictions the
// markets reach (a member state brings in the EU; a US state brings in US
// federal law), evaluates every rule of every instrument there, and returns
// a [Report] with one [Result] per jurisdiction. The tier is the most
// severe matching rule's, mapped onto a common ladder ([Severity]:
// prohibited > high > limited > minimal > none) so that markets compare; the
// duties are the union of all matching rules' duties for the profile's
// roles, each in force, upcoming (with its date) or advisory as of the
// assessment date.
//
// A fact left out of a profile is unknown, never false. The engine uses CEL
// partial evaluation to tell whether the answer depends on it: if it does,
// the Result is not determined and its Questions name the facts to ask,
// while its Tier stays the most severe that is already certain. Missing
// facts never lower a tier or remove a duty: a rule whose condition holds
// while the law's exception to it (its unless) is unanswered is presumed to
// match ([Match].Presumed), and an unanswered exclusion is not applied.
//
// # Concurrency and cost
//
// An Engine is immutable and safe for concurrent use by multiple
// goroutines. Each rule runs a plain CEL program first and a partial one
// only when facts are missing; rules whose worst-case cost cannot be proven
// within [Options].CostLimit at build time are metered at run time.
//
// The results report what the encoded rules say. They are not legal advice.
package risk
