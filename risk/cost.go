package risk

import "cel.dev/cel-go/common/cost"

// maxListLen bounds a list fact without declared values in a profile; a
// list fact with values holds each value at most once. The bounds let the
// engine prove, when it builds, that most rules stay within the cost limit,
// so that they run without run-time cost tracking.
const maxListLen = 1000

// listBound returns the most entries list fact f can hold once converted.
func (e *Engine) listBound(f *Fact) uint64 {
	if f.Name == "markets" {
		// Each market adds at most its parents and, for a union, its members.
		return 4*maxListLen + uint64(len(e.markets))
	}
	if len(f.Values) > 0 {
		return uint64(len(f.Values))
	}
	return maxListLen
}

// sizeEstimator gives CEL's static cost estimator the size bounds of list
// facts.
type sizeEstimator struct{ e *Engine }

// EstimateSize implements cost.Estimator.
func (s sizeEstimator) EstimateSize(n cost.AstNode) *cost.SizeEstimate {
	p := n.Path()
	if len(p) != 1 {
		return nil
	}
	if i, ok := s.e.factIndex[p[0]]; ok && i < len(s.e.facts) && s.e.facts[i].Type == TypeList {
		return &cost.SizeEstimate{Min: 0, Max: s.e.listBound(s.e.facts[i])}
	}
	return nil
}

// EstimateCallCost implements cost.Estimator.
func (s sizeEstimator) EstimateCallCost(function, overloadID string, target *cost.AstNode, args []cost.AstNode) *cost.CallEstimate {
	return nil
}
