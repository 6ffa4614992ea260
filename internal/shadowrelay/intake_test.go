package shadowrelay

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"net/textproto"
	"strings"
	"testing"
	"time"
)

// rawExchange writes raw to the relay and returns the status codes of the
// answers it reads, and whether the relay then closed the connection.
func rawExchange(t *testing.T, socket, raw string, answers int) (statuses []int, closed bool) {
	t.Helper()
	conn, err := net.Dial("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(conn, raw); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(conn)
	for range answers {
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("reading answer %d: %v", len(statuses)+1, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		statuses = append(statuses, resp.StatusCode)
	}
	conn.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	_, err = br.ReadByte()
	// Closing with unread input makes the peer's read fail with a reset
	// rather than end: either is a closed connection, a timeout is not.
	var ne net.Error
	return statuses, err != nil && !(errors.As(err, &ne) && ne.Timeout())
}

// TestIntakeRawRequests: what the intake's own HTTP/1.x reader accepts and
// refuses; refusals close the connection and never reach staging.
func TestIntakeRawRequests(t *testing.T) {
	t.Parallel()
	st := startStaging(t, http.StatusOK, 0)
	tr := startTestRelay(t, Options{Staging: []string{st.addr()}, MaxBodyBytes: 1000})
	const mirror = "X-Shadowed-Request: true\r\n"
	tests := []struct {
		name       string
		raw        string
		want       []int
		wantClosed bool
		forwarded  int
	}{
		{name: "two requests on one connection, mirrored and admin",
			raw:  "GET /a?x=1 HTTP/1.1\r\nHost: h\r\n" + mirror + "\r\nGET /healthz HTTP/1.1\r\nHost: h\r\n\r\n",
			want: []int{202, 200}, forwarded: 1},
		{name: "body by length, then another request",
			raw:  "POST /b HTTP/1.1\r\nHost: h\r\n" + mirror + "Content-Length: 5\r\n\r\nhelloGET /c HTTP/1.1\r\nHost: h\r\n" + mirror + "\r\n",
			want: []int{202, 202}, forwarded: 2},
		{name: "chunked body with a trailer",
			raw:  "POST /d HTTP/1.1\r\nHost: h\r\n" + mirror + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\nX-Sum: 1\r\n\r\nGET /e HTTP/1.1\r\nHost: h\r\n" + mirror + "\r\n",
			want: []int{202, 202}, forwarded: 2},
		{name: "HTTP/1.0 closes after the answer",
			raw:  "GET /f HTTP/1.0\r\nHost: h\r\n" + mirror + "\r\n",
			want: []int{202}, wantClosed: true, forwarded: 1},
		{name: "Connection: close",
			raw:  "GET /g HTTP/1.1\r\nHost: h\r\nConnection: close\r\n" + mirror + "\r\n",
			want: []int{202}, wantClosed: true, forwarded: 1},
		{name: "garbage", raw: "HELLO\r\n\r\n", want: []int{400}, wantClosed: true},
		{name: "HTTP/2 line", raw: "GET / HTTP/2.0\r\nHost: h\r\n\r\n", want: []int{400}, wantClosed: true},
		{name: "absolute target", raw: "GET http://x/ HTTP/1.1\r\nHost: h\r\n" + mirror + "\r\n", want: []int{400}, wantClosed: true},
		{name: "no Host", raw: "GET / HTTP/1.1\r\n" + mirror + "\r\n", want: []int{400}, wantClosed: true},
		{name: "two Hosts", raw: "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n" + mirror + "\r\n", want: []int{400}, wantClosed: true},
		{name: "length and chunked both (smuggling)",
			raw:  "POST / HTTP/1.1\r\nHost: h\r\n" + mirror + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
			want: []int{400}, wantClosed: true},
		{name: "two lengths", raw: "POST / HTTP/1.1\r\nHost: h\r\n" + mirror + "Content-Length: 1\r\nContent-Length: 2\r\n\r\nab", want: []int{400}, wantClosed: true},
		{name: "negative length", raw: "POST / HTTP/1.1\r\nHost: h\r\n" + mirror + "Content-Length: -1\r\n\r\n", want: []int{400}, wantClosed: true},
		{name: "head beyond 64 KiB",
			raw:  "GET / HTTP/1.1\r\nHost: h\r\n" + mirror + strings.Repeat("X-Pad: "+strings.Repeat("p", 1000)+"\r\n", 70) + "\r\n",
			want: []int{400}, wantClosed: true},
		{name: "body beyond the limit", raw: "POST / HTTP/1.1\r\nHost: h\r\n" + mirror + "Content-Length: 1001\r\n\r\n", want: []int{413}, wantClosed: true},
		{name: "unknown admin path", raw: "GET /nope HTTP/1.1\r\nHost: h\r\n\r\n", want: []int{404}},
	}
	// One at a time: forwarded counts are checked per case.
	for _, tt := range tests {
		before := len(st.requests())
		got, closed := rawExchange(t, tr.socket, tt.raw, len(tt.want))
		if len(got) != len(tt.want) || closed != tt.wantClosed {
			t.Errorf("%s: answers %v, closed %v; want %v, closed %v", tt.name, got, closed, tt.want, tt.wantClosed)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s: answers %v, want %v", tt.name, got, tt.want)
			}
		}
		tr.waitSettled(t)
		if n := len(st.requests()) - before; n != tt.forwarded {
			t.Errorf("%s: staging received %d requests, want %d", tt.name, n, tt.forwarded)
		}
	}
	for _, r := range st.requests() {
		if r.URI == "/d" && (r.Body != "hello world" || r.ContentLength != 11) {
			t.Errorf("chunked body reached staging as %q (Content-Length %d), want \"hello world\" (11)", r.Body, r.ContentLength)
		}
		if r.URI == "/b" && r.Body != "hello" {
			t.Errorf("body reached staging as %q, want \"hello\"", r.Body)
		}
	}
}

// TestShutdownClosesIdleConnections: a kept-alive connection from nginx
// that is idle does not hold shutdown up.
func TestShutdownClosesIdleConnections(t *testing.T) {
	t.Parallel()
	st := startStaging(t, http.StatusOK, 0)
	tr := startTestRelay(t, Options{Staging: []string{st.addr()}})
	conn, err := net.Dial("unix", tr.socket)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET /a HTTP/1.1\r\nHost: h\r\nX-Shadowed-Request: true\r\n\r\n")
	if _, err := http.ReadResponse(bufio.NewReader(conn), nil); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := tr.stop(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("shutdown took %v with an idle connection open", d)
	}
}

// FuzzReadHead: no input makes the head reader panic, and what it accepts
// is a request the forwarder can send: an origin-form target, one Host, a
// known body framing.
func FuzzReadHead(f *testing.F) {
	for _, seed := range []string{
		"GET /a?b=c HTTP/1.1\r\nHost: h\r\nX-Shadowed-Request: true\r\n\r\n",
		"POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc",
		"POST /p HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
		"GET / HTTP/1.0\r\nHost: h\r\nConnection: keep-alive\r\n\r\n",
		"GET http://x/ HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n",
		"\r\n\r\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		req, err := readHead(textproto.NewReader(bufio.NewReader(strings.NewReader(raw))))
		if err != nil {
			return
		}
		if req.method == "" || !strings.HasPrefix(req.target.RequestURI(), "/") || req.host == "" || req.length < -1 {
			t.Fatalf("accepted %q as %+v", raw, req)
		}
		if _, ok := req.header["Host"]; ok {
			t.Fatalf("Host left among the headers of %q", raw)
		}
	})
}

// TestWholeRequest: the requests that need no deadline of their own are
// those the buffer holds whole.
func TestWholeRequest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		raw  string
		want bool
	}{
		{"GET / HTTP/1.1\r\nHost: h\r\n\r\n", true},
		{"GET / HTTP/1.1\r\nHost: h\r\n\r\nGET /next", true},
		{"GET / HTTP/1.1\r\nHost: h\r\n", false},
		{"POST / HTTP/1.1\r\nHost: h\r\ncontent-length: 5\r\n\r\nhello", true},
		{"POST / HTTP/1.1\r\nHost: h\r\nContent-Length:  5 \r\n\r\nhell", false},
		{"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: x\r\n\r\nhello", false},
		{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", false},
	}
	for _, tt := range tests {
		br := bufio.NewReader(strings.NewReader(tt.raw))
		br.Peek(1)
		if got := wholeRequest(br); got != tt.want {
			t.Errorf("wholeRequest(%q) = %v, want %v", tt.raw, got, tt.want)
		}
	}
}

// TestIntakeHeadTimeout: a request that arrives in pieces is still read,
// and one that stops halfway costs its connection after the head timeout,
// not after the idle timeout. Not parallel: it shortens headTimeout.
func TestIntakeHeadTimeout(t *testing.T) {
	// Restored after the relay below has stopped: cleanups run last first.
	saved := headTimeout
	t.Cleanup(func() { headTimeout = saved })
	headTimeout = 300 * time.Millisecond
	st := startStaging(t, http.StatusOK, 0)
	tr := startTestRelay(t, Options{Staging: []string{st.addr()}})
	conn, err := net.Dial("unix", tr.socket)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	br := bufio.NewReader(conn)
	io.WriteString(conn, "GET /a HTTP/1.1\r\nHost: h\r\n")
	time.Sleep(50 * time.Millisecond)
	io.WriteString(conn, "X-Shadowed-Request: true\r\n\r\n")
	resp, err := http.ReadResponse(br, nil)
	if err != nil || resp.StatusCode != http.StatusAccepted {
		t.Fatalf("a request in two pieces: %v, %v; want 202", resp, err)
	}
	// Half a head, then nothing.
	io.WriteString(conn, "GET /b HTTP/1.1\r\nHost: h\r\n")
	start := time.Now()
	// The relay answers 400 and closes.
	rest, err := io.ReadAll(br)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() || !strings.HasPrefix(string(rest), "HTTP/1.1 400 ") {
		t.Fatalf("the relay answered %q (%v) to half a request; want 400 and the connection closed", rest, err)
	}
	if d := time.Since(start); d < headTimeout/2 || d > 3*time.Second {
		t.Errorf("the relay closed the stalled connection after %v; want about %v", d, headTimeout)
	}
}
