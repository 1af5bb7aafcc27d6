package filters

// Inspect walks the tree under n in depth-first order, as go/ast.Inspect
// does: it calls fn(n), and when that returns true it walks each child of n
// and then calls fn(nil). Nil nodes are skipped. Other packages use it
// instead of writing their own walks over the AST.
func Inspect(n Node, fn func(Node) bool) {
	if isNilNode(n) || !fn(n) {
		return
	}
	switch n := n.(type) {
	case *Logical:
		Inspect(n.X, fn)
		Inspect(n.Y, fn)
	case *Compare:
		if n.Path != nil {
			Inspect(n.Path, fn)
		}
		Inspect(n.Value, fn)
	case *Exists:
		if n.Path != nil {
			Inspect(n.Path, fn)
		}
	case *List:
		for _, v := range n.Elems {
			Inspect(v, fn)
		}
	}
	fn(nil)
}

// Conjuncts returns the clauses that e requires all of: the operands of its
// top-level chain of `and`, in source order, or e alone when it is not an
// `and`. An `or` (even inside parentheses) is one clause. The clauses are
// the nodes of e, not copies. Conjuncts(nil) is nil.
func Conjuncts(e Expr) []Expr {
	if isNilNode(e) {
		return nil
	}
	if l, ok := e.(*Logical); ok && l.Op == And {
		return flatten(l, nil)
	}
	return []Expr{e}
}

// Paths returns the dotted paths that e tests, each once, in source order.
func Paths(e Expr) []string {
	var out []string
	seen := map[string]bool{}
	Inspect(e, func(n Node) bool {
		if p, ok := n.(*Path); ok && !seen[p.String()] {
			seen[p.String()] = true
			out = append(out, p.String())
		}
		return true
	})
	return out
}

// Mentions reports whether e tests path anywhere.
func Mentions(e Expr, path string) bool {
	found := false
	Inspect(e, func(n Node) bool {
		if p, ok := n.(*Path); ok && p.String() == path {
			found = true
		}
		return !found
	})
	return found
}
