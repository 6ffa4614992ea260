// Package estate writes a sample estate with a few hundred findings for
// tests and measurements of the reports: a configuration directory per
// environment calling one shared service module, and a `terraform show
// -json` state of each environment as Terraform would write it for that
// configuration. The drift is systematic, as on real estates (a module
// variable set differently, a tag applied by another pipeline), so that
// a handful of attributes account for most findings.
//
// Layout under the directory Write is given:
//
//	modules/service/main.tf   the service module (one per service, for_each)
//	envs/NAME/main.tf         each environment's root module
//	states/NAME.json          each environment's state
package estate

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	tfaddr "github.com/hashicorp/terraform-registry-address"
)

// Environment is one environment of the estate besides production.
type Environment struct {
	// Name is also the word in the environment's resource names and tags.
	Name string
	// Scale is the environment's size relative to production: 0.25, 0.5
	// or 1; sizes follow it except where the drift says otherwise.
	Scale float64
	// Drift plants the estate's drift in this environment; an environment
	// without it is in parity with production.
	Drift bool
}

// Services is the number of services of the full estate. With drift, one
// environment of it has these findings:
//
//	monitoring differs                 72 instances
//	tags.CostCenter differs            72 instances and 24 databases
//	ingress[*].cidr_blocks differs     48 (two rules per security group)
//	threshold differs                  24 alarms
//	instance_type off the ratio        36 instances of 12 services
//	engine_version differs             12 databases
//	instance_class of another family    4 databases
//	only in production                 12 web ACL associations
//
// 304 findings in 216 resources.
const Services = 24

// Findings is the number of findings of one environment with drift in an
// estate of Services services.
const Findings = 304

var services = []string{
	"orders", "payments", "search", "catalog", "checkout", "identity", "billing", "shipping",
	"inventory", "pricing", "reviews", "ratings", "gateway", "notify", "mailer", "ledger",
	"reports", "exports", "imports", "media", "thumbs", "session", "profile", "wishlist",
}

// instanceKeys are the for_each keys of each service's instances.
var instanceKeys = []string{"a", "b", "c"}

// Production sizes and the sizes of each scale.
var (
	instanceSizes = map[float64]string{1: "m5.2xlarge", 0.5: "m5.xlarge", 0.25: "m5.large"}
	dbSizes       = map[float64]string{1: "db.r5.2xlarge", 0.5: "db.r5.xlarge", 0.25: "db.r5.large"}
)

var awsProvider = tfaddr.NewProvider(tfaddr.DefaultProviderRegistryHost, "hashicorp", "aws").String()

// Write writes an estate of n services (at most Services) under dir, for
// production and envs.
func Write(dir string, n int, envs []Environment) error {
	if n < 1 || n > Services {
		return fmt.Errorf("%d services: want 1 to %d", n, Services)
	}
	files := map[string]string{"modules/service/main.tf": serviceModule}
	all := append([]Environment{{Name: "production", Scale: 1}}, envs...)
	for _, env := range all {
		if env.Name == "" || strings.ContainsAny(env.Name, `/\"`) {
			return fmt.Errorf("environment name %q", env.Name)
		}
		if _, ok := instanceSizes[env.Scale]; !ok {
			return fmt.Errorf("environment %s: scale %v: want 0.25, 0.5 or 1", env.Name, env.Scale)
		}
		files["envs/"+env.Name+"/main.tf"] = rootModule(env.Name, n)
		doc, err := json.MarshalIndent(state(env, n), "", " ")
		if err != nil {
			return err
		}
		files["states/"+env.Name+".json"] = string(doc) + "\n"
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// serviceModule is the module every service is an instance of. Line
// numbers matter: findings point at them.
const serviceModule = `variable "name" {
  type = string
}

variable "environment" {
  type = string
}

variable "instance_type" {
  type = string
}

variable "db_class" {
  type = string
}

variable "monitoring" {
  type = bool
}

variable "cost_center" {
  type = string
}

resource "aws_instance" "web" {
  for_each      = toset(["a", "b", "c"])
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = var.instance_type
  monitoring    = var.monitoring
  tags = {
    Name       = "${var.name}-${var.environment}-web-${each.key}"
    CostCenter = var.cost_center
  }
}

resource "aws_db_instance" "main" {
  identifier     = "${var.name}-${var.environment}"
  engine         = "postgres"
  engine_version = "15.4"
  instance_class = var.db_class
  tags = {
    CostCenter = var.cost_center
  }
}

resource "aws_security_group" "web" {
  name = "${var.name}-${var.environment}-web"

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }

  ingress {
    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_name          = "${var.name}-${var.environment}-cpu"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 2
  metric_name         = "CPUUtilization"
  namespace           = "AWS/EC2"
  period              = 300
  statistic           = "Average"
  threshold           = 80
}

resource "aws_sqs_queue" "jobs" {
  name                       = "${var.name}-${var.environment}-jobs"
  visibility_timeout_seconds = 60
}

resource "aws_wafv2_web_acl_association" "web" {
  resource_arn = aws_security_group.web.arn
  web_acl_arn  = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/edge/0"
}
`

func rootModule(env string, n int) string {
	return fmt.Sprintf(`module "svc" {
  for_each    = toset(%s)
  source      = "../../modules/service"
  name        = each.key
  environment = %q
}
`, hclList(services[:n]), env)
}

func hclList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

type resource struct {
	Address         string         `json:"address"`
	Mode            string         `json:"mode"`
	Type            string         `json:"type"`
	Name            string         `json:"name"`
	Index           any            `json:"index,omitempty"`
	ProviderName    string         `json:"provider_name"`
	SchemaVersion   int            `json:"schema_version"`
	Values          map[string]any `json:"values"`
	SensitiveValues map[string]any `json:"sensitive_values"`
}

type module struct {
	Address   string     `json:"address,omitempty"`
	Resources []resource `json:"resources"`
}

func state(env Environment, n int) map[string]any {
	var children []module
	for i, svc := range services[:n] {
		children = append(children, serviceState(env, i, svc))
	}
	return map[string]any{
		"format_version":    "1.0",
		"terraform_version": "1.11.4",
		"values": map[string]any{
			"root_module": map[string]any{"resources": []resource{}, "child_modules": children},
		},
	}
}

func serviceState(env Environment, i int, svc string) module {
	m := module{Address: fmt.Sprintf("module.svc[%q]", svc)}
	drift := env.Drift && env.Name != "production"
	add := func(typ, name string, index any, values map[string]any) {
		addr := m.Address + "." + typ + "." + name
		switch k := index.(type) {
		case string:
			addr += fmt.Sprintf("[%q]", k)
		case int:
			addr += fmt.Sprintf("[%d]", k)
		}
		values["id"] = fmt.Sprintf("%s-%s-%s-%d", typ, env.Name, name, i)
		m.Resources = append(m.Resources, resource{
			Address: addr, Mode: "managed", Type: typ, Name: name, Index: index,
			ProviderName: awsProvider, SchemaVersion: 1, Values: values, SensitiveValues: map[string]any{},
		})
	}
	costCenter := fmt.Sprintf("cc-%04d", 1000+i)
	if drift {
		// Another pipeline tags the environment's resources.
		costCenter = "cc-shared"
	}

	instanceType := instanceSizes[env.Scale]
	if drift && i%2 == 0 {
		// Half the services were sized by hand, at production's size.
		instanceType = instanceSizes[1]
		if env.Scale == 1 {
			instanceType = instanceSizes[0.5]
		}
	}
	for _, k := range instanceKeys {
		add("aws_instance", "web", k, map[string]any{
			"ami":           "ami-0c55b159cbfafe1f0",
			"instance_type": instanceType,
			"monitoring":    !drift, // detailed monitoring is off outside production
			"tags":          map[string]any{"Name": fmt.Sprintf("%s-%s-web-%s", svc, env.Name, k), "CostCenter": costCenter},
			"arn":           fmt.Sprintf("arn:aws:ec2:eu-west-1:123456789012:instance/i-%s%02d%s", env.Name[:1], i, k),
		})
	}

	engineVersion := "15.4"
	if drift && i%2 == 1 {
		engineVersion = "15.2"
	}
	dbClass := dbSizes[env.Scale]
	if drift && i%6 == 5 {
		dbClass = strings.Replace(dbClass, ".r5.", ".m5.", 1)
	}
	add("aws_db_instance", "main", nil, map[string]any{
		"identifier":     svc + "-" + env.Name,
		"engine":         "postgres",
		"engine_version": engineVersion,
		"instance_class": dbClass,
		"tags":           map[string]any{"CostCenter": costCenter},
	})

	cidr := "10.0.0.0/8"
	if drift {
		cidr = "0.0.0.0/0"
	}
	var ingress []any
	for _, port := range []int{443, 8080} {
		ingress = append(ingress, map[string]any{
			"from_port": port, "to_port": port, "protocol": "tcp", "cidr_blocks": []any{cidr},
			"description": "", "ipv6_cidr_blocks": []any{}, "prefix_list_ids": []any{}, "security_groups": []any{}, "self": false,
		})
	}
	add("aws_security_group", "web", nil, map[string]any{"name": svc + "-" + env.Name + "-web", "ingress": ingress})

	threshold := 80
	if drift {
		threshold = 95
	}
	add("aws_cloudwatch_metric_alarm", "cpu", nil, map[string]any{
		"alarm_name": svc + "-" + env.Name + "-cpu", "comparison_operator": "GreaterThanThreshold",
		"evaluation_periods": 2, "metric_name": "CPUUtilization", "namespace": "AWS/EC2", "period": 300,
		"statistic": "Average", "threshold": threshold,
	})
	add("aws_sqs_queue", "jobs", nil, map[string]any{"name": svc + "-" + env.Name + "-jobs", "visibility_timeout_seconds": 60})
	if !drift || i%2 == 1 {
		// Every service has a web ACL; an environment with drift lacks
		// half of them.
		add("aws_wafv2_web_acl_association", "web", nil, map[string]any{
			"web_acl_arn": "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/edge/0",
		})
	}
	return m
}
