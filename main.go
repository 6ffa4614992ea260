// Command terraform-provider-parity serves the parity Terraform provider when
// Terraform starts it, and is the parity checker CLI when given a subcommand.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
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
	if !debug {
		quietLogsUnlessAsked()
	}

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	err := tf6server.Serve(providerAddress, provider.NewServer(version), opts...)
	if err != nil {
		log.Fatal(err.Error())
	}
}

// quietLogsUnlessAsked switches the plugin SDK's logging off when nobody
// asked for logs. Terraform discards provider logs unless TF_LOG or
// TF_LOG_PROVIDER is set, yet the plugin libraries format every request's
// trace lines as JSON by default: about a third of the time a parity_check
// added to `terraform plan`. Any logging variable set keeps the defaults.
func quietLogsUnlessAsked() {
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "TF_LOG") || strings.HasPrefix(kv, "TF_ACC_LOG") {
			return
		}
	}
	for _, name := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
		os.Setenv(name, "off")
	}
}
