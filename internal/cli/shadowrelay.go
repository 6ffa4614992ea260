package cli

import (
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/envparity/terraform-provider-parity/internal/inputlimit"
	"github.com/envparity/terraform-provider-parity/internal/shadow"
	"github.com/envparity/terraform-provider-parity/internal/shadowrelay"
)

const shadowRelayUsage = `Usage: parity shadow-relay --listen ADDR --staging HOST:PORT [--staging HOST:PORT …] [flags]
Flags: --name NAME  --mirror-header 'NAME: VALUE'  --connect-timeout D  --read-timeout D
       --workers N  --queue N  --max-body-size SIZE  --max-queued-bytes SIZE  --max-rps R
       --drain-timeout D  --admin-listen ADDR  --socket-mode MODE  --log-format json|text
`

const shadowRelayHelp = shadowRelayUsage + `
The relay between nginx's mirror and staging for a parity_shadow_route:
nginx hands it each sampled request; it answers at once and forwards the
request to staging in the background, so that a slow or dead staging never
holds a production client's connection. parity_shadow_route's relay_command
is the command line for a route.

Overload is shed, never pushed back: a request that finds the queue full,
the rate cap reached or every staging upstream refusing connections is
dropped and counted in /metrics.

A request carrying the mirror header is a mirrored request (nginx's mirror
location always sets it); other requests may ask for:
  GET /metrics   counters in the Prometheus text format
  GET /healthz   200 "ok", or 503 while draining
Runs until SIGINT or SIGTERM, then stops taking requests and lets the queue
drain for at most --drain-timeout. Logs (standard error) never contain a
request's URI, header values or body.

Flags:
  --listen ADDR          unix:/path/to.sock or a loopback HOST:PORT such as
                         127.0.0.1:8481 (required); a stale socket file is
                         replaced, one that a live process serves is not
  --staging HOST:PORT    staging upstream, repeatable; used in turn, and one
                         that refuses connections is left alone for 0.1 s to
                         5 s (doubling) before it is tried again
  --name NAME            the route's name, for logs
  --mirror-header H      header set on forwarded requests, 'NAME: VALUE'
                         (default 'X-Shadowed-Request: true')
  --connect-timeout D    connecting to staging (default 100ms)
  --read-timeout D       waiting for staging's answer once the request is
                         sent (default 500ms); a forward takes at most
                         connect + read timeout
  --workers N            concurrent forwards (default 64)
  --queue N              requests waiting for a worker (default 1024)
  --max-body-size SIZE   larger bodies are dropped (default 1MiB)
  --max-queued-bytes SIZE
                         bodies waiting in the queue, in all (default 64MiB)
  --max-rps R            forward at most R requests per second (default:
                         no cap; relay_command sets it from max_rps, or from
                         production_capacity_rps × staging_ratio)
  --drain-timeout D      how long shutdown waits for the queue (default 5s)
  --admin-listen ADDR    also serve /metrics and /healthz alone on this TCP
                         address, for Prometheus (which cannot scrape a
                         unix socket)
  --socket-mode MODE     permissions of the unix socket (default 0660: run
                         the relay as nginx's worker user or group)
  --log-format F         json (default) or text

Examples:
  parity shadow-relay --listen unix:/run/parity-api/relay.sock \
    --staging 10.0.1.10:8080 --staging 10.0.1.11:8080 --max-rps 200
  curl --unix-socket /run/parity-api/relay.sock http://relay/metrics
`

// shadowRelay runs `parity shadow-relay` until SIGINT or SIGTERM.
func (c *command) shadowRelay(args []string) int {
	const name = "shadow-relay"
	fs := newFlagSet(name)
	listen := fs.String("listen", "", "")
	var staging stringList
	fs.Var(&staging, "staging", "")
	routeName := fs.String("name", "", "")
	mirrorHeader := fs.String("mirror-header", shadow.DefaultMirrorHeaderName+": "+shadow.DefaultMirrorHeaderValue, "")
	connectTimeout := fs.Duration("connect-timeout", shadow.DefaultConnectTimeout, "")
	readTimeout := fs.Duration("read-timeout", shadow.DefaultReadTimeout, "")
	workers := fs.Int("workers", shadowrelay.DefaultWorkers, "")
	queue := fs.Int("queue", shadowrelay.DefaultQueueSize, "")
	maxBody := fs.String("max-body-size", inputlimit.FormatSize(shadowrelay.DefaultMaxBodyBytes), "")
	maxQueued := fs.String("max-queued-bytes", inputlimit.FormatSize(shadowrelay.DefaultMaxQueuedBytes), "")
	maxRPS := fs.Float64("max-rps", 0, "")
	drainTimeout := fs.Duration("drain-timeout", shadowrelay.DefaultDrainTimeout, "")
	adminListen := fs.String("admin-listen", "", "")
	socketMode := fs.String("socket-mode", "0660", "")
	logFormat := fs.String("log-format", "json", "")
	positional, err := parseInterspersed(fs, args)
	var headerName, headerValue string
	var bodyBytes, queuedBytes int64
	var mode uint64
	switch {
	case err != nil:
	case len(positional) > 0:
		err = usagef("unexpected argument %q", positional[0])
	case *listen == "":
		err = usagef("--listen ADDR is required: unix:/path/to.sock or a loopback HOST:PORT")
	case shadow.CheckRelayListen(*listen, 0) != nil:
		err = usagef("--listen: %v", shadow.CheckRelayListen(*listen, 0))
	case len(staging) == 0:
		err = usagef("--staging HOST:PORT is required (repeat it for several upstreams)")
	case *logFormat != "json" && *logFormat != "text":
		err = usagef("--log-format %q: use json or text", *logFormat)
	}
	if err == nil {
		var ok bool
		headerName, headerValue, ok = strings.Cut(*mirrorHeader, ":")
		headerName, headerValue = strings.TrimSpace(headerName), strings.TrimSpace(headerValue)
		if !ok || headerName == "" || headerValue == "" {
			err = usagef("--mirror-header %q: write 'NAME: VALUE', such as 'X-Shadowed-Request: true'", *mirrorHeader)
		}
	}
	if err == nil {
		if bodyBytes, err = inputlimit.ParseSize(*maxBody); err != nil {
			err = usagef("--max-body-size: %v", err)
		}
	}
	if err == nil {
		if queuedBytes, err = inputlimit.ParseSize(*maxQueued); err != nil {
			err = usagef("--max-queued-bytes: %v", err)
		}
	}
	if err == nil {
		if mode, err = strconv.ParseUint(*socketMode, 8, 32); err != nil || mode > 0o777 {
			err = usagef("--socket-mode %q: write octal permissions such as 0660", *socketMode)
		}
	}
	if code, done := c.usageOutcome(name, err); done {
		return code
	}

	logger := newLogger(c.stderr, *logFormat)
	relay, err := shadowrelay.New(shadowrelay.Options{
		Name:              *routeName,
		Staging:           staging,
		MirrorHeaderName:  headerName,
		MirrorHeaderValue: headerValue,
		ConnectTimeout:    *connectTimeout,
		ReadTimeout:       *readTimeout,
		Workers:           *workers,
		QueueSize:         *queue,
		MaxBodyBytes:      bodyBytes,
		MaxQueuedBytes:    queuedBytes,
		MaxRPS:            *maxRPS,
		DrainTimeout:      *drainTimeout,
		Logger:            logger,
	})
	if err != nil {
		code, _ := c.usageOutcome(name, usagef("%v", err))
		return code
	}
	ln, err := shadowrelay.Listen(*listen, fsMode(mode))
	if err != nil {
		return c.inputError(fmt.Errorf("--listen %s: %v", *listen, err))
	}
	var admin net.Listener
	if *adminListen != "" {
		if admin, err = net.Listen("tcp", *adminListen); err != nil {
			ln.Close()
			return c.inputError(fmt.Errorf("--admin-listen %s: %v", *adminListen, err))
		}
	}
	ctx, stop := signal.NotifyContext(c.ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := relay.Serve(ctx, ln, admin); err != nil {
		logger.Error("shadow relay failed", "error", err.Error())
		return exitError
	}
	return exitOK
}

func fsMode(mode uint64) fs.FileMode { return fs.FileMode(mode) & fs.ModePerm }
