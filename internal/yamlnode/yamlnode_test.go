package yamlnode

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	n, err := Parse([]byte("a: &x 1\nb: *x\n"))
	require.Nil(t, err)
	require.NotNil(t, n)
	assert.Equal(t, "a mapping", Describe(n))
	assert.Equal(t, "a number 1", Describe(Resolve(n.Content[3])), "aliases resolve")

	n, err = Parse([]byte(""))
	assert.Nil(t, err)
	assert.Nil(t, n, "an empty document has no value")

	_, err = Parse([]byte("a: [1\n"))
	require.NotNil(t, err)
	assert.Equal(t, 1, err.Line)
	assert.NotContains(t, err.Msg, "yaml:")

	n, _ = Parse([]byte("~"))
	assert.True(t, IsNull(n))
	assert.Equal(t, "nothing", Describe(n))
}
