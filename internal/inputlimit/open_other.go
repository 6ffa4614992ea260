//go:build !unix

package inputlimit

import "os"

// openNoBlock opens path for reading. Outside Unix there are no FIFOs in
// the file system to wait on.
func openNoBlock(path string) (*os.File, error) {
	return os.Open(path)
}
