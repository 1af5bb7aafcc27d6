package filters

import "strings"

// Prepared is a filter that passed Prepare: what the program sends.
type Prepared struct {
	// Expr is the parsed filter; nil for an empty filter (every entry).
	Expr Expr
	// Canonical is Expr's canonical printed form, the one text that leaves
	// the program (CLI, explorer, builder, pivots); "" for an empty filter.
	Canonical string
	// Warnings are Check's findings that do not stop the filter.
	Warnings []*Error
}

// PrepareOptions tune Prepare.
type PrepareOptions struct {
	// Archive adds the archive lints of Check (as warnings).
	Archive bool
	// Unchecked skips Check's errors (they become warnings): what
	// --no-check asks for, since Endor may know fields and enum values this
	// schema does not. Syntax and regular-expression errors still stop the
	// filter: the server could not run it either.
	Unchecked bool
}

// Prepare is the one validation path for a filter typed by a user: it
// parses src, compiles it (so that a bad regular expression is caught),
// checks it against the AuditLog schema and prints it in canonical form.
// The error, when there is one, is the first *Error of severity error,
// with src bound for its snippet. A blank src is the empty filter.
func Prepare(src string, opts PrepareOptions) (Prepared, error) {
	if strings.TrimSpace(src) == "" {
		return Prepared{}, nil
	}
	e, err := Parse(src)
	if err != nil {
		return Prepared{}, err
	}
	if _, err := Compile(e); err != nil {
		if fe, ok := err.(*Error); ok {
			fe.Src = src
		}
		return Prepared{}, err
	}
	p := Prepared{Expr: e, Canonical: e.String()}
	for _, d := range Check(e, CheckOptions{Archive: opts.Archive, Src: src}) {
		if d.Severity == SeverityError && !opts.Unchecked {
			return Prepared{}, d
		}
		p.Warnings = append(p.Warnings, d)
	}
	return p, nil
}
