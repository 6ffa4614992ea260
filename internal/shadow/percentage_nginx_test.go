package shadow

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/envparity/terraform-provider-parity/internal/testutil"
)

// TestPercentageBounds: what CheckPercentage accepts and refuses, at and
// around the boundaries.
func TestPercentageBounds(t *testing.T) {
	t.Parallel()
	for _, p := range []float64{0.01, 0.02, 0.5, 12.34, 99.99, 100} {
		if err := CheckPercentage(p); err != nil {
			t.Errorf("CheckPercentage(%v) = %v, want accepted", p, err)
		}
	}
	for _, p := range []float64{0, -1, 1e-10, 0.001, 0.005, 0.0099, 12.345, 100.01, 1e308, math.NaN(), math.Inf(1)} {
		if err := CheckPercentage(p); err == nil {
			t.Errorf("CheckPercentage(%v) accepted", p)
		}
	}
}

// TestEveryAcceptedPercentageRendersSplitClients checks, for each of the
// 10,000 percentages the resource accepts, that the rendered split_clients
// entry has the form nginx reads and the value accepted.
func TestEveryAcceptedPercentageRendersSplitClients(t *testing.T) {
	t.Parallel()
	form := regexp.MustCompile(`^([0-9]{1,3})\.([0-9]{2})%$`)
	for h := 1; h <= 10000; h++ {
		p := float64(h) / 100
		if err := CheckPercentage(p); err != nil {
			t.Fatalf("CheckPercentage(%v) = %v", p, err)
		}
		c, err := Compile(Route{ProductionUpstreams: []string{"10.0.0.1"}, StagingUpstreams: []string{"10.0.1.1"}, Percentage: p})
		if err != nil {
			t.Fatal(err)
		}
		got := nginxView{c}.SplitPercentage()
		m := form.FindStringSubmatch(got)
		if m == nil {
			t.Fatalf("percentage %v renders %q", p, got)
		}
		whole, _ := strconv.Atoi(m[1])
		frac, _ := strconv.Atoi(m[2])
		if whole*100+frac != h {
			t.Fatalf("percentage %v renders %q", p, got)
		}
	}
}

// TestNginxAcceptsBoundaryPercentages renders the boundary percentages and
// runs real `nginx -t` on each.
func TestNginxAcceptsBoundaryPercentages(t *testing.T) {
	nginx := testutil.RequireBinary(t, "PARITY_NGINX", "nginx", "/usr/sbin/nginx")
	for _, p := range []float64{0.01, 0.1, 50, 99.99, 100} {
		t.Run(fmt.Sprint(p), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			c, err := Compile(Route{
				ProductionUpstreams: []string{"10.0.0.1:8080"}, StagingUpstreams: []string{"10.0.1.1:8080"},
				Percentage: p, Listen: 8080, RelayListen: "127.0.0.1:8481",
			})
			if err != nil {
				t.Fatal(err)
			}
			snippet := filepath.Join(dir, "parity.conf")
			if err := os.WriteFile(snippet, []byte(c.Nginx()), 0o644); err != nil {
				t.Fatal(err)
			}
			conf := filepath.Join(dir, "nginx.conf")
			if err := os.WriteFile(conf, []byte(fmt.Sprintf(`pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events {}
http {
    access_log off;
    client_body_temp_path %[1]s/client_body;
    proxy_temp_path %[1]s/proxy;
    fastcgi_temp_path %[1]s/fastcgi;
    uwsgi_temp_path %[1]s/uwsgi;
    scgi_temp_path %[1]s/scgi;
    include %[2]s;
}
`, dir, snippet)), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(nginx, "-t", "-q", "-e", filepath.Join(dir, "error.log"), "-p", dir, "-c", conf).CombinedOutput()
			if err != nil {
				t.Fatalf("nginx -t refuses percentage %v: %v\n%s", p, err, out)
			}
		})
	}
}

// TestNginxRefusesZeroPercent documents why the minimum is 0.01: the
// rendering of anything smaller, 0.00%, is what nginx refuses.
func TestNginxRefusesZeroPercent(t *testing.T) {
	nginx := testutil.RequireBinary(t, "PARITY_NGINX", "nginx", "/usr/sbin/nginx")
	dir := t.TempDir()
	conf := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(conf, []byte(fmt.Sprintf(`pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events {}
http {
    access_log off;
    split_clients "$request_id" $sampled {
        0.00%% 1;
        * 0;
    }
}
`, dir)), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(nginx, "-t", "-q", "-e", filepath.Join(dir, "error.log"), "-p", dir, "-c", conf).CombinedOutput(); err == nil {
		t.Errorf("nginx -t accepts split_clients 0.00%%; the minimum of 0.01 may be relaxed:\n%s", out)
	}
}
