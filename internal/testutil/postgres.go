package testutil

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// PostgresCluster is a throwaway PostgreSQL cluster: its data directory and
// unix socket live in one temporary directory, it listens on no TCP port,
// and it is stopped and removed when the test ends.
type PostgresCluster struct {
	// Dir holds the data directory and the socket.
	Dir string
	// Port names the socket file (.s.PGSQL.<port>); with no TCP listener it
	// cannot collide with another server.
	Port int
	// User is the database superuser.
	User   string
	binDir string
}

// RequirePostgres returns the directory of PostgreSQL's server programs
// (initdb, pg_ctl, postgres): $PARITY_PG_BINDIR when set, else the directory
// of initdb on PATH, else the newest of Debian's /usr/lib/postgresql/*/bin.
// Where none is found the test fails under CI and is skipped elsewhere, as
// RequireBinary does.
func RequirePostgres(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("PARITY_PG_BINDIR"); d != "" {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err != nil {
			t.Fatalf("PARITY_PG_BINDIR=%s: no initdb there", d)
		}
		return d
	}
	if d := FindPostgres(); d != "" {
		return d
	}
	msg := "PostgreSQL server programs not found (set PARITY_PG_BINDIR or run `tools/ensure-tools.sh postgres`)"
	if os.Getenv("CI") != "" {
		t.Fatal(msg + "; CI must install them")
	}
	t.Skip(msg)
	return ""
}

// FindPostgres returns the directory of initdb, or "".
func FindPostgres() string {
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		return filepath.Dir(p)
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return pgMajor(dirs[i]) > pgMajor(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d
		}
	}
	return ""
}

func pgMajor(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

// StartPostgres initialises and starts a throwaway cluster. initdb refuses to
// run as root, so under root the cluster runs as the unprivileged `postgres`
// user (Debian's package creates it). By default the settings trade
// durability for speed, which a cluster deleted at the end of the test does
// not need; settings ("fsync=on") are applied after them, so a benchmark can
// measure PostgreSQL as it runs in earnest.
func StartPostgres(t testing.TB, settings ...string) *PostgresCluster {
	t.Helper()
	binDir := RequirePostgres(t)
	runAs, err := clusterUser()
	if err != nil {
		t.Fatal(err)
	}
	// The socket lives in dir, and socket paths are limited to about 100
	// bytes: a long TMPDIR falls back to /tmp.
	base := os.TempDir()
	if len(base) > 60 {
		base = "/tmp"
	}
	dir, err := os.MkdirTemp(base, "parity-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if runAs != nil {
		uid, _ := strconv.Atoi(runAs.Uid)
		gid, _ := strconv.Atoi(runAs.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	c := &PostgresCluster{Dir: dir, Port: 20000 + os.Getpid()%20000, User: "postgres", binDir: binDir}
	data := filepath.Join(dir, "data")
	if out, err := c.run(runAs, "initdb", "-D", data, "-U", c.User, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"); err != nil {
		// Older images may lack C.UTF-8; fall back to C.
		if out2, err2 := c.run(runAs, "initdb", "-D", data, "-U", c.User, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"); err2 != nil {
			t.Fatalf("initdb: %v\n%s\n%s", err2, out, out2)
		}
	}
	opts := strings.Join([]string{
		"-c listen_addresses=''",
		"-c unix_socket_directories=" + dir,
		"-p " + strconv.Itoa(c.Port),
		"-c fsync=off",
		"-c synchronous_commit=off",
		"-c full_page_writes=off",
		"-c shared_buffers=128MB",
		"-c max_wal_size=2GB",
		"-c maintenance_work_mem=128MB",
	}, " ")
	for _, s := range settings {
		opts += " -c " + s
	}
	if out, err := c.run(runAs, "pg_ctl", "-D", data, "-l", filepath.Join(dir, "server.log"), "-o", opts, "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "server.log"))
		t.Fatalf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	t.Cleanup(func() {
		if out, err := c.run(runAs, "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"); err != nil {
			t.Logf("pg_ctl stop: %v\n%s", err, out)
		}
	})
	return c
}

// URL returns a connection URL for database db over the cluster's socket.
func (c *PostgresCluster) URL(db string) string {
	return fmt.Sprintf("postgres://%s@/%s?host=%s&port=%d&sslmode=disable", c.User, db, c.Dir, c.Port)
}

// Psql runs SQL through psql (on PATH or beside the server programs) against
// database db and returns its standard output; it fails the test on error.
func (c *PostgresCluster) Psql(t testing.TB, db, sql string) string {
	t.Helper()
	psql := filepath.Join(c.binDir, "psql")
	if _, err := os.Stat(psql); err != nil {
		psql = "psql"
	}
	cmd := exec.Command(psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-h", c.Dir, "-p", strconv.Itoa(c.Port), "-U", c.User, "-d", db)
	cmd.Stdin = strings.NewReader(sql)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("psql: %v\n%s", err, stderr.String())
	}
	return stdout.String()
}

// PsqlPath returns the psql program the cluster uses.
func (c *PostgresCluster) PsqlPath() string {
	psql := filepath.Join(c.binDir, "psql")
	if _, err := os.Stat(psql); err == nil {
		return psql
	}
	if p, err := exec.LookPath("psql"); err == nil {
		return p
	}
	return "psql"
}

// run runs a server program, as runAs when it is not nil.
func (c *PostgresCluster) run(runAs *user.User, prog string, args ...string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(c.binDir, prog), args...)
	cmd.Dir = c.Dir
	cmd.Env = append(os.Environ(), "LC_ALL=C", "TZ=UTC")
	if runAs != nil {
		uid, _ := strconv.ParseUint(runAs.Uid, 10, 32)
		gid, _ := strconv.ParseUint(runAs.Gid, 10, 32)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
		cmd.Env = append(cmd.Env, "HOME="+c.Dir, "USER="+runAs.Username)
	}
	done := make(chan struct{})
	var out []byte
	var err error
	go func() { out, err = cmd.CombinedOutput(); close(done) }()
	select {
	case <-done:
		return out, err
	case <-time.After(2 * time.Minute):
		if cmd.Process != nil {
			cmd.Process.Kill()
		}
		<-done
		return out, fmt.Errorf("%s timed out", prog)
	}
}

// clusterUser returns the user the cluster runs as: nil (the current user)
// unless that is root, which initdb refuses.
func clusterUser() (*user.User, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root and no unprivileged `postgres` user to run PostgreSQL as (initdb refuses root): %v", err)
	}
	return u, nil
}
