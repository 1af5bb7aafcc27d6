//go:build race

package emulator

// raceEnabled shrinks the data sets of the slowest tests under the race
// detector, which makes SQLite (pure Go) many times slower.
const raceEnabled = true
