package histogram

import (
	"time"

	"github.com/auditlog/auditlog/api"
)

// bucket is one bar's width: size intervals of the API's group_by_time.
type bucket struct {
	interval string // api.Interval*
	size     int
	approx   time.Duration // for choosing; months are 30.44 days
	label    string        // "5m", "1d", "1mo"
}

// buckets are the widths the histogram chooses from, narrowest first.
var buckets = []bucket{
	{api.IntervalSecond, 1, time.Second, "1s"},
	{api.IntervalSecond, 10, 10 * time.Second, "10s"},
	{api.IntervalSecond, 30, 30 * time.Second, "30s"},
	{api.IntervalMinute, 1, time.Minute, "1m"},
	{api.IntervalMinute, 5, 5 * time.Minute, "5m"},
	{api.IntervalMinute, 15, 15 * time.Minute, "15m"},
	{api.IntervalMinute, 30, 30 * time.Minute, "30m"},
	{api.IntervalHour, 1, time.Hour, "1h"},
	{api.IntervalHour, 3, 3 * time.Hour, "3h"},
	{api.IntervalHour, 6, 6 * time.Hour, "6h"},
	{api.IntervalHour, 12, 12 * time.Hour, "12h"},
	{api.IntervalDay, 1, 24 * time.Hour, "1d"},
	{api.IntervalWeek, 1, 7 * 24 * time.Hour, "1w"},
	{api.IntervalMonth, 1, 30*24*time.Hour + 10*time.Hour, "1mo"},
	{api.IntervalQuarter, 1, 91 * 24 * time.Hour, "3mo"},
	{api.IntervalYear, 1, 365 * 24 * time.Hour, "1y"},
}

// choose returns the narrowest bucket that shows from..to in at most bars
// bars.
func choose(from, to time.Time, bars int) bucket {
	span := to.Sub(from)
	for _, b := range buckets {
		if span/b.approx < time.Duration(bars) {
			return b
		}
	}
	return buckets[len(buckets)-1]
}

var (
	ref     = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	refWeek = time.Date(2000, 1, 2, 0, 0, 0, 0, time.UTC) // a Sunday
)

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// months is how many months a calendar bucket spans, 0 for fixed ones.
func (b bucket) months() int {
	switch b.interval {
	case api.IntervalMonth:
		return b.size
	case api.IntervalQuarter:
		return 3 * b.size
	case api.IntervalYear:
		return 12 * b.size
	}
	return 0
}

func (b bucket) fixed() time.Duration {
	d := map[string]time.Duration{api.IntervalSecond: time.Second, api.IntervalMinute: time.Minute,
		api.IntervalHour: time.Hour, api.IntervalDay: 24 * time.Hour, api.IntervalWeek: 7 * 24 * time.Hour}[b.interval]
	return d * time.Duration(b.size)
}

// start returns the start of the bucket holding t, aligned the way the
// service documents group_size (counted from 2000-01-01; weeks from Sunday
// 2000-01-02), in UTC.
func (b bucket) start(t time.Time) time.Time {
	t = t.UTC()
	if n := int64(b.months()); n > 0 {
		m := int64(t.Year()-2000)*12 + int64(t.Month()-1)
		s := floorDiv(m, n) * n
		return time.Date(2000+int(floorDiv(s, 12)), time.Month(s-floorDiv(s, 12)*12+1), 1, 0, 0, 0, 0, time.UTC)
	}
	r := ref
	if b.interval == api.IntervalWeek {
		r = refWeek
	}
	step := int64(b.fixed() / time.Second)
	return time.Unix(r.Unix()+floorDiv(t.Unix()-r.Unix(), step)*step, 0).UTC()
}

// next returns the start of the bucket after the one starting at s.
func (b bucket) next(s time.Time) time.Time {
	if n := b.months(); n > 0 {
		return s.AddDate(0, n, 0)
	}
	return s.Add(b.fixed())
}
