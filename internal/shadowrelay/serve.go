package shadowrelay

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/envparity/terraform-provider-parity/internal/shadow"
)

// DefaultSocketMode lets the socket's owner and group connect: run the
// relay as nginx's worker user (or in its group) and nothing else on the
// host can hand it requests.
const DefaultSocketMode fs.FileMode = 0o660

// Listen opens the relay's address: "unix:<path>" or a loopback
// "host:port", as mirror_relay_listen spells it. A socket file left by a
// relay that died is removed; one that a live process still serves is
// not, and Listen fails naming it.
func Listen(addr string, socketMode fs.FileMode) (net.Listener, error) {
	if err := shadow.CheckRelayListen(addr, 0); err != nil {
		return nil, err
	}
	path, ok := strings.CutPrefix(addr, "unix:")
	if !ok {
		return net.Listen("tcp", addr)
	}
	if fi, err := os.Lstat(path); err == nil {
		if fi.Mode().Type() != fs.ModeSocket {
			return nil, fmt.Errorf("%s exists and is not a socket; remove it or choose another path", path)
		}
		conn, err := net.DialTimeout("unix", path, time.Second)
		if err == nil {
			conn.Close()
			return nil, fmt.Errorf("%s is served by another process (another relay for this route?); stop it first", path)
		}
		if err := os.Remove(path); err != nil {
			return nil, fmt.Errorf("%s: cannot remove the stale socket: %v", path, err)
		}
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(path, socketMode); err != nil {
		ln.Close()
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return ln, nil
}

// Serve takes mirrored requests (and admin requests) on ln, and admin
// requests alone on admin when it is not nil, until ctx ends. Then it
// drains: it stops taking requests (/healthz answers 503), lets the
// workers empty the queue for at most DrainTimeout, ends the forwards
// still running and counts what was left as dropped for shutdown. Serve
// closes the listeners; a relay serves once.
func (r *Relay) Serve(ctx context.Context, ln net.Listener, admin net.Listener) error {
	if !r.started.CompareAndSwap(false, true) {
		return errors.New("shadowrelay: Serve called twice")
	}
	o := r.opts
	for range o.Workers {
		r.workers.Go(r.work)
	}
	intake := &intakeServer{relay: r, conns: map[net.Conn]*atomic.Int32{}}
	serveErr := make(chan error, 2)
	go func() { serveErr <- intake.serve(ln) }()
	var adminServer *http.Server
	if admin != nil {
		adminServer = &http.Server{Handler: r.admin, ReadHeaderTimeout: 5 * time.Second,
			ErrorLog: slog.NewLogLogger(r.log.Handler(), slog.LevelWarn)}
		go func() { serveErr <- adminServer.Serve(admin) }()
	}
	attrs := []any{"route", o.Name, "listen", addrString(ln), "staging", o.Staging,
		"workers", o.Workers, "queue", o.QueueSize, "max_rps", o.MaxRPS,
		"connect_timeout", o.ConnectTimeout.String(), "read_timeout", o.ReadTimeout.String()}
	if admin != nil {
		attrs = append(attrs, "admin_listen", addrString(admin))
	}
	r.log.Info("shadow relay listening", attrs...)

	reportDone := make(chan struct{})
	stopReports := make(chan struct{})
	go func() {
		defer close(reportDone)
		r.reportDrops(stopReports)
	}()

	var err error
	select {
	case <-ctx.Done():
	case err = <-serveErr:
		err = fmt.Errorf("serving %s: %w", addrString(ln), err)
	}
	r.shutdown(intake, ln, adminServer)
	close(stopReports)
	<-reportDone
	return err
}

// shutdown stops taking requests, then drains the queue within
// DrainTimeout.
func (r *Relay) shutdown(intake *intakeServer, ln net.Listener, admin *http.Server) {
	start := time.Now()
	r.draining.Store(true)
	queued := len(r.queue)
	r.log.Info("shadow relay draining", "route", r.opts.Name, "queued", queued, "drain_timeout", r.opts.DrainTimeout.String())
	// Requests being read are only read and queued; a second is plenty.
	intake.shutdown(ln, time.Second)
	if admin != nil {
		stopCtx, cancel := context.WithTimeout(context.Background(), time.Second)
		if err := admin.Shutdown(stopCtx); err != nil {
			admin.Close()
		}
		cancel()
	}
	r.mu.Lock()
	r.closed = true
	close(r.queue)
	r.mu.Unlock()

	done := make(chan struct{})
	go func() { r.workers.Wait(); close(done) }()
	timer := time.NewTimer(r.opts.DrainTimeout)
	defer timer.Stop()
	cutShort := false
	select {
	case <-done:
	case <-timer.C:
		cutShort = true
		// Forwards still running end now; workers drop what is left.
		r.cancelForwards()
		<-done
	}
	r.cancelForwards()
	r.transport.CloseIdleConnections()
	s := r.Snapshot()
	r.log.Info("shadow relay stopped", "route", r.opts.Name, "drained_in", time.Since(start).Round(time.Millisecond).String(),
		"drain_cut_short", cutShort, "dropped_at_shutdown", s.Dropped[DropShutdown.String()],
		"received", s.Received, "forwarded", s.Forwarded, "dropped", s.TotalDropped())
}

// reportDrops logs the drops of each LogInterval that had any, so that a
// shedding relay says so without a line per request.
func (r *Relay) reportDrops(stop <-chan struct{}) {
	ticker := time.NewTicker(r.opts.LogInterval)
	defer ticker.Stop()
	last := r.Snapshot()
	for {
		select {
		case <-stop:
			return
		case <-ticker.C:
		}
		now := r.Snapshot()
		var attrs []any
		var total uint64
		for i := range numDropReasons {
			name := i.String()
			if d := now.Dropped[name] - last.Dropped[name]; d > 0 {
				attrs = append(attrs, name, d)
				total += d
			}
		}
		if total > 0 {
			attrs = append([]any{"route", r.opts.Name, "dropped", total, "received", now.Received - last.Received,
				"interval", r.opts.LogInterval.String()}, attrs...)
			r.log.Warn("mirrored requests dropped", attrs...)
		}
		last = now
	}
}

func addrString(ln net.Listener) string {
	a := ln.Addr()
	if a.Network() == "unix" {
		return "unix:" + a.String()
	}
	return a.String()
}
