package provider

import (
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	tfaddr "github.com/hashicorp/terraform-registry-address"

	"github.com/envparity/terraform-provider-parity/internal/testutil"
)

// testAccProtoV6ProviderFactories starts the provider in-process for
// acceptance tests run through real Terraform by resource.UnitTest.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"parity": NewServerWithError("test"),
}

// TestMain points terraform-plugin-testing at a local Terraform so that it
// never tries to download one. Started by Terraform with serveProviderEnv
// set (see terraformCLI), the test binary is the provider itself.
func TestMain(m *testing.M) {
	if os.Getenv(serveProviderEnv) == "1" {
		if err := tf6server.Serve(tfaddr.NewProvider(tfaddr.DefaultProviderRegistryHost, "envparity", "parity").String(), NewServer("test")); err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		if p := testutil.FindBinary("terraform"); p != "" {
			os.Setenv("TF_ACC_TERRAFORM_PATH", p)
		}
	}
	os.Exit(m.Run())
}

// requireTerraform fails under CI and skips elsewhere when no Terraform is
// found; acceptance tests call it first.
func requireTerraform(t *testing.T) {
	t.Helper()
	testutil.RequireBinary(t, "TF_ACC_TERRAFORM_PATH", "terraform")
}
