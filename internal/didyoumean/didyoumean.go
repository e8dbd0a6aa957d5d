// Package didyoumean suggests, for a misspelt name, the closest of the names
// that exist, as a did-you-mean hint in an error message.
package didyoumean

import (
	"fmt"
	"strings"
)

// Closest returns the candidate closest to s, or "" if none is close enough
// to be a likely misspelling: within an edit distance of a third of s's
// length plus one (at most 6), or a dotted name ending in "."+s (a name
// given without its prefix).
func Closest(s string, candidates []string) string {
	best, bestD := "", 1<<30
	for _, c := range candidates {
		if d := Distance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	if bestD <= min(len([]rune(s))/3+1, 6) {
		return best
	}
	for _, c := range candidates {
		if strings.HasSuffix(c, "."+s) {
			return c
		}
	}
	return ""
}

// Hint formats Closest as ` (did you mean "x"?)`, or returns "" when there
// is no close candidate.
func Hint(s string, candidates []string) string {
	if m := Closest(s, candidates); m != "" {
		return fmt.Sprintf(" (did you mean %q?)", m)
	}
	return ""
}

// Distance is the Levenshtein distance between a and b, in code points.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
