package api

import "strings"

// Actor returns who acted, the one definition the explorer and the
// command line share: the value of the first non-empty email= claim, else
// of the first non-empty user= claim (Endor's user= carries the login
// provider, e.g. alice@example.com@google, so email= reads better), else
// meta.created_by, else the first claim whole. The result is the server's
// text, not sanitized.
func (a *AuditLog) Actor() string {
	return actor(a.Spec.Claims, a.Meta.CreatedBy)
}

// ClaimsActor is Actor for a bare list of claims (no meta.created_by).
func ClaimsActor(claims []string) string { return actor(claims, "") }

func actor(claims []string, createdBy string) string {
	for _, p := range []string{"email=", "user="} {
		for _, c := range claims {
			if v, ok := strings.CutPrefix(c, p); ok && v != "" {
				return v
			}
		}
	}
	if createdBy != "" {
		return createdBy
	}
	if len(claims) > 0 {
		return claims[0]
	}
	return ""
}
