package datagen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// LoadResult says what a load did and how long it took.
type LoadResult struct {
	Tables []TableLoad
	// Rows is the number of rows loaded; CopyTime the time spent in COPY;
	// Total the whole run, constraints, indexes and ANALYZE included.
	Rows     int64
	CopyTime time.Duration
	Total    time.Duration
}

// TableLoad is one table's COPY.
type TableLoad struct {
	Table string
	Rows  int64
	Time  time.Duration
}

// Load runs the plan against the database of conn in one transaction:
// nothing is left half-loaded. Rows stream from the generator into COPY
// through a pipe, so memory stays flat whatever the row count. progress,
// when not nil, gets a line per step.
func (p *Plan) Load(ctx context.Context, conn *pgx.Conn, progress io.Writer) (*LoadResult, error) {
	stmts, err := p.Statements()
	if err != nil {
		return nil, err
	}
	res := &LoadResult{}
	start := time.Now()
	if _, err := conn.Exec(ctx, "BEGIN"); err != nil {
		return nil, fmt.Errorf("starting the transaction: %w", err)
	}
	committed := false
	defer func() {
		if !committed {
			// A fresh context: the caller's may be what was cancelled.
			rctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			conn.Exec(rctx, "ROLLBACK")
		}
	}()
	for _, s := range stmts {
		stepStart := time.Now()
		if s.Copy == nil {
			if _, err := conn.Exec(ctx, s.SQL); err != nil {
				return nil, fmt.Errorf("%s: %s", s.What, pgErrorText(err))
			}
		} else {
			n, err := copyRows(ctx, conn, s)
			if err != nil {
				return nil, fmt.Errorf("%s: %s", s.What, pgErrorText(err))
			}
			d := time.Since(stepStart)
			res.Tables = append(res.Tables, TableLoad{Table: s.Copy.Table.QualifiedName(), Rows: n, Time: d})
			res.Rows += n
			res.CopyTime += d
		}
		if progress != nil && (s.Copy != nil || time.Since(stepStart) > 500*time.Millisecond) {
			fmt.Fprintf(progress, "parity: %s (%s)\n", s.What, time.Since(stepStart).Round(time.Millisecond))
		}
	}
	if _, err := conn.Exec(ctx, "COMMIT"); err != nil {
		return nil, fmt.Errorf("committing: %s", pgErrorText(err))
	}
	committed = true
	res.Total = time.Since(start)
	return res, nil
}

// copyRows streams one table's rows into COPY FROM STDIN.
func copyRows(ctx context.Context, conn *pgx.Conn, s Statement) (int64, error) {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(s.Copy.WriteRows(pw))
	}()
	tag, err := conn.PgConn().CopyFrom(ctx, pr, s.SQL)
	// Unblock the writer if COPY stopped early.
	pr.CloseWithError(errors.New("copy ended"))
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

// pgErrorText prefers the server's message, detail and hint.
func pgErrorText(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		msg := pgErr.Message
		if pgErr.Detail != "" {
			msg += " (" + pgErr.Detail + ")"
		}
		if pgErr.Hint != "" {
			msg += "; " + pgErr.Hint
		}
		return msg
	}
	return err.Error()
}
