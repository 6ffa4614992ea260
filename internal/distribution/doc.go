// Package distribution holds no code: its tests check what carries parity
// to its users, the way the programs that read them do. The goreleaser
// configuration against Go's list of targets and the names the Action
// downloads; the release and test workflows; the GitHub Action's scripts,
// run by bash with fake gh and curl on PATH and the real parity; the
// pre-commit hooks; the release notes cut from CHANGELOG.md; shellcheck on
// every script.
package distribution
