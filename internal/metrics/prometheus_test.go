package metrics

import (
	"context"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The bearer token the tests plant; no error may contain it.
const plantedToken = "tok-Zq81-never-print-me"

// fakeAPI answers query_range as Prometheus does, after checking what the
// client sent.
func fakeAPI(t *testing.T, status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/prefix/api/v1/query_range" || r.Method != http.MethodPost {
			http.Error(w, "wrong endpoint "+r.Method+" "+r.URL.Path, http.StatusNotFound)
			return
		}
		if err := r.ParseForm(); err != nil {
			t.Error(err)
		}
		for _, k := range []string{"query", "start", "end", "step"} {
			if r.Form.Get(k) == "" {
				t.Errorf("query_range without %s", k)
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write([]byte(body))
	}
}

const matrixAnswer = `{"status":"success","data":{"resultType":"matrix","result":[
 {"metric":{"endpoint":"/pay"},"values":[[1700000000,"1.5"],[1700000060,"NaN"],[1700000120,"+Inf"]]}]}}`

func TestQueryRange(t *testing.T) {
	t.Parallel()
	var gotAuth, gotTenant string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAuth, gotTenant = r.Header.Get("Authorization"), r.Header.Get("X-Scope-OrgID")
		fakeAPI(t, http.StatusOK, matrixAnswer)(w, r)
	}))
	defer srv.Close()
	headers, err := ParseHeaders("X-Scope-OrgID: shop\n\n", "PARITY_STAGING_HEADERS")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Side: "staging", URL: srv.URL + "/prefix", BearerToken: plantedToken, Headers: headers}
	series, err := s.QueryRange(context.Background(), "up", time.Unix(1700000000, 0), time.Unix(1700000120, 0), time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if gotAuth != "Bearer "+plantedToken || gotTenant != "shop" {
		t.Errorf("sent Authorization %q and X-Scope-OrgID %q", gotAuth, gotTenant)
	}
	if len(series) != 1 || series[0].Labels["endpoint"] != "/pay" || len(series[0].Samples) != 3 {
		t.Fatalf("got %+v", series)
	}
	v := series[0].Samples
	if v[0].V != 1.5 || !math.IsNaN(v[1].V) || !math.IsInf(v[2].V, 1) || v[1].T != 1700000060 {
		t.Errorf("samples %+v", v)
	}
}

func TestQueryRangeErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		status int
		body   string
		url    string
		want   string
	}{
		{"query refused", http.StatusBadRequest, `{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": parse error"}`, "",
			`query failed (bad_data): invalid parameter "query": parse error (query: up)`},
		{"unauthorised", http.StatusUnauthorized, "Unauthorized", "",
			"HTTP 401 Unauthorized: check the bearer token or headers (PARITY_STAGING_BEARER_TOKEN, PARITY_STAGING_HEADERS)"},
		{"not Prometheus", http.StatusOK, "<html>login</html>", "", "HTTP 200 OK: not a Prometheus API answer"},
		{"not a matrix", http.StatusOK, `{"status":"success","data":{"resultType":"vector","result":[]}}`, "", "want a matrix, got a vector"},
		{"bad sample", http.StatusOK, `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"x"]]}]}}`, "", `malformed sample value "x"`},
		{"not a URL", 0, "", "prometheus:9090", "not an http:// or https:// URL"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(fakeAPI(t, tc.status, tc.body))
			defer srv.Close()
			url := srv.URL + "/prefix"
			if tc.url != "" {
				url = tc.url
			}
			s := &Server{Side: "staging", URL: url, BearerToken: plantedToken}
			_, err := s.QueryRange(context.Background(), "up", time.Unix(0, 0), time.Unix(60, 0), time.Minute)
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("want a QueryError, got %v", err)
			}
			if !strings.HasPrefix(err.Error(), "staging Prometheus ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q\nwant it to name staging and contain %q", err, tc.want)
			}
			if strings.Contains(err.Error(), plantedToken) {
				t.Errorf("error prints the token: %v", err)
			}
		})
	}
}

func TestQueryRangeTimeout(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer srv.Close()
	defer close(release)
	s := &Server{Side: "production", URL: srv.URL, Timeout: 100 * time.Millisecond}
	_, err := s.QueryRange(context.Background(), "up", time.Unix(0, 0), time.Unix(60, 0), time.Minute)
	if err == nil || !strings.Contains(err.Error(), "no answer within 100ms") {
		t.Errorf("got %v, want a timeout naming 100ms", err)
	}
}

func TestQueryRangeTLS(t *testing.T) {
	t.Parallel()
	srv := httptest.NewUnstartedServer(fakeAPI(t, http.StatusOK, matrixAnswer))
	// The rejected handshake is the point of the first query; keep it out
	// of the test log.
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	defer srv.Close()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	query := func(o TLSOptions) error {
		client, err := HTTPClient(o)
		if err != nil {
			return err
		}
		s := &Server{Side: "production", URL: srv.URL + "/prefix", Client: client}
		_, err = s.QueryRange(context.Background(), "up", time.Unix(0, 0), time.Unix(60, 0), time.Minute)
		return err
	}
	if err := query(TLSOptions{}); err == nil || !strings.Contains(err.Error(), "TLS certificate not trusted") {
		t.Errorf("without the CA: got %v, want an untrusted certificate", err)
	}
	if err := query(TLSOptions{CAFile: ca}); err != nil {
		t.Errorf("with --ca-file: %v", err)
	}
	if err := query(TLSOptions{InsecureSkipVerify: true}); err != nil {
		t.Errorf("with --insecure-skip-verify: %v", err)
	}
	if _, err := HTTPClient(TLSOptions{CAFile: filepath.Join(t.TempDir(), "none.pem")}); err == nil || !strings.Contains(err.Error(), "none.pem: cannot read CA file") {
		t.Errorf("missing CA file: got %v", err)
	}
}

func TestParseHeadersRejects(t *testing.T) {
	t.Parallel()
	_, err := ParseHeaders("X-Ok: 1\nno colon here", "PARITY_PRODUCTION_HEADERS")
	if err == nil || err.Error() != `PARITY_PRODUCTION_HEADERS line 2: want "Name: value"` {
		t.Errorf("got %v", err)
	}
}

func TestRedactURL(t *testing.T) {
	t.Parallel()
	if got := RedactURL("https://reader:s3cr3t-pw@prom.example.com/x"); strings.Contains(got, "s3cr3t-pw") {
		t.Errorf("RedactURL kept the password: %s", got)
	}
}
