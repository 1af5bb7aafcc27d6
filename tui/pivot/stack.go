package pivot

import (
	"strconv"
	"strings"

	"github.com/auditlog/auditlog/tui/common"
)

// Stack is the back stack of views a pivot left, newest last: the root
// pushes what it needs to return exactly (filter, tier, rows, cursor,
// scroll) and pops it on Backspace. The zero value is an empty stack.
type Stack[T any] struct {
	frames []frame[T]
}

type frame[T any] struct {
	label string // the pivot that left the view, for the breadcrumb
	view  T
}

// Push saves view, left by the pivot label (drawn as given: sanitize it).
func (s *Stack[T]) Push(label string, view T) {
	s.frames = append(s.frames, frame[T]{label: label, view: view})
}

// Pop returns the view saved last and removes it; false when the stack is
// empty.
func (s *Stack[T]) Pop() (T, bool) {
	var zero T
	if len(s.frames) == 0 {
		return zero, false
	}
	f := s.frames[len(s.frames)-1]
	s.frames[len(s.frames)-1] = frame[T]{} // let the rows go
	s.frames = s.frames[:len(s.frames)-1]
	return f.view, true
}

// Top returns the view saved last without removing it; false when the
// stack is empty.
func (s *Stack[T]) Top() (T, bool) {
	var zero T
	if len(s.frames) == 0 {
		return zero, false
	}
	return s.frames[len(s.frames)-1].view, true
}

// Len returns the depth: how many Backspaces lead back to the start.
func (s *Stack[T]) Len() int { return len(s.frames) }

// Clear empties the stack (a filter typed anew starts a new trail).
func (s *Stack[T]) Clear() {
	clear(s.frames)
	s.frames = s.frames[:0]
}

// Breadcrumb describes the trail in at most width cells, newest pivot
// last, older ones dropped first: "‹2 actor alice@x › kind Policy". It is
// "" for an empty stack.
func (s *Stack[T]) Breadcrumb(width int) string {
	n := len(s.frames)
	if n == 0 {
		return ""
	}
	labels := make([]string, n)
	for i, f := range s.frames {
		labels[i] = f.label
	}
	head := "‹" + strconv.Itoa(n) + " "
	for i := range labels {
		crumb := head + strings.Join(labels[i:], " › ")
		if i > 0 {
			crumb = head + "… › " + strings.Join(labels[i:], " › ")
		}
		if common.Width(crumb) <= width || i == n-1 {
			return common.Truncate(crumb, width)
		}
	}
	return head
}
