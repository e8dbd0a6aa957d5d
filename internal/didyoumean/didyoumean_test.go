package didyoumean

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestClosest(t *testing.T) {
	names := []string{"org.roles", "org.employees", "system.infers_outputs", "eu.art50_1.disclose_ai_interaction"}
	tests := []struct{ in, want, why string }{
		{"org.role", "org.roles", "one letter missing"},
		{"org.employes", "org.employees", "one letter missing"},
		{"system.infers_ouputs", "system.infers_outputs", "transposed"},
		{"roles", "org.roles", "given without its group"},
		{"eu.art50_1.disclose_ai_interactoin", "eu.art50_1.disclose_ai_interaction", "long id, two edits"},
		{"markets", "", "nothing close"},
		{"", "", "empty"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, Closest(tc.in, names), "%q: %s", tc.in, tc.why)
	}
	assert.Equal(t, ` (did you mean "org.roles"?)`, Hint("org.role", names))
	assert.Equal(t, "", Hint("zzz", names))
	assert.Equal(t, 3, Distance("kitten", "sitting"))
	assert.Equal(t, 1, Distance("é", "e"), "counts code points")
}
