// Package gate decides whether an AI system may launch in its target
// markets on a given date, from an assessment by package risk and the
// evidence a team has of the duties it has completed.
//
// The gate fails closed. A launch is blocked, with every reason, when:
//
//   - a target market's tier is at or above the policy's blocking severity
//     (by default only a prohibited practice blocks);
//   - a duty in force on the launch date has no evidence;
//   - the answer for a market is not determined (facts are missing: the
//     decision lists the questions to answer), unless the policy allows it;
//   - a rule failed at evaluation time.
//
// Advisory duties and duties that apply from a later date are warnings,
// never blockers; an upcoming duty is a warning when it applies within the
// policy's warning window (90 days by default) and a note after it.
//
// [Decide] gates a [risk.Report] assessed as of the launch date; [Check]
// does the assessment itself. [ParseEvidence] reads an evidence file, and
// package gatetest turns a decision into a go test. The decision restates
// what encoded rules say; it is not legal advice.
package gate
