package add

// Sub returns a - b.
func Sub(a, b int) int { return a - b }

// Double returns 2n.
func Double(n int) int { return 2 * n }
