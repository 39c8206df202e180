//go:build !unix

package reports

import "time"

// cpuTime is not measured outside Unix; the cpu-ms/op metric reads 0.
func cpuTime() time.Duration { return 0 }
