package table

// The columns, in display order.
const (
	colTime = iota
	colOp
	colKind
	colUUID
	colActor
	colRemote
	colNamespace
	colTier
	numCols
)

var titles = [numCols]string{"TIME (UTC)", "OP", "KIND", "OBJECT", "ACTOR", "REMOTE ADDR", "NAMESPACE", "TIER"}

const (
	timeWidth   = len("2006-01-02 15:04:05")
	prefixWidth = 3 // selection marker, failure marker, space
)

// How the columns give way when the table is narrow (DESIGN: 80 columns is
// the narrowest usable width). Every column starts at the width of its
// widest content loaded (capped by maxWidth). While the line is too wide,
// the steps below are taken in order until it fits; then any room left is
// given back to the columns that were cut, the actor first.
//
// So namespace and object uuid give way first (both are in the detail
// pane); the actor is cut to a comfortable width before the remote address
// goes; the kind goes last. Time, operation, actor and the tier tag are
// never dropped: they are who did what, when, and which store it came
// from. An object uuid is never shortened: a cut uuid cannot be compared,
// so it is shown whole or not at all. When even that is too wide, the
// remaining columns shrink to their hard minimum and the rest is cut at
// the edge.
var steps = []struct {
	col  int
	drop bool // drop the column, or else shrink it to comfortWidth
}{
	{colNamespace, false},
	{colKind, false},
	{colRemote, false},
	{colNamespace, true},
	{colUUID, true},
	{colActor, false},
	{colRemote, true},
	{colKind, true},
}

var (
	hardShrinkOrder = []int{colKind, colRemote, colActor}
	giveBackOrder   = []int{colActor, colRemote, colKind, colNamespace}

	maxWidth     = [numCols]int{colTime: timeWidth, colOp: 16, colKind: 30, colUUID: 36, colActor: 40, colRemote: 39, colNamespace: 40, colTier: 7}
	comfortWidth = [numCols]int{colKind: 10, colActor: 16, colRemote: 15, colNamespace: 12}
	hardWidth    = [numCols]int{colKind: 6, colActor: 8, colRemote: 7}
)

// layout is the width of each column (0: not shown) and the gap between
// columns.
type layout struct {
	widths [numCols]int
	gap    int
}

// shown counts the columns shown.
func (l layout) shown() int {
	n := 0
	for _, w := range l.widths {
		if w > 0 {
			n++
		}
	}
	return n
}

// computeLayout fits the columns into width cells. ideal holds the widest
// content (and title) of each column. Columns are two cells apart, or one
// when that keeps a column that two would drop.
func computeLayout(width int, ideal [numCols]int, showTier bool) layout {
	l := fitColumns(width, ideal, showTier, 2)
	if tight := fitColumns(width, ideal, showTier, 1); tight.shown() > l.shown() {
		return tight
	}
	return l
}

func fitColumns(width int, ideal [numCols]int, showTier bool, gapWidth int) layout {
	l := layout{gap: gapWidth}
	var want [numCols]int
	total := prefixWidth - gapWidth
	for c := range l.widths {
		if c == colTier && !showTier {
			continue
		}
		want[c] = min(ideal[c], maxWidth[c])
		l.widths[c] = want[c]
		total += want[c] + gapWidth
	}
	excess := total - width
	for _, s := range steps {
		if excess <= 0 {
			break
		}
		w := l.widths[s.col]
		switch {
		case w == 0:
		case s.drop:
			l.widths[s.col] = 0
			excess -= w + gapWidth
		case w > comfortWidth[s.col]:
			cut := min(excess, w-comfortWidth[s.col])
			l.widths[s.col] -= cut
			excess -= cut
		}
	}
	for _, c := range hardShrinkOrder {
		if excess <= 0 {
			break
		}
		if w := l.widths[c]; w > hardWidth[c] {
			cut := min(excess, w-hardWidth[c])
			l.widths[c] -= cut
			excess -= cut
		}
	}
	for _, c := range giveBackOrder {
		if excess >= 0 {
			break
		}
		if w := l.widths[c]; w > 0 && w < want[c] {
			more := min(-excess, want[c]-w)
			l.widths[c] += more
			excess += more
		}
	}
	return l
}
