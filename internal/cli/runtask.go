package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"

	tfe "github.com/hashicorp/go-tfe"

	"github.com/envparity/terraform-provider-parity/internal/runtask"
)

// runTask dispatches `parity run-task serve|process`.
func (c *command) runTask(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(c.stderr, "parity run-task: want a subcommand: serve or process")
		fmt.Fprint(c.stderr, commandUsage["run-task"])
		return exitError
	}
	switch args[0] {
	case "serve":
		return c.runTaskServe(args[1:])
	case "process":
		return c.runTaskProcess(args[1:])
	case "help", "--help", "-help", "-h":
		fmt.Fprint(c.stdout, commandHelp["run-task"])
		return exitOK
	}
	fmt.Fprintf(c.stderr, "parity run-task: unknown subcommand %q: use serve or process\n", args[0])
	fmt.Fprint(c.stderr, commandUsage["run-task"])
	return exitError
}

// runTaskServe runs the run task service until SIGINT or SIGTERM, then
// finishes the work it accepted.
func (c *command) runTaskServe(args []string) int {
	const name = "run-task serve"
	fs := newFlagSet(name)
	listen := fs.String("listen", ":8080", "`ADDR` to listen on")
	configPath := fs.String("config", "", "run task configuration `FILE`")
	logFormat := fs.String("log-format", "json", "json or text")
	positional, err := parseInterspersed(fs, args)
	switch {
	case err != nil:
	case len(positional) > 0:
		err = usagef("unexpected argument %q", positional[0])
	case *configPath == "":
		err = usagef("--config FILE is required")
	case *logFormat != "json" && *logFormat != "text":
		err = usagef("--log-format %q: use json or text", *logFormat)
	}
	if code, done := c.usageOutcome(name, err); done {
		return code
	}
	cfg, err := runtask.LoadConfig(*configPath)
	if err != nil {
		return c.inputError(err)
	}
	logger := newLogger(c.stderr, *logFormat)
	svc, err := runtask.NewService(runtask.Options{
		Config:  cfg,
		Token:   c.getenv(cfg.TokenEnv),
		HMACKey: []byte(c.getenv(cfg.HMACKeyEnv)),
		Logger:  logger,
	})
	if err != nil {
		return c.inputError(err)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return c.inputError(fmt.Errorf("--listen %s: %v", *listen, err))
	}
	ctx, stop := signal.NotifyContext(c.ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := svc.Serve(ctx, ln); err != nil {
		logger.Error("serve failed", "error", err.Error())
		return exitError
	}
	return exitOK
}

// runTaskProcess evaluates one payload offline and prints the callback it
// would send; --send delivers it.
func (c *command) runTaskProcess(args []string) int {
	const name = "run-task process"
	fs := newFlagSet(name)
	configPath := fs.String("config", "", "run task configuration `FILE`")
	payloadPath := fs.String("payload", "", "run task request `FILE` (JSON)")
	planPath := fs.String("plan", "", "plan JSON `FILE` instead of downloading it")
	statePath := fs.String("state", "", "counterpart state JSON `FILE` instead of downloading it")
	send := fs.Bool("send", false, "deliver the result to the payload's callback URL")
	positional, err := parseInterspersed(fs, args)
	switch {
	case err != nil:
	case len(positional) > 0:
		err = usagef("unexpected argument %q", positional[0])
	case *configPath == "":
		err = usagef("--config FILE is required")
	case *payloadPath == "":
		err = usagef("--payload FILE is required")
	}
	if code, done := c.usageOutcome(name, err); done {
		return code
	}
	cfg, err := runtask.LoadConfig(*configPath)
	if err != nil {
		return c.inputError(err)
	}
	body, err := os.ReadFile(*payloadPath)
	if err != nil {
		return c.inputError(fmt.Errorf("%s: cannot read the payload: %v", *payloadPath, pathErrorCause(err)))
	}
	req, err := runtask.DecodeRequest(body)
	if err != nil {
		return c.inputError(fmt.Errorf("%s: %v", *payloadPath, err))
	}
	if req.IsVerification() {
		fmt.Fprintln(c.stderr, "parity: the payload is HCP Terraform's verification request; the service answers it with 200 and no callback")
		return exitOK
	}
	eval := runtask.NewEvaluator(cfg, c.getenv(cfg.TokenEnv), runtask.EvaluatorOptions{})
	for _, f := range []struct {
		path string
		dst  *[]byte
	}{{*planPath, &eval.PlanJSON}, {*statePath, &eval.StateJSON}} {
		if f.path == "" {
			continue
		}
		data, err := os.ReadFile(f.path)
		if err != nil {
			return c.inputError(fmt.Errorf("%s: %v", f.path, pathErrorCause(err)))
		}
		*f.dst = data
	}
	eval.StateSource = *statePath
	if eval.StateJSON == nil && c.getenv(cfg.TokenEnv) == "" {
		return c.inputError(fmt.Errorf("no HCP Terraform token to read the counterpart's state: set %s, or give the state with --state FILE", cfg.TokenEnv))
	}

	ctx, cancel := context.WithTimeout(c.ctx, cfg.Timeout)
	defer cancel()
	res := eval.Evaluate(ctx, req)
	out, err := res.CallbackBody(req.Capabilities.Outcomes)
	if err != nil {
		return c.inputError(err)
	}
	if _, err := c.stdout.Write(out); err != nil {
		return c.inputError(err)
	}
	fmt.Fprintf(c.stderr, "parity: %s: %s\n", res.Status, res.Message)
	if *send {
		attempts, err := eval.SendResult(c.ctx, req, res)
		if err != nil {
			return c.inputError(fmt.Errorf("sending the result: %v", err))
		}
		fmt.Fprintf(c.stderr, "parity: result delivered to HCP Terraform (%d attempt%s)\n", attempts, plural(attempts))
	}
	if res.Status == tfe.TaskFailed {
		return exitDrift
	}
	return exitOK
}

func newLogger(w io.Writer, format string) *slog.Logger {
	if format == "text" {
		return slog.New(slog.NewTextHandler(w, nil))
	}
	return slog.New(slog.NewJSONHandler(w, nil))
}

// pathErrorCause drops the operation and path of a *os.PathError, which the
// messages name themselves.
func pathErrorCause(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
