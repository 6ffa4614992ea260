package tfinput

import (
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
)

func testTerraform(t *testing.T, dir, bin string) *tfexec.Terraform {
	t.Helper()
	tf, err := tfexec.NewTerraform(dir, bin)
	if err != nil {
		t.Fatal(err)
	}
	return tf
}
