package datagen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
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
// through a few buffers, so memory stays flat whatever the row count.
// stepDone, when not nil, is called after each statement with its duration.
func (p *Plan) Load(ctx context.Context, conn *pgx.Conn, stepDone func(Statement, time.Duration)) (*LoadResult, error) {
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
				msg := pgErrorText(err)
				var pgErr *pgconn.PgError
				if errors.As(err, &pgErr) && pgErr.Code == "23514" {
					// The table existed with the check: PostgreSQL applies
					// a check, even one NOT VALID, to every row COPY writes.
					msg += fmt.Sprintf("; the existing table's check constraint %s rejects a synthetic value: keep the values of the columns it checks (keep_values in the rules file's data block) or drop the constraint in staging", pgErr.ConstraintName)
				}
				return nil, fmt.Errorf("%s: %s", s.What, msg)
			}
			d := time.Since(stepStart)
			res.Tables = append(res.Tables, TableLoad{Table: s.Copy.Table.QualifiedName(), Rows: n, Time: d})
			res.Rows += n
			res.CopyTime += d
		}
		if stepDone != nil {
			stepDone(s, time.Since(stepStart))
		}
	}
	if _, err := conn.Exec(ctx, "COMMIT"); err != nil {
		return nil, fmt.Errorf("committing: %s", pgErrorText(err))
	}
	committed = true
	res.Total = time.Since(start)
	return res, nil
}

// copyRows streams one table's rows into COPY FROM STDIN, in binary when
// every column allows it.
func copyRows(ctx context.Context, conn *pgx.Conn, s Statement) (int64, error) {
	bin := s.Copy.Binary()
	stream := newChunkStream()
	go func() {
		stream.closeWrite(s.Copy.writeRows(stream, bin))
	}()
	tag, err := conn.PgConn().CopyFrom(ctx, stream, s.Copy.copyCommand(bin))
	// Unblock the generator if COPY stopped early.
	stream.closeRead()
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

// chunkStream hands the generator's chunks to COPY through a few buffers,
// so that the next chunk is made while the last one is sent: an io.Pipe
// would hold the generator until each write had been read.
type chunkStream struct {
	full, free chan []byte
	stop       chan struct{}
	stopOnce   sync.Once
	cur, taken []byte
	err        error // set before full is closed
}

func newChunkStream() *chunkStream {
	s := &chunkStream{full: make(chan []byte, 4), free: make(chan []byte, 4), stop: make(chan struct{})}
	for i := 0; i < 4; i++ {
		s.free <- make([]byte, 0, 128<<10)
	}
	return s
}

// Write copies p into a free buffer and queues it.
func (s *chunkStream) Write(p []byte) (int, error) {
	var b []byte
	select {
	case b = <-s.free:
	case <-s.stop:
		return 0, errors.New("copy ended")
	}
	b = append(b[:0], p...)
	select {
	case s.full <- b:
		return len(p), nil
	case <-s.stop:
		return 0, errors.New("copy ended")
	}
}

// closeWrite ends the stream with the generator's error, if any.
func (s *chunkStream) closeWrite(err error) {
	s.err = err
	close(s.full)
}

// closeRead tells the generator that nobody reads any more.
func (s *chunkStream) closeRead() { s.stopOnce.Do(func() { close(s.stop) }) }

func (s *chunkStream) Read(p []byte) (int, error) {
	for len(s.cur) == 0 {
		if s.taken != nil {
			s.free <- s.taken
			s.taken = nil
		}
		b, ok := <-s.full
		if !ok {
			if s.err != nil {
				return 0, s.err
			}
			return 0, io.EOF
		}
		s.cur, s.taken = b, b
	}
	n := copy(p, s.cur)
	s.cur = s.cur[n:]
	return n, nil
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
