package add

import "testing"

func TestAdd(t *testing.T) {
	if got := Add(3, 4); got != 7 {
		t.Errorf("Add(3, 4) = %d, want 7 (see the TODO in add.go)", got)
	}
}

func TestZero(t *testing.T) {
	if got := Add(0, 0); got != 0 {
		t.Errorf("Add(0, 0) = %d, want 0", got)
	}
}
