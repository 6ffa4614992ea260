// Command terraform-provider-parity serves the parity Terraform provider when
// Terraform starts it, and is the parity checker CLI when given a subcommand.
package main

import (
	"context"
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	tfaddr "github.com/hashicorp/terraform-registry-address"

	"github.com/envparity/terraform-provider-parity/internal/cli"
	"github.com/envparity/terraform-provider-parity/internal/provider"
)

// providerAddress is the provider's source address on Terraform's default
// host, the one `source = "envparity/parity"` resolves to.
var providerAddress = tfaddr.NewProvider(tfaddr.DefaultProviderRegistryHost, "envparity", "parity").String()

// version is set by goreleaser with -X main.version=….
var version = "dev"

func main() {
	// A first argument that names a CLI subcommand runs the checker; anything
	// else (Terraform passes no arguments, or -debug) serves the provider.
	if len(os.Args) > 1 && cli.IsCommand(os.Args[1]) {
		os.Exit(cli.Main(context.Background(), os.Args[1:], version, os.Stdin, os.Stdout, os.Stderr))
	}
	if cli.IsBinaryNamedParity(os.Args[0]) {
		os.Exit(cli.Main(context.Background(), os.Args[1:], version, os.Stdin, os.Stdout, os.Stderr))
	}

	var debug bool
	flag.BoolVar(&debug, "debug", false, "set to true to run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: providerAddress,
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
