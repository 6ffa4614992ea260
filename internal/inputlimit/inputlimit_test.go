package inputlimit

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestReadFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	small := filepath.Join(dir, "small.json")
	if err := os.WriteFile(small, []byte(`{"a":1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "sock.json")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(small, link); err != nil {
		t.Fatal(err)
	}
	devLink := filepath.Join(dir, "zero.json")
	if err := os.Symlink("/dev/zero", devLink); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name  string
		path  string
		limit int64
		want  string // error text; "" reads the file
	}{
		{"regular file", small, 100, ""},
		{"exactly at the limit", small, 7, ""},
		{"symlink to a regular file", link, 100, ""},
		{"over the limit", small, 6, small + ": 7B is larger than the document limit of 6B"},
		{"/dev/zero", "/dev/zero", 100, "/dev/zero: not a regular file (a character device)"},
		{"symlink to /dev/zero", devLink, 100, devLink + ": not a regular file (a character device)"},
		{"FIFO without a writer", fifo, 100, fifo + ": not a regular file (a named pipe)"},
		{"socket", sock, 100, sock + ": not a regular file (a socket)"},
		{"directory", dir, 100, dir + ": not a regular file (a directory)"},
		{"missing", filepath.Join(dir, "nope"), 100, "no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			done := make(chan struct{})
			var data []byte
			var err error
			go func() {
				data, err = ReadFile(tt.path, tt.limit, "document")
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("ReadFile blocked")
			}
			if tt.want == "" {
				if err != nil || string(data) != `{"a":1}` {
					t.Fatalf("got %q, %v", data, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
		})
	}
}

func TestReadAll(t *testing.T) {
	t.Parallel()
	data, err := ReadAll(strings.NewReader("12345"), "-", 5, "document")
	if err != nil || string(data) != "12345" {
		t.Errorf("at the limit: %q, %v", data, err)
	}
	f, err := os.Open("/dev/zero")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = ReadAll(f, "-", 1<<20, "document")
	var tl *TooLargeError
	if !errors.As(err, &tl) || err.Error() != "-: more than 1MiB is larger than the document limit of 1MiB" {
		t.Errorf("endless stream: %v", err)
	}
}

func TestParseSize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want int64
		err  string
	}{
		{"512MiB", 512 << 20, ""},
		{"2GiB", 2 << 30, ""},
		{"2g", 2 << 30, ""},
		{"100MB", 100_000_000, ""},
		{"1500", 1500, ""},
		{" 64 KiB ", 64 << 10, ""},
		{"", 0, "is not a size"},
		{"lots", 0, "is not a size"},
		{"5 parsecs", 0, "unknown unit"},
		{"0", 0, "greater than 0"},
		{"99999999999TiB", 0, "too large"},
	}
	for _, tt := range tests {
		got, err := ParseSize(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseSize(%q) = %d, %v; want error %q", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
		if back, err := ParseSize(FormatSize(got)); err != nil || back != got {
			t.Errorf("FormatSize(%d) = %q does not read back: %d, %v", got, FormatSize(got), back, err)
		}
	}
}

func TestCheckHCLDepth(t *testing.T) {
	t.Parallel()
	n := MaxDepth + 10
	tests := []struct {
		name    string
		src     string
		refused bool
	}{
		{"ordinary configuration", "resource \"a\" \"b\" {\n  x = [for k, v in var.m : { (k) = v * -2 }]\n  y = \"${var.a}-%{if var.b}b%{endif}\"\n  z = -1\n}\n", false},
		{"a long list of negative numbers", "a = [" + strings.Repeat("-1, ", 5000) + "-1]\n", false},
		{"many attributes", strings.Repeat("a = !true\n", 5000), false},
		{"index chains", "a = x" + strings.Repeat("[0]", 100) + "\n", false},
		{"nested brackets", "a = " + strings.Repeat("[", n) + strings.Repeat("]", n), true},
		{"nested blocks", strings.Repeat("b {\n", n) + strings.Repeat("}\n", n), true},
		{"nested templates", "a = " + strings.Repeat(`"${`, n) + "1" + strings.Repeat(`}"`, n), true},
		{"a chain of negations", "a = " + strings.Repeat("!", n) + "true", true},
		{"a chain of conditionals", "a = " + strings.Repeat("true ? 1 : ", n) + "1", true},
		{"a chain of additions", "a = 1" + strings.Repeat(" + 1", n), true},
		{"a chain of postfix indexes", "a = x" + strings.Repeat("[y]", n), true},
		{"nested template directives", "a = \"" + strings.Repeat("%{ if true }", n) + strings.Repeat("%{ endif }", n) + "\"", true},
		{"negations over lines in parentheses", "a = (" + strings.Repeat("!\n", n) + "true)", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := CheckHCLDepth([]byte(tt.src), "main.tf")
			if !tt.refused {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var de *DepthError
			if !errors.As(err, &de) || !strings.HasPrefix(err.Error(), "main.tf: line ") || !strings.Contains(err.Error(), "nested more than 1000 levels deep") {
				t.Fatalf("error %v, want a depth error naming main.tf and the line", err)
			}
		})
	}
}

func TestCheckJSONDepth(t *testing.T) {
	t.Parallel()
	ok := `{"a": "[[[[[[", "b": [[1]], "c": "\"[{"}`
	if err := CheckJSONDepth([]byte(ok), "x.json"); err != nil {
		t.Errorf("brackets inside strings counted: %v", err)
	}
	deep := "{\n\"a\": " + strings.Repeat("[", MaxDepth) + "]"
	err := CheckJSONDepth([]byte(deep), "x.json")
	if err == nil || err.Error() != "x.json: line 2, column 1005: nested more than 1000 levels deep; parity reads at most 1000 levels of arrays, objects and expressions" {
		t.Errorf("error %v", err)
	}
}
