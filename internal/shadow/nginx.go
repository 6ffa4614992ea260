package shadow

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"text/template"
	"time"
)

//go:embed nginx.conf.tmpl
var nginxTemplateText string

var nginxTemplate = template.Must(template.New("nginx").Funcs(template.FuncMap{
	"nginxDuration": nginxDuration,
}).Parse(nginxTemplateText))

// NginxIncludePath is where the documentation suggests saving the nginx
// snippet; the include line in its header names it.
func (c *Config) NginxIncludePath() string {
	return "/etc/nginx/conf.d/parity-" + c.Name + ".conf"
}

// Nginx renders a snippet for the nginx http context: the upstreams, the
// sampling split_clients and map, and a server that proxies to production
// and mirrors sampled requests to staging with the native mirror module
// (no Lua), through a relay so that clients never wait for staging: the
// relay process, or with RelayNginx a second server of the snippet.
func (c *Config) Nginx() string {
	var b bytes.Buffer
	if err := nginxTemplate.Execute(&b, nginxView{c}); err != nil {
		panic(err) // The template and its data are fixed at compile time.
	}
	return b.String()
}

// nginxView adds the nginx spelling of a Config's parts for the template.
type nginxView struct{ *Config }

// Ident is the prefix of every nginx identifier (upstreams, variables,
// the mirror location) of this route.
func (v nginxView) Ident() string {
	return "parity_" + strings.ReplaceAll(v.Name, "-", "_")
}

// SampleKey is the split_clients key: a random id per request, the client
// address, or the header's value.
func (v nginxView) SampleKey() string {
	switch v.Sampling.Kind {
	case SampleClient:
		return "${remote_addr}"
	case SampleHeader:
		return "${" + v.headerVariable() + "}"
	default:
		return "${request_id}"
	}
}

func (v nginxView) headerVariable() string {
	return "http_" + strings.ReplaceAll(strings.ToLower(v.Sampling.Header), "-", "_")
}

// DecisionSource and DecisionPattern make the map that combines sampling and
// method: "1:GET" mirrors GET when sampled. Requests without the sampling
// header are never mirrored, or they would all share one fate.
func (v nginxView) DecisionSource() string {
	s := "$" + v.Ident() + "_sampled:$request_method"
	if v.Sampling.Kind == SampleHeader {
		s += ":$" + v.headerVariable()
	}
	return s
}

func (v nginxView) DecisionPattern() string {
	p := "~^1:(" + strings.Join(v.Methods, "|") + ")"
	if v.Sampling.Kind == SampleHeader {
		return p + ":."
	}
	return p + "$"
}

// SplitPercentage is the percentage as split_clients reads it.
func (v nginxView) SplitPercentage() string {
	return fmt.Sprintf("%d.%02d%%", v.Hundredths/100, v.Hundredths%100)
}

// NginxRelay says whether the relay is a server of the snippet rather than
// the relay process.
func (v nginxView) NginxRelay() bool { return v.Relay == RelayNginx }

// RelayHandoffTimeout bounds the mirror's first hop, to the relay: the longest
// a keep-alive client connection waits after a mirrored request.
const RelayHandoffTimeout = 50 * time.Millisecond

// RelayHandoffTimeout is RelayHandoffTimeout in nginx's spelling.
func (nginxView) RelayHandoffTimeout() string { return nginxDuration(RelayHandoffTimeout) }

// CatchAll says whether the server needs a location / that proxies
// unmirrored paths to production.
func (v nginxView) CatchAll() bool {
	for _, p := range v.Paths {
		if p == "/" {
			return false
		}
	}
	return true
}

func nginxDuration(d time.Duration) string {
	if d%time.Second == 0 {
		return fmt.Sprintf("%ds", d/time.Second)
	}
	return fmt.Sprintf("%dms", d/time.Millisecond)
}
