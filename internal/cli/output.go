package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// writeFileAtomic writes a report to path through a temporary file in the
// same directory that is renamed over path only when rendering and writing
// succeeded, so a failed run never leaves a half-written report for CI to
// pick up. A path that exists and is not a regular file (/dev/null, a named
// pipe, /dev/stdout) is written directly: renaming over a device would
// replace it.
func writeFileAtomic(path string, render func(io.Writer) error) error {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		if st.IsDir() {
			return fmt.Errorf("%s: cannot write report: it is a directory", path)
		}
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("%s: cannot write report: %v", path, unwrapPathError(err))
		}
		bw := bufio.NewWriterSize(f, 64<<10)
		err = render(bw)
		if err == nil {
			err = bw.Flush()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("%s: %v", path, unwrapPathError(err))
		}
		return nil
	}

	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("%s: cannot write report: %v", path, unwrapPathError(err))
	}
	committed := false
	defer func() {
		if !committed {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 64<<10)
	if err := render(bw); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("%s: cannot write report: %v", path, unwrapPathError(err))
	}
	// CreateTemp makes the file private; a report is meant to be read.
	mode := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	if err := tmp.Chmod(mode); err != nil {
		return fmt.Errorf("%s: cannot write report: %v", path, unwrapPathError(err))
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: cannot write report: %v", path, unwrapPathError(err))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("%s: cannot write report: %v", path, unwrapPathError(err))
	}
	committed = true
	return nil
}

// unwrapPathError drops the operation and temporary file name of a
// *os.PathError; callers name the report file themselves.
func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	if le, ok := err.(*os.LinkError); ok {
		return le.Err
	}
	return err
}

// isTerminal reports whether w is a terminal: an *os.File that is a
// character device other than /dev/null.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	if null, err := os.Stat(os.DevNull); err == nil && os.SameFile(st, null) {
		return false
	}
	return true
}
