// Command istio-validate validates Istio resources the way `istioctl
// validate` does, without a cluster: every document of every file given
// (YAML or JSON, "-" for stdin) must be an Istio configuration resource that
// decodes strictly into its API type and passes Istio's own validation
// (istio.io/istio/pkg/config/validation), warnings included.
//
// It lives in its own module so that the provider's go.mod does not carry
// Istio's dependencies; `tools/ensure-tools.sh istio-validate` builds it into
// ./bin for the shadow route tests.
//
// Exit status: 0 when every document is valid, 1 when one is not, 2 on
// usage or read errors.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	kubeyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"

	"istio.io/istio/pkg/config"
	"istio.io/istio/pkg/config/schema/collections"
)

// topLevelFields are the fields a custom resource may have; istioctl
// validate refuses any other.
var topLevelFields = map[string]bool{"apiVersion": true, "kind": true, "metadata": true, "spec": true, "status": true}

func main() {
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: istio-validate FILE... (- for stdin)")
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	invalid := false
	for _, name := range flag.Args() {
		problems, err := validateFile(name)
		if err != nil {
			fmt.Fprintf(os.Stderr, "istio-validate: %s: %v\n", name, err)
			os.Exit(2)
		}
		for _, p := range problems {
			fmt.Printf("%s: %s\n", name, p)
			invalid = true
		}
	}
	if invalid {
		os.Exit(1)
	}
}

func validateFile(name string) ([]string, error) {
	var r io.Reader = os.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	dec := kubeyaml.NewYAMLOrJSONDecoder(r, 4096)
	var problems []string
	for doc := 1; ; doc++ {
		var obj map[string]any
		if err := dec.Decode(&obj); errors.Is(err, io.EOF) {
			if doc == 1 {
				problems = append(problems, "no document")
			}
			return problems, nil
		} else if err != nil {
			return nil, fmt.Errorf("document %d: %v", doc, err)
		}
		if obj == nil {
			doc--
			continue
		}
		for _, p := range validateDocument(&unstructured.Unstructured{Object: obj}) {
			problems = append(problems, fmt.Sprintf("document %d: %s", doc, p))
		}
	}
}

// validateDocument follows istioctl validate for Istio resources, except
// that a document of any other kind is a problem, not silently accepted.
func validateDocument(un *unstructured.Unstructured) []string {
	gvk := un.GroupVersionKind()
	schema, ok := collections.Pilot.FindByGroupVersionAliasesKind(config.GroupVersionKind{Group: gvk.Group, Version: gvk.Version, Kind: gvk.Kind})
	if !ok {
		return []string{fmt.Sprintf("%s %s is not an Istio configuration resource", un.GetAPIVersion(), un.GetKind())}
	}
	var problems []string
	for key := range un.Object {
		if !topLevelFields[key] {
			problems = append(problems, fmt.Sprintf("unknown field %q", key))
		}
	}
	spec, err := schema.NewInstance()
	if err != nil {
		return append(problems, err.Error())
	}
	raw, err := yaml.Marshal(un.Object["spec"])
	if err != nil {
		return append(problems, err.Error())
	}
	js, err := yaml.YAMLToJSON(raw)
	if err != nil {
		return append(problems, err.Error())
	}
	if err := config.ApplyJSONStrict(spec, string(js)); err != nil {
		return append(problems, fmt.Sprintf("spec does not decode as %s: %v", schema.Kind(), err))
	}
	namespace := un.GetNamespace()
	if namespace == "" {
		// As istioctl validate does without --namespace.
		namespace = "default"
	}
	warnings, err := schema.ValidateConfig(config.Config{
		Meta: config.Meta{
			GroupVersionKind: schema.GroupVersionKind(),
			Name:             un.GetName(),
			Namespace:        namespace,
			Labels:           un.GetLabels(),
			Annotations:      un.GetAnnotations(),
		},
		Spec: spec,
	})
	if err != nil {
		problems = append(problems, "invalid: "+err.Error())
	}
	if warnings != nil {
		problems = append(problems, "warning: "+warnings.Error())
	}
	return problems
}
