// Package filters implements the filter language of the Endor Labs API
// (the list_parameters.filter of `endorctl api list --filter`): a lexer and
// parser that keep the position of every node, a canonical printer, a
// checker that knows the AuditLog schema, an evaluator over JSON documents
// (decoded, or raw bytes for speed), presets that build common filters, and
// Freeze, which pins now(...) to absolute dates.
//
// One stage per file: pos.go (positions, *Error and snippets), token.go,
// lexer.go, operators.go (the operator table shared by parser and
// printer), parser.go, printer.go, equal.go, schema.go and check.go,
// eval.go and evaljson.go, presets.go, iprange.go, kinds.go and freeze.go.
//
// The grammar follows reference/endor-api.md §12 with these decisions on
// what the docs leave open:
//   - and binds tighter than or; keywords are case-insensitive. Because the
//     server's precedence is undocumented, the canonical form parenthesises
//     every and-group inside an or and every or-group inside an and.
//   - Strings take single or double quotes. The escapes \\ \' \" \n \t \r,
//     \xHH and \u{H...} are decoded; any other backslash is kept, so regular
//     expressions are written as they are ('\d+\.x'). Raw control
//     characters are refused everywhere (write them as escapes), as are
//     invisible format characters outside strings.
//   - A bare value is any run of characters other than space ( ) [ ] , ' ";
//     true/false (any case) are booleans and -?digits(.digits)? numbers.
//   - now(...) takes a signed Go duration, plus d for days, and prints it
//     in hours (the server reportedly refuses d). date(...) takes
//     YYYY-MM-DD or RFC 3339 and prints in UTC.
//   - Lists may be empty; they do not nest. in and not in need a list;
//     contains takes one value or a list; == and the orderings take one
//     value; matches takes a string, bare word or number.
//   - 'not matches' is refused: the API does not support it.
//   - Input is capped at MaxSize bytes and MaxDepth nested parentheses.
//
// The evaluation semantics are documented on Matcher.
package filters
