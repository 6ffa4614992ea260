package datagen

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
)

// Preview is what a plan shows before anything is loaded: the script
// without its rows, the row counts and the planner settings.
type Preview struct {
	// SQL is the script with each COPY's rows replaced by a comment that
	// counts them (WriteScript without Rows).
	SQL string
	// Rows are the staging row counts by schema.table; TotalRows their sum.
	Rows      map[string]int64
	TotalRows int64
	// Settings are the planner settings staging should run with.
	Settings map[string]string
	// Warnings name what generation only approximates.
	Warnings []string
	// Hash is the SHA-256 of SQL, in hex.
	Hash string
}

// NewPreview plans generation and renders its preview.
func NewPreview(plan *Plan, generator string) (*Preview, error) {
	var buf bytes.Buffer
	if err := plan.WriteScript(&buf, ScriptOptions{Generator: generator}); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(buf.Bytes())
	p := &Preview{
		SQL:       buf.String(),
		Rows:      map[string]int64{},
		TotalRows: plan.TotalRows(),
		Settings:  map[string]string{},
		Warnings:  plan.Warnings,
		Hash:      hex.EncodeToString(sum[:]),
	}
	for _, r := range plan.Summary() {
		p.Rows[r.Table] = r.Staging
	}
	for _, s := range plan.Settings() {
		p.Settings[s.Name] = s.Value
	}
	return p, nil
}
