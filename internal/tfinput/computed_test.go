package tfinput

import (
	"testing"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// Unknown attributes of a plan that the configuration does not set, or sets
// only from other resources' identities, are computed by the provider: they
// are marked so, and the engine treats them as identity.
func TestPlanUnknownsComputedByTheProvider(t *testing.T) {
	t.Parallel()
	doc := `{
  "format_version": "1.2",
  "planned_values": {"root_module": {"child_modules": [{"address": "module.app", "resources": [
    {"address": "module.app.aws_sns_topic_subscription.s[0]", "mode": "managed", "type": "aws_sns_topic_subscription", "name": "s", "index": 0,
     "values": {"protocol": "sqs"}}
  ]}]}},
  "resource_changes": [
    {"address": "module.app.aws_sns_topic_subscription.s[0]", "change": {"actions": ["create"],
      "after_unknown": {"arn": true, "owner_id": true, "endpoint": true, "filter_policy": true, "topic_arn": true, "delivery_policy": true}}}
  ],
  "configuration": {"root_module": {"module_calls": {"app": {"module": {"resources": [
    {"address": "aws_sns_topic_subscription.s", "expressions": {
      "protocol": {"constant_value": "sqs"},
      "endpoint": {"references": ["aws_sqs_queue.q.arn", "aws_sqs_queue.q"]},
      "filter_policy": {"references": ["local.filter"]},
      "topic_arn": {"references": ["aws_sns_topic.t.arn", "aws_sns_topic.t"]},
      "delivery_policy": {"references": ["aws_sns_topic.t.name", "aws_sns_topic.t"]}
    }}
  ]}}}}}
}`
	v, err := DecodeJSON([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	rs, ok, err := FromDocument(v)
	if err != nil || !ok || len(rs) != 1 {
		t.Fatalf("FromDocument: %v %v %d", ok, err, len(rs))
	}
	for attr, computed := range map[string]bool{
		"arn":             true,  // not in the configuration
		"owner_id":        true,  // not in the configuration
		"endpoint":        true,  // another resource's ARN
		"topic_arn":       true,  // another resource's ARN
		"filter_policy":   false, // a local: configuration known only at apply
		"delivery_policy": true,  // another resource's attribute, computed at apply
	} {
		got, _ := rs[0].Values.Get(attr)
		if got.Kind() != parity.KindUnknown {
			t.Errorf("%s: want unknown, got %s", attr, got.Kind())
			continue
		}
		if got.IsComputed() != computed {
			t.Errorf("%s: computed = %v, want %v", attr, got.IsComputed(), computed)
		}
	}
	if got := configAddress(`module.a[0].module.b["x"].aws_x.y["k.[1]"]`); got != "module.a.module.b.aws_x.y" {
		t.Errorf("configAddress = %q", got)
	}
}
