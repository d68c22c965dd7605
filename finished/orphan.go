package finished

import (
	"os"
	"syscall"
	"time"
)

// StopWhenOrphaned sends SIGTERM to signals once the process that started
// this one has exited: a Unix process whose parent dies is handed to
// another (its parent process id changes). Then nobody is left to stop a
// server, which would go on answering on its port, as when Task, which runs
// it for go tool task serve, exits or is killed; so it stops itself, the
// way SIGTERM stops it. Run it in its own goroutine; it returns once it has
// sent the signal.
func StopWhenOrphaned(signals chan<- os.Signal) {
	parent := os.Getppid()
	for range time.Tick(250 * time.Millisecond) {
		if os.Getppid() != parent {
			signals <- syscall.SIGTERM
			return
		}
	}
}
