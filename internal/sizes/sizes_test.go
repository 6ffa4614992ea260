package sizes_test

import (
	"errors"
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/envparity/terraform-provider-parity/internal/sizes"
)

// scaleCase is one Scale call and its complete result.
type scaleCase struct {
	name       string
	production string
	ratio      string // decimal text
	rounding   sizes.Rounding
	minimum    string
	want       sizes.Result
}

func runScaleCases(t *testing.T, cases []scaleCase) {
	t.Helper()
	for _, tc := range cases {
		name := tc.name
		if name == "" {
			name = tc.production + "×" + tc.ratio + "/" + string(tc.rounding)
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := sizes.Scale(tc.production, rat(t, tc.ratio), tc.rounding, tc.minimum)
			if err != nil {
				t.Fatalf("Scale(%q, %s) error: %v", tc.production, tc.ratio, err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Scale(%q, %s, %q, %q) mismatch (-want +got):\n%s", tc.production, tc.ratio, tc.rounding, tc.minimum, diff)
			}
		})
	}
}

func rat(t testing.TB, s string) *big.Rat {
	t.Helper()
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		t.Fatalf("bad ratio %q in test", s)
	}
	return r
}

func TestCheck(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name                string
		staging, production string
		ratio               string
		rounding            sizes.Rounding
		minimum             string
		wantOK              bool
		wantFamilyErr       bool
	}{
		{name: "aws exact", staging: "t3.large", production: "t3.xlarge", ratio: "0.5", wantOK: true},
		{name: "aws too big", staging: "t3.xlarge", production: "t3.xlarge", ratio: "0.5"},
		{name: "aws case-insensitive", staging: "T3.Large", production: "t3.xlarge", ratio: "0.5", wantOK: true},
		{name: "aws either lower neighbour", staging: "m5.xlarge", production: "m5.3xlarge", ratio: "0.5", wantOK: true},
		{name: "aws either upper neighbour", staging: "m5.2xlarge", production: "m5.3xlarge", ratio: "0.5", wantOK: true},
		{name: "aws down rejects upper", staging: "m5.2xlarge", production: "m5.3xlarge", ratio: "0.5", rounding: sizes.RoundDown},
		{name: "aws family", staging: "m5.large", production: "t3.large", ratio: "0.5", wantFamilyErr: true},
		{name: "aws prefix", staging: "cache.r6g.large", production: "db.r6g.xlarge", ratio: "0.5", wantFamilyErr: true},
		{name: "sagemaker exact", staging: "ml.g5.xlarge", production: "ml.g5.2xlarge", ratio: "0.5", wantOK: true},
		{name: "sagemaker gpu generation", staging: "ml.g4dn.xlarge", production: "ml.g5.2xlarge", ratio: "0.5", wantFamilyErr: true},
		{name: "sagemaker vs ec2", staging: "g5.xlarge", production: "ml.g5.2xlarge", ratio: "0.5", wantFamilyErr: true},
		{name: "amazon mq broker", staging: "mq.m5.large", production: "mq.m5.xlarge", ratio: "0.5", wantOK: true},
		{name: "dax node", staging: "dax.r5.large", production: "dax.r5.xlarge", ratio: "0.5", wantOK: true},
		{name: "dax vs elasticache", staging: "cache.r5.large", production: "dax.r5.xlarge", ratio: "0.5", wantFamilyErr: true},
		{name: "aws minimum", staging: "t3.medium", production: "t3.large", ratio: "0.25", minimum: "t3.medium", wantOK: true},
		{name: "aws below minimum", staging: "t3.small", production: "t3.large", ratio: "0.25", minimum: "t3.medium"},
		{name: "gcp exact", staging: "e2-standard-2", production: "e2-standard-8", ratio: "0.25", wantOK: true},
		{name: "gcp shared core", staging: "e2-medium", production: "e2-standard-2", ratio: "0.5", wantOK: true},
		{name: "gcp series", staging: "n2-standard-2", production: "e2-standard-4", ratio: "0.5", wantFamilyErr: true},
		{name: "gcp type", staging: "e2-highmem-2", production: "e2-standard-4", ratio: "0.5", wantFamilyErr: true},
		{name: "gcp feature suffix", staging: "c3-standard-4", production: "c3-standard-8-lssd", ratio: "0.5", wantFamilyErr: true},
		{name: "gcp custom", staging: "custom-4-16384", production: "custom-8-32768", ratio: "0.5", wantOK: true},
		{name: "gcp custom vs predefined", staging: "n1-standard-4", production: "custom-8-32768", ratio: "0.5", wantFamilyErr: true},
		{name: "azure exact", staging: "Standard_D4s_v5", production: "Standard_D8s_v5", ratio: "0.5", wantOK: true},
		{name: "azure any casing", staging: "standard_d4S_V5", production: "Standard_D8s_v5", ratio: "0.5", wantOK: true},
		{name: "azure features", staging: "Standard_D4ds_v5", production: "Standard_D8s_v5", ratio: "0.5", wantFamilyErr: true},
		{name: "azure version", staging: "Standard_D4s_v4", production: "Standard_D8s_v5", ratio: "0.5", wantFamilyErr: true},
		{name: "azure series", staging: "Standard_E2s_v5", production: "Standard_D4s_v5", ratio: "0.5", wantFamilyErr: true},
		{name: "azure constrained vs plain", staging: "Standard_E4ds_v5", production: "Standard_E8-4ds_v5", ratio: "0.5", wantFamilyErr: true},
		{name: "azure constrained", staging: "Standard_E4-2ds_v5", production: "Standard_E8-4ds_v5", ratio: "0.5", wantOK: true},
		{name: "azure constrained share", staging: "Standard_E4-1ds_v5", production: "Standard_E8-4ds_v5", ratio: "0.5"},
		{name: "quantity same value other unit", staging: "1024Mi", production: "2Gi", ratio: "0.5", wantOK: true},
		{name: "quantity decimal spelling", staging: "0.75Gi", production: "1.5Gi", ratio: "0.5", wantOK: true},
		{name: "quantity wrong", staging: "1Gi", production: "1.5Gi", ratio: "0.5"},
		{name: "quantity vs plain bytes", staging: "1073741824", production: "2Gi", ratio: "0.5", wantOK: true},
		{name: "plain cpu vs millicores", staging: "500m", production: "1", ratio: "0.5", wantOK: true},
		{name: "count", staging: "1", production: "3", ratio: "0.5", wantOK: true},
		{name: "count other neighbour", staging: "2", production: "3", ratio: "0.5", wantOK: true},
		{name: "count up", staging: "1", production: "3", ratio: "0.5", rounding: sizes.RoundUp},
		{name: "count never zero", staging: "0", production: "1", ratio: "0.5"},
		{name: "count one", staging: "1", production: "1", ratio: "0.5", wantOK: true},
		{name: "count as decimal text", staging: "2.0", production: "4", ratio: "0.5", wantOK: true},
		{name: "number vs instance type", staging: "4", production: "t3.large", ratio: "0.5", wantFamilyErr: true},
		{name: "instance type vs quantity", staging: "t3.large", production: "4Gi", ratio: "0.5", wantFamilyErr: true},
		{name: "aws vs gcp", staging: "e2-standard-2", production: "t3.large", ratio: "0.5", wantFamilyErr: true},
		{name: "ratio above one", staging: "t3.xlarge", production: "t3.large", ratio: "2", wantOK: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ok, res, err := sizes.Check(tc.staging, tc.production, rat(t, tc.ratio), tc.rounding, tc.minimum)
			var famErr *sizes.FamilyError
			if got := errors.As(err, &famErr); got != tc.wantFamilyErr {
				t.Fatalf("Check(%q, %q) error = %v, want family error %v", tc.staging, tc.production, err, tc.wantFamilyErr)
			}
			if err != nil && !tc.wantFamilyErr {
				t.Fatalf("Check(%q, %q) unexpected error: %v", tc.staging, tc.production, err)
			}
			if ok != tc.wantOK {
				t.Errorf("Check(%q, %q) = %v, want %v (%s)", tc.staging, tc.production, ok, tc.wantOK, res.Arithmetic)
			}
			if res.Expected == "" {
				t.Errorf("Check(%q, %q) returned no expected size", tc.staging, tc.production)
			}
		})
	}
}

func TestFamilyErrorMessage(t *testing.T) {
	t.Parallel()
	_, _, err := sizes.Check("m5.large", "t3.large", big.NewRat(1, 2), "", "")
	var famErr *sizes.FamilyError
	if !errors.As(err, &famErr) {
		t.Fatalf("want *FamilyError, got %v", err)
	}
	want := &sizes.FamilyError{Staging: "m5.large", Production: "t3.large", StagingFamily: "m5", ProductionFamily: "t3"}
	if diff := cmp.Diff(want, famErr); diff != "" {
		t.Errorf("FamilyError mismatch (-want +got):\n%s", diff)
	}
	wantMsg := `staging size "m5.large" is in family m5 but production size "t3.large" is in family t3, and sizes of different families cannot be compared by ratio`
	if diff := cmp.Diff(wantMsg, err.Error()); diff != "" {
		t.Errorf("message mismatch (-want +got):\n%s", diff)
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	half := big.NewRat(1, 2)
	cases := []struct {
		name       string
		production string
		ratio      *big.Rat
		rounding   sizes.Rounding
		minimum    string
		wantErr    string
	}{
		{name: "empty", production: "", ratio: half, wantErr: `"" is not a size on any known ladder (AWS, GCP or Azure type, Kubernetes quantity or plain number)`},
		{name: "garbage", production: "garbage", ratio: half, wantErr: `"garbage" is not a size on any known ladder (AWS, GCP or Azure type, Kubernetes quantity or plain number)`},
		{name: "negative number", production: "-1", ratio: half, wantErr: `"-1" is not a size on any known ladder (AWS, GCP or Azure type, Kubernetes quantity or plain number)`},
		{name: "unknown aws size", production: "t3.huge", ratio: half, wantErr: `"t3.huge" is not a size on any known ladder (AWS, GCP or Azure type, Kubernetes quantity or plain number)`},
		{name: "unknown family metal", production: "zz9.metal", ratio: half, wantErr: "unknown metal size for family zz9"},
		{name: "family without metal", production: "t3.metal", ratio: half, wantErr: "unknown metal size for family t3"},
		{name: "prefixed metal", production: "db.zz9.metal", ratio: half, wantErr: "unknown metal size for family db.zz9"},
		{name: "gcp zero vcpu", production: "e2-standard-0", ratio: half, wantErr: `machine type "e2-standard-0" needs at least 1 vCPU`},
		{name: "gcp custom zero", production: "custom-0-1024", ratio: half, wantErr: `custom machine type "custom-0-1024" needs at least 1 vCPU and some memory`},
		{name: "azure zero vcpu", production: "Standard_D0s_v5", ratio: half, wantErr: `VM size "Standard_D0s_v5" needs at least 1 vCPU`},
		{name: "azure zero active", production: "Standard_E8-0ds_v5", ratio: half, wantErr: `constrained VM size "Standard_E8-0ds_v5" needs at least 1 active vCPU`},
		{name: "huge exponent", production: "1e999", ratio: half, wantErr: `quantity "1e999" has an exponent outside ±100`},
		{name: "absurd exponent", production: "1e99999999999999999999", ratio: half, wantErr: `quantity "1e99999999999999999999" has an exponent outside ±100`},
		{name: "nil ratio", production: "4", ratio: nil, wantErr: "ratio is missing"},
		{name: "zero ratio", production: "4", ratio: new(big.Rat), wantErr: "ratio must be greater than zero, got 0"},
		{name: "negative ratio", production: "4", ratio: big.NewRat(-1, 2), wantErr: "ratio must be greater than zero, got -0.5"},
		{name: "rounding", production: "4", ratio: half, rounding: "sideways", wantErr: `unknown rounding "sideways", want either, nearest, up or down`},
		{name: "minimum other family", production: "t3.large", ratio: half, minimum: "m5.large", wantErr: `minimum "m5.large" is in family m5, but production "t3.large" is in family t3`},
		{name: "minimum other ladder", production: "4", ratio: half, minimum: "t3.large", wantErr: `minimum "t3.large" is in family t3, but production "4" is in family plain number`},
		{name: "minimum garbage", production: "4", ratio: half, minimum: "lots", wantErr: `minimum: "lots" is not a size on any known ladder (AWS, GCP or Azure type, Kubernetes quantity or plain number)`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := sizes.Scale(tc.production, tc.ratio, tc.rounding, tc.minimum)
			if err == nil {
				t.Fatalf("Scale(%q) succeeded, want error %q", tc.production, tc.wantErr)
			}
			if diff := cmp.Diff(tc.wantErr, err.Error()); diff != "" {
				t.Errorf("error mismatch (-want +got):\n%s", diff)
			}
			var famErr *sizes.FamilyError
			if errors.As(err, &famErr) {
				t.Errorf("Scale(%q) returned a FamilyError for a bad argument", tc.production)
			}
		})
	}
}

func TestCheckUnparseable(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, staging, production, wantErr string }{
		{"staging", "garbage", "t3.large", `staging: "garbage" is not a size on any known ladder (AWS, GCP or Azure type, Kubernetes quantity or plain number)`},
		{"production", "t3.large", "garbage", `production: "garbage" is not a size on any known ladder (AWS, GCP or Azure type, Kubernetes quantity or plain number)`},
		{"metal", "m5.large", "zz9.metal", "production: unknown metal size for family zz9"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ok, _, err := sizes.Check(tc.staging, tc.production, big.NewRat(1, 2), "", "")
			if ok || err == nil {
				t.Fatalf("Check(%q, %q) = %v, %v; want an error", tc.staging, tc.production, ok, err)
			}
			var famErr *sizes.FamilyError
			if errors.As(err, &famErr) {
				t.Errorf("unparseable value reported as a family error: %v", err)
			}
			if diff := cmp.Diff(tc.wantErr, err.Error()); diff != "" {
				t.Errorf("error mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"t3.large":                sizes.LadderAWS,
		"db.m5d.large":            sizes.LadderAWS,
		"cache.t3.micro":          sizes.LadderAWS,
		"u-6tb1.56xlarge":         sizes.LadderAWS,
		"m7i-flex.large":          sizes.LadderAWS,
		"c6gn.16xlarge":           sizes.LadderAWS,
		"x2iezn.12xlarge":         sizes.LadderAWS,
		"m7i.metal-24xl":          sizes.LadderAWS,
		"zz9.metal":               sizes.LadderAWS, // detected, but fails to scale
		"e2-standard-8":           sizes.LadderGCP,
		"e2-medium":               sizes.LadderGCP,
		"f1-micro":                sizes.LadderGCP,
		"c3-standard-4-lssd":      sizes.LadderGCP,
		"custom-8-32768":          sizes.LadderGCP,
		"n2-custom-4-32768-ext":   sizes.LadderGCP,
		"db-custom-2-7680":        sizes.LadderGCP,
		"Standard_D4s_v5":         sizes.LadderAzure,
		"Standard_E8-4ds_v5":      sizes.LadderAzure,
		"Standard_B2ms":           sizes.LadderAzure,
		"Standard_F16s_v2":        sizes.LadderAzure,
		"Standard_M128ms":         sizes.LadderAzure,
		"Standard_NV12ads_A10_v5": sizes.LadderAzure,
		"500m":                    sizes.LadderQuantity,
		"2Gi":                     sizes.LadderQuantity,
		"1.5Gi":                   sizes.LadderQuantity,
		"1e3":                     sizes.LadderQuantity,
		"129M":                    sizes.LadderQuantity,
		"123Mi":                   sizes.LadderQuantity,
		"128974848":               sizes.LadderNumber,
		"4":                       sizes.LadderNumber,
		"2.5":                     sizes.LadderNumber,
		"":                        "",
		"-1":                      "",
		"my-app-1":                "",
		"us-central1-a":           "",
		"a2-highgpu-1g":           "",
		"staging.example.com":     "",
		"t3.huge":                 "",
		"Standard_":               "",
		"2 Gi":                    "",
		"1/2":                     "",
		"0x10":                    "",
		"true":                    "",
	}
	for in, want := range cases {
		t.Run(in, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(want, sizes.Detect(in)); diff != "" {
				t.Errorf("Detect(%q) mismatch (-want +got):\n%s", in, diff)
			}
		})
	}
}

func TestRatioFromFloat(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   float64
		want string // RatString, or "" for nil
	}{
		{0.5, "1/2"},
		{0.1, "1/10"},
		{0.25, "1/4"},
		{2, "2"},
		{1.0 / 3, "3333333333333333/10000000000000000"},
		{1e-9, "1/1000000000"},
		{math.NaN(), ""},
		{math.Inf(1), ""},
	}
	for _, tc := range cases {
		t.Run(tc.want, func(t *testing.T) {
			t.Parallel()
			got := ""
			if r := sizes.RatioFromFloat(tc.in); r != nil {
				got = r.RatString()
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("RatioFromFloat(%v) mismatch (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func TestFormatRatio(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   *big.Rat
		want string
	}{
		{big.NewRat(1, 2), "0.5"},
		{big.NewRat(1, 4), "0.25"},
		{big.NewRat(1, 3), "0.333333"},
		{big.NewRat(2, 3), "0.666667"},
		{big.NewRat(2, 1), "2"},
		{big.NewRat(1, 8), "0.125"},
		{big.NewRat(1234567, 10000000), "0.123457"},
		{big.NewRat(1, 1000000000), "1e-09"},
		{nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.want, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tc.want, sizes.FormatRatio(tc.in)); diff != "" {
				t.Errorf("FormatRatio(%v) mismatch (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

// Shared-core GCP types scale on their series' standard ladder, but messages
// must not call them members of the standard family.
func TestFamilyErrorSharedCore(t *testing.T) {
	t.Parallel()
	tests := []struct {
		staging, production string
		stagingFamily       string
	}{
		{"e2-micro", "n2-standard-4", "e2 shared-core"},
		{"f1-micro", "e2-standard-2", "n1 shared-core"},
		{"db-f1-micro", "db-custom-2-7680", "db-n1 shared-core"},
	}
	for _, tt := range tests {
		_, _, err := sizes.Check(tt.staging, tt.production, big.NewRat(1, 2), sizes.RoundEither, "")
		var famErr *sizes.FamilyError
		if !errors.As(err, &famErr) {
			t.Fatalf("Check(%s, %s): want *FamilyError, got %v", tt.staging, tt.production, err)
		}
		if famErr.StagingFamily != tt.stagingFamily {
			t.Errorf("Check(%s, %s): staging family %q, want %q", tt.staging, tt.production, famErr.StagingFamily, tt.stagingFamily)
		}
		if strings.Contains(err.Error(), "family "+tt.staging[:2]+"-standard") && strings.HasPrefix(tt.staging, "e2") {
			t.Errorf("message calls %s a standard type: %v", tt.staging, err)
		}
	}
}

func TestDetectTyped(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		ladder string
		ok     bool
	}{
		{"db.t3.large", sizes.LadderAWS, true},
		{"cache.r6g.xlarge", sizes.LadderAWS, true},
		{"m5.2xlarge", sizes.LadderAWS, true},
		{"ml.g5.2xlarge", sizes.LadderAWS, true},
		{"ml.p4d.24xlarge", sizes.LadderAWS, true},
		{"e2-standard-8", sizes.LadderGCP, true},
		{"db-f1-micro", sizes.LadderGCP, true},
		{"db-custom-2-7680", sizes.LadderGCP, true},
		{"Standard_D4s_v5", sizes.LadderAzure, true},
		// Not type names: numbers, quantities, unknown families, words.
		{"4", "", false},
		{"2Gi", "", false},
		{"web.large", "", false},
		{"x9-standard-4", "", false},
		{"Standard_LRS", "", false},
		{"medium", "", false},
	}
	for _, tt := range tests {
		ladder, _, ok := sizes.DetectTyped(tt.in)
		if ok != tt.ok || ladder != tt.ladder {
			t.Errorf("DetectTyped(%q) = %q, %v; want %q, %v", tt.in, ladder, ok, tt.ladder, tt.ok)
		}
	}
}

func TestAppServiceAndFlexibleServerSKUs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		staging, production string
		ratio               *big.Rat
		ok                  bool
	}{
		{"P1v3", "P2v3", big.NewRat(1, 2), true},
		{"P0v3", "P1v3", big.NewRat(1, 2), true},
		{"P1v3", "P3v3", big.NewRat(1, 2), false}, // P2v3 expected
		{"P2mv3", "P4mv3", big.NewRat(1, 4), true},
		{"B1", "B2", big.NewRat(1, 2), true},
		{"GP_Standard_D2ds_v5", "GP_Standard_D4ds_v5", big.NewRat(1, 2), true},
		{"B_Standard_B1ms", "B_Standard_B2ms", big.NewRat(1, 2), true},
	}
	for _, tt := range tests {
		ok, res, err := sizes.Check(tt.staging, tt.production, tt.ratio, sizes.RoundEither, "")
		if err != nil {
			t.Errorf("Check(%s, %s): %v", tt.staging, tt.production, err)
			continue
		}
		if ok != tt.ok {
			t.Errorf("Check(%s, %s) = %v (%s), want %v", tt.staging, tt.production, ok, res.Arithmetic, tt.ok)
		}
	}
	// Tiers are families: a general purpose server is not a burstable one.
	var famErr *sizes.FamilyError
	if _, _, err := sizes.Check("B_Standard_B2s", "GP_Standard_D4ds_v5", big.NewRat(1, 2), "", ""); !errors.As(err, &famErr) {
		t.Errorf("burstable vs general purpose: want a family error, got %v", err)
	}
	if _, _, err := sizes.Check("S1", "P2v3", big.NewRat(1, 2), "", ""); !errors.As(err, &famErr) {
		t.Errorf("S1 vs P2v3: want a family error, got %v", err)
	}
	if _, _, ok := sizes.DetectTyped("S1"); ok {
		t.Error("S1 alone is too short to be taken for a size by its value")
	}
	if _, _, ok := sizes.DetectTyped("P1v3"); !ok {
		t.Error("P1v3 is an App Service SKU")
	}
}

func TestLess(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"0", "256", true}, {"256", "256", false}, {"512Mi", "1Gi", true}, {"t3.small", "t3.large", true},
		{"t3.large", "m5.xlarge", false}, // another family: not comparable
	} {
		if got := sizes.Less(tt.a, tt.b); got != tt.want {
			t.Errorf("Less(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestNamedTiers(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		staging, production string
		ok                  bool
	}{
		{"DW200c", "DW400c", true},
		{"Medium", "Large", true},
		{"ENVIRONMENT_SIZE_SMALL", "ENVIRONMENT_SIZE_MEDIUM", true},
		{"Premium_1", "Premium_2", true},
		{"Premium_1", "Premium_4", false},
		{"ra3.large", "ra3.large", true}, // the smallest RA3: no ra3.medium exists
		{"dms.r5.large", "dms.r5.xlarge", true},
	} {
		ok, res, err := sizes.Check(tt.staging, tt.production, big.NewRat(1, 2), sizes.RoundEither, "")
		if err != nil || ok != tt.ok {
			t.Errorf("Check(%s, %s) = %v, %v (%s), want %v", tt.staging, tt.production, ok, err, res.Arithmetic, tt.ok)
		}
	}
	var famErr *sizes.FamilyError
	if _, _, err := sizes.Check("Standard_1", "Premium_2", big.NewRat(1, 2), "", ""); !errors.As(err, &famErr) {
		t.Errorf("Standard_1 vs Premium_2: want a family error, got %v", err)
	}
}
