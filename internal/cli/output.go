package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Reports are all or nothing: every report is rendered in full first (to a
// temporary file beside its destination, or in memory for standard output
// and devices), and only when every one of them rendered are the files
// renamed into place and the rest written out. When one fails, the
// temporary files are removed and nothing is written: CI never picks up a
// SARIF file from this run next to a JUnit file from the last one.

// pendingReport is a report rendered and waiting to be committed.
type pendingReport struct {
	path string   // "" for standard output
	tmp  *os.File // rendered file, renamed over path on commit
	mem  *bytes.Buffer
}

// reportWriter renders reports and commits them together.
type reportWriter struct {
	stdout  io.Writer
	pending []*pendingReport
}

// render renders one report for path ("" is standard output). On error
// nothing of it remains; the caller aborts the others.
func (rw *reportWriter) render(path string, render func(io.Writer) error) error {
	p := &pendingReport{path: path}
	target := "standard output"
	if path != "" {
		target = path
		st, err := os.Stat(path)
		exists := err == nil
		switch {
		case err == nil && st.IsDir():
			return fmt.Errorf("%s: cannot write report: it is a directory", path)
		case err == nil && !st.Mode().IsRegular():
			// /dev/null, a named pipe, /dev/stdout: written directly at
			// commit, as renaming over a device would replace it.
		default:
			tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
			if err != nil {
				return fmt.Errorf("%s: cannot write report: %v", path, unwrapPathError(err))
			}
			p.tmp = tmp
			rw.pending = append(rw.pending, p) // removed by abort if anything fails
			bw := bufio.NewWriterSize(tmp, 64<<10)
			if err := render(bw); err != nil {
				return fmt.Errorf("%s: %v", path, err)
			}
			if err := bw.Flush(); err != nil {
				return fmt.Errorf("%s: cannot write report: %v", path, unwrapPathError(err))
			}
			// CreateTemp makes the file private; a report is meant to be read.
			mode := os.FileMode(0o644)
			if exists {
				mode = st.Mode().Perm()
			}
			if err := tmp.Chmod(mode); err != nil {
				return fmt.Errorf("%s: cannot write report: %v", path, unwrapPathError(err))
			}
			return nil
		}
	}
	p.mem = &bytes.Buffer{}
	if err := render(p.mem); err != nil {
		return fmt.Errorf("%s: %v", target, err)
	}
	rw.pending = append(rw.pending, p)
	return nil
}

// abort removes every rendered report.
func (rw *reportWriter) abort() {
	for _, p := range rw.pending {
		if p.tmp != nil {
			p.tmp.Close()
			os.Remove(p.tmp.Name())
		}
	}
	rw.pending = nil
}

// commit puts every rendered report in place: files first (renames, which
// do not fail once the temporary file is written beside its destination,
// unless the directory changes meanwhile), then devices and standard
// output.
func (rw *reportWriter) commit() error {
	var errs []error
	for _, p := range rw.pending {
		if p.tmp == nil {
			continue
		}
		err := p.tmp.Close()
		if err == nil {
			err = os.Rename(p.tmp.Name(), p.path)
		}
		if err != nil {
			os.Remove(p.tmp.Name())
			errs = append(errs, fmt.Errorf("%s: cannot write report: %v", p.path, unwrapPathError(err)))
		}
	}
	for _, p := range rw.pending {
		if p.mem == nil {
			continue
		}
		if p.path == "" {
			if _, err := rw.stdout.Write(p.mem.Bytes()); err != nil {
				errs = append(errs, fmt.Errorf("writing to standard output: %w", err))
			}
			continue
		}
		if err := writeDevice(p.path, p.mem.Bytes()); err != nil {
			errs = append(errs, err)
		}
	}
	rw.pending = nil
	return errors.Join(errs...)
}

func writeDevice(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("%s: cannot write report: %v", path, unwrapPathError(err))
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: cannot write report: %v", path, unwrapPathError(err))
	}
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

// writeStdout streams one output to standard output as it renders (an SQL
// script with rows can be far larger than memory should hold).
func writeStdout(w io.Writer, render func(io.Writer) error) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := render(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing to standard output: %w", err)
	}
	return nil
}

// writeFileAtomic writes one output file whole or not at all: rendered beside
// its destination, then renamed into place.
func writeFileAtomic(path string, render func(io.Writer) error) error {
	rw := &reportWriter{}
	if err := rw.render(path, render); err != nil {
		rw.abort()
		return err
	}
	return rw.commit()
}
