//go:build !linux

package shadowrelay

import (
	"io"
	"net"
)

// connIO returns the reader and writer of conn the intake uses: conn itself
// outside Linux (see rawio_linux.go).
func connIO(conn net.Conn) io.ReadWriter { return conn }
