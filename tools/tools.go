//go:build tools

// Package tools pins generate-time tool dependencies in go.mod.
package tools

import (
	// Documentation generation.
	_ "github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs"
)
