package shadow

import "strconv"

// RelayProgram is the program RelayCommand starts: the CLI as releases
// install it, looked up on PATH (systemd looks in /usr/local/bin and
// /usr/bin among others).
const RelayProgram = "parity"

// RelayCommand is the argv that starts the relay process for c, or nil
// when c relays inside nginx. Every value the relay needs is spelled out,
// so that a change of the route shows in the command.
func (c *Config) RelayCommand() []string {
	if c.Relay != RelayProcess {
		return nil
	}
	args := []string{RelayProgram, "shadow-relay", "--name", c.Name, "--listen", c.RelayListen}
	for _, u := range c.StagingUpstreams {
		args = append(args, "--staging", u.String())
	}
	args = append(args,
		"--mirror-header", c.MirrorHeaderName+": "+c.MirrorHeaderValue,
		"--connect-timeout", c.ConnectTimeout.String(),
		"--read-timeout", c.ReadTimeout.String())
	if c.MaxRPS > 0 {
		args = append(args, "--max-rps", strconv.FormatFloat(c.MaxRPS, 'f', -1, 64))
	}
	return args
}
