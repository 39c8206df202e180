// Package signals turns articles into dated recommendations: it reads the
// text, finds the advice, normalises it to an [Action] and [Strength],
// resolves the entity to a ticker, and returns [Signal] values.
package signals
