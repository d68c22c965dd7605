package add

// Sub returns a - b.
func Sub(a, b int) int {
	// TODO: return the difference of a and b.
	return 0
}
