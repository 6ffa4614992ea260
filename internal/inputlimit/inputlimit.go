// Package inputlimit bounds what the readers accept, so that hostile or
// mistaken input (an endless stream, a huge file, nesting that would
// exhaust the stack) fails fast with a message naming the file instead of
// exhausting the machine. Every file the CLI and the provider read goes
// through ReadFile; decoders check nesting with the limits defined here.
package inputlimit

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// Defaults. Documents (show -json output, raw states) can be large: the
// biggest states seen in practice are a few hundred megabytes, and the
// decoder's memory is about five times the input. Configuration and rules
// files are written by people and are small; the HCL parser holds every
// token of a file at once (about 100 bytes each, so up to a hundred times
// the file's size), which is what their caps bound.
const (
	// DefaultDocumentSize caps a JSON document (a file or standard input).
	DefaultDocumentSize int64 = 512 << 20
	// DefaultConfigSize caps one .tf, .tfvars or rules file.
	DefaultConfigSize int64 = 4 << 20
	// DefaultConfigTotalSize caps all the files read for one configuration
	// directory together.
	DefaultConfigTotalSize int64 = 16 << 20
	// MaxDepth is the deepest nesting of arrays, objects and expressions any
	// reader accepts. Terraform documents nest a few dozen levels; a limit
	// far above that, checked while reading, keeps every later walk cheap and
	// the stack safe.
	MaxDepth = 1000
)

// Limits are the size caps in force; zero fields take the defaults.
type Limits struct {
	Document    int64
	Config      int64
	ConfigTotal int64
}

// All returns limits that cap every kind of file at size.
func All(size int64) Limits {
	return Limits{Document: size, Config: size, ConfigTotal: size}
}

// DocumentSize returns the cap for JSON documents.
func (l Limits) DocumentSize() int64 {
	if l.Document > 0 {
		return l.Document
	}
	return DefaultDocumentSize
}

// ConfigSize returns the cap for configuration and rules files.
func (l Limits) ConfigSize() int64 {
	if l.Config > 0 {
		return l.Config
	}
	return DefaultConfigSize
}

// ConfigTotalSize returns the cap for the files of one configuration
// directory together.
func (l Limits) ConfigTotalSize() int64 {
	if l.ConfigTotal > 0 {
		return l.ConfigTotal
	}
	return DefaultConfigTotalSize
}

// NotRegularError refuses a path that is not a regular file: a FIFO, a
// device such as /dev/zero, a socket. Reading one may never end.
type NotRegularError struct {
	Path string
	Mode os.FileMode
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s: not a regular file (%s); only regular files are read, so that an endless stream cannot exhaust memory", e.Path, describeMode(e.Mode))
}

func describeMode(m os.FileMode) string {
	switch {
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeCharDevice != 0:
		return "a character device"
	case m&os.ModeDevice != 0:
		return "a device"
	case m.IsDir():
		return "a directory"
	case m&os.ModeIrregular != 0:
		return "an irregular file"
	}
	return "mode " + m.String()
}

// TooLargeError refuses a file over its size cap. Size is what was found:
// the file's size, or (for a stream) more than Limit.
type TooLargeError struct {
	Path  string
	Size  int64
	Limit int64
	What  string // "document", "configuration file", …
}

func (e *TooLargeError) Error() string {
	size := "more than " + FormatSize(e.Limit)
	if e.Size > e.Limit {
		size = FormatSize(e.Size)
	}
	return fmt.Sprintf("%s: %s is larger than the %s limit of %s", e.Path, size, e.What, FormatSize(e.Limit))
}

// DepthError refuses input nested deeper than MaxDepth.
type DepthError struct {
	Path       string // may be empty; callers prefix it
	Line, Col  int
	Depth, Max int
}

func (e *DepthError) Error() string {
	at := ""
	if e.Line > 0 {
		at = fmt.Sprintf("line %d, column %d: ", e.Line, e.Col)
	}
	msg := fmt.Sprintf("%snested more than %d levels deep; parity reads at most %d levels of arrays, objects and expressions", at, e.Max, e.Max)
	if e.Path != "" {
		return e.Path + ": " + msg
	}
	return msg
}

// ReadFile reads a regular file of at most limit bytes. Anything else
// (a FIFO, /dev/zero, a socket, a directory) is refused before a byte is
// read; the file is opened without blocking so that a FIFO swapped in after
// the check cannot hang the reader either. what names the kind of file in
// messages ("document", "configuration file", "rules file").
func ReadFile(path string, limit int64, what string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err // *PathError names the path
	}
	if !st.Mode().IsRegular() {
		return nil, &NotRegularError{Path: path, Mode: st.Mode()}
	}
	if st.Size() > limit {
		return nil, &TooLargeError{Path: path, Size: st.Size(), Limit: limit, What: what}
	}
	f, err := openNoBlock(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The file may have been replaced since Stat: check what was opened.
	fst, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fst.Mode().IsRegular() {
		return nil, &NotRegularError{Path: path, Mode: fst.Mode()}
	}
	if fst.Size() > limit {
		return nil, &TooLargeError{Path: path, Size: fst.Size(), Limit: limit, What: what}
	}
	return readLimited(f, path, fst.Size(), limit, what)
}

// ReadAll reads a stream (standard input) of at most limit bytes.
func ReadAll(r io.Reader, name string, limit int64, what string) ([]byte, error) {
	return readLimited(r, name, 0, limit, what)
}

func readLimited(r io.Reader, name string, sizeHint, limit int64, what string) ([]byte, error) {
	// One byte more than the limit tells a file at the limit from a bigger
	// one (the file may grow while it is read).
	buf := make([]byte, 0, min(sizeHint, limit)+1)
	lr := &io.LimitedReader{R: r, N: limit + 1}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				return nil, err
			}
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	if int64(len(buf)) > limit {
		return nil, &TooLargeError{Path: name, Limit: limit, What: what}
	}
	return buf, nil
}

// CheckRegular refuses a path that exists and is not a regular file.
func CheckRegular(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return &NotRegularError{Path: path, Mode: st.Mode()}
	}
	return nil
}

// FormatSize writes a byte count the way ParseSize reads it: 512MiB, 16MiB,
// 1500B.
func FormatSize(n int64) string {
	for _, u := range []struct {
		suffix string
		size   int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.size && n%u.size == 0 {
			return strconv.FormatInt(n/u.size, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10) + "B"
}

// ParseSize reads a size such as 512MiB, 2GiB, 100MB (powers of ten), 64K
// or a plain number of bytes.
func ParseSize(s string) (int64, error) {
	text := strings.TrimSpace(s)
	i := 0
	for i < len(text) && text[i] >= '0' && text[i] <= '9' {
		i++
	}
	if i == 0 {
		return 0, fmt.Errorf("%q is not a size: write it as 512MiB, 2GiB or a number of bytes", s)
	}
	n, err := strconv.ParseInt(text[:i], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is too large", s)
	}
	unit := strings.ToLower(strings.TrimSpace(text[i:]))
	mult := map[string]int64{
		"": 1, "b": 1,
		"k": 1 << 10, "kib": 1 << 10, "kb": 1000,
		"m": 1 << 20, "mib": 1 << 20, "mb": 1000 * 1000,
		"g": 1 << 30, "gib": 1 << 30, "gb": 1000 * 1000 * 1000,
		"t": 1 << 40, "tib": 1 << 40, "tb": 1000 * 1000 * 1000 * 1000,
	}[unit]
	if mult == 0 {
		return 0, fmt.Errorf("%q has an unknown unit %q: use B, KiB, MiB, GiB (or KB, MB, GB)", s, text[i:])
	}
	if n > (1<<62)/mult {
		return 0, fmt.Errorf("%q is too large", s)
	}
	if n == 0 {
		return 0, fmt.Errorf("%q must be greater than 0", s)
	}
	return n * mult, nil
}
