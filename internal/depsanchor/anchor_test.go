// Package depsanchor keeps go.mod stable while packages are being written in
// parallel. Removed once every dependency has a real importer.
package depsanchor

import (
	_ "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	_ "github.com/google/go-cmp/cmp"
	_ "github.com/hashicorp/hcl/v2/hclsyntax"
	_ "github.com/hashicorp/terraform-exec/tfexec"
	_ "github.com/hashicorp/terraform-json"
	_ "github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	_ "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	_ "github.com/santhosh-tekuri/jsonschema/v6"
	_ "github.com/zclconf/go-cty/cty"
	_ "istio.io/api/networking/v1"
	_ "sigs.k8s.io/yaml"
)
