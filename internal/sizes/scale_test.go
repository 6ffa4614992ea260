package sizes_test

import (
	"testing"

	"github.com/envparity/terraform-provider-parity/internal/sizes"
)

// exact builds the Result of a product that falls on a step.
func exact(ladder, arithmetic, size string) sizes.Result {
	return sizes.Result{Expected: size, Accepted: []string{size}, Exact: true, Arithmetic: arithmetic, Ladder: ladder}
}

// rounded builds the Result of a product between steps.
func rounded(ladder, arithmetic, expected string, accepted ...string) sizes.Result {
	return sizes.Result{Expected: expected, Accepted: accepted, Arithmetic: arithmetic, Ladder: ladder}
}

func TestScaleAWS(t *testing.T) {
	t.Parallel()
	const aws = sizes.LadderAWS
	runScaleCases(t, []scaleCase{
		{production: "t3.xlarge", ratio: "0.5", want: exact(aws, "t3.xlarge × 0.5 = t3.large", "t3.large")},
		{production: "m5.24xlarge", ratio: "0.5", want: exact(aws, "m5.24xlarge × 0.5 = m5.12xlarge", "m5.12xlarge")},
		{production: "t3.large", ratio: "0.25", want: exact(aws, "t3.large × 0.25 = t3.small", "t3.small")},
		{production: "t3.micro", ratio: "0.5", want: exact(aws, "t3.micro × 0.5 = t3.nano", "t3.nano")},
		{production: "t3.2xlarge", ratio: "0.5", want: exact(aws, "t3.2xlarge × 0.5 = t3.xlarge", "t3.xlarge")},
		{production: "t3.nano", ratio: "0.5", want: rounded(aws, "t3.nano × 0.5 = 0.125 units, below the smallest size, so t3.nano", "t3.nano", "t3.nano")},
		{name: "smallest of family m5 is large", production: "m5.large", ratio: "0.5",
			want: rounded(aws, "m5.large × 0.5 = 2 units, below the smallest size, so m5.large", "m5.large", "m5.large")},
		{production: "m5.3xlarge", ratio: "0.5",
			want: rounded(aws, "m5.3xlarge × 0.5 = 12 units, so m5.xlarge or m5.2xlarge", "m5.2xlarge", "m5.xlarge", "m5.2xlarge")},
		{production: "m5.3xlarge", ratio: "0.5", rounding: sizes.RoundNearest,
			want: rounded(aws, "m5.3xlarge × 0.5 = 12 units, rounded to the nearest, m5.2xlarge", "m5.2xlarge", "m5.2xlarge")},
		{production: "m5.3xlarge", ratio: "0.5", rounding: sizes.RoundUp,
			want: rounded(aws, "m5.3xlarge × 0.5 = 12 units, rounded up to m5.2xlarge", "m5.2xlarge", "m5.2xlarge")},
		{production: "m5.3xlarge", ratio: "0.5", rounding: sizes.RoundDown,
			want: rounded(aws, "m5.3xlarge × 0.5 = 12 units, rounded down to m5.xlarge", "m5.xlarge", "m5.xlarge")},
		{name: "either prefers the nearer lower neighbour", production: "m5.large", ratio: "2.5",
			want: rounded(aws, "m5.large × 2.5 = 10 units, so m5.xlarge or m5.2xlarge", "m5.xlarge", "m5.xlarge", "m5.2xlarge")},
		{name: "between named sizes", production: "t3.large", ratio: "0.75",
			want: rounded(aws, "t3.large × 0.75 = 3 units, so t3.medium or t3.large", "t3.large", "t3.medium", "t3.large")},
		{production: "db.r6g.2xlarge", ratio: "0.25", want: exact("aws", "db.r6g.2xlarge × 0.25 = db.r6g.large", "db.r6g.large")},
		{name: "rds has no medium r6g", production: "db.r6g.xlarge", ratio: "0.25",
			want: rounded(aws, "db.r6g.xlarge × 0.25 = 2 units, below the smallest size, so db.r6g.large", "db.r6g.large", "db.r6g.large")},
		{production: "db.m5d.large", ratio: "2", want: exact(aws, "db.m5d.large × 2 = db.m5d.xlarge", "db.m5d.xlarge")},
		{production: "cache.t3.medium", ratio: "0.25", want: exact(aws, "cache.t3.medium × 0.25 = cache.t3.micro", "cache.t3.micro")},
		{name: "elasticache has no nano", production: "cache.t3.micro", ratio: "0.5",
			want: rounded(aws, "cache.t3.micro × 0.5 = 0.25 units, below the smallest size, so cache.t3.micro", "cache.t3.micro", "cache.t3.micro")},
		{production: "ml.g5.2xlarge", ratio: "0.5", want: exact(aws, "ml.g5.2xlarge × 0.5 = ml.g5.xlarge", "ml.g5.xlarge")},
		{production: "ml.m5.4xlarge", ratio: "0.25", want: exact(aws, "ml.m5.4xlarge × 0.25 = ml.m5.xlarge", "ml.m5.xlarge")},
		{name: "sagemaker g5 starts at xlarge", production: "ml.g5.xlarge", ratio: "0.5",
			want: rounded(aws, "ml.g5.xlarge × 0.5 = 4 units, below the smallest size, so ml.g5.xlarge", "ml.g5.xlarge", "ml.g5.xlarge")},
		{name: "sagemaker has no small t3", production: "ml.t3.large", ratio: "0.25",
			want: rounded(aws, "ml.t3.large × 0.25 = 1 units, below the smallest size, so ml.t3.medium", "ml.t3.medium", "ml.t3.medium")},
		{name: "sagemaker m5 starts at large", production: "ml.m5.xlarge", ratio: "0.25",
			want: rounded(aws, "ml.m5.xlarge × 0.25 = 2 units, below the smallest size, so ml.m5.large", "ml.m5.large", "ml.m5.large")},
		{production: "m5.metal", ratio: "0.5", want: exact(aws, "m5.metal × 0.5 = m5.12xlarge", "m5.12xlarge")},
		{production: "m5.metal", ratio: "1", want: exact(aws, "m5.metal × 1 = m5.metal", "m5.metal")},
		{production: "i3.metal", ratio: "0.5", want: exact(aws, "i3.metal × 0.5 = i3.8xlarge", "i3.8xlarge")},
		{production: "c5n.metal", ratio: "0.5", want: exact(aws, "c5n.metal × 0.5 = c5n.9xlarge", "c5n.9xlarge")},
		{production: "m6i.metal", ratio: "0.25", want: exact(aws, "m6i.metal × 0.25 = m6i.8xlarge", "m6i.8xlarge")},
		{production: "c7g.metal", ratio: "0.5", want: exact(aws, "c7g.metal × 0.5 = c7g.8xlarge", "c7g.8xlarge")},
		{production: "m7i.metal-48xl", ratio: "0.5", want: exact(aws, "m7i.metal-48xl × 0.5 = m7i.24xlarge", "m7i.24xlarge")},
		{production: "u-6tb1.metal", ratio: "0.5", want: exact(aws, "u-6tb1.metal × 0.5 = u-6tb1.56xlarge", "u-6tb1.56xlarge")},
		{production: "u-6tb1.112xlarge", ratio: "0.5", want: exact(aws, "u-6tb1.112xlarge × 0.5 = u-6tb1.56xlarge", "u-6tb1.56xlarge")},
		{production: "u-6tb1.56xlarge", ratio: "0.5",
			want: rounded(aws, "u-6tb1.56xlarge × 0.5 = 224 units, below the smallest size, so u-6tb1.56xlarge", "u-6tb1.56xlarge", "u-6tb1.56xlarge")},
		{production: "m7i-flex.xlarge", ratio: "0.5", want: exact(aws, "m7i-flex.xlarge × 0.5 = m7i-flex.large", "m7i-flex.large")},
		{production: "c6gn.16xlarge", ratio: "0.25", want: exact(aws, "c6gn.16xlarge × 0.25 = c6gn.4xlarge", "c6gn.4xlarge")},
		{production: "x2iezn.12xlarge", ratio: "0.5", want: exact(aws, "x2iezn.12xlarge × 0.5 = x2iezn.6xlarge", "x2iezn.6xlarge")},
		{name: "unknown family scales on the generic ladder", production: "zz9.2xlarge", ratio: "0.125",
			want: exact(aws, "zz9.2xlarge × 0.125 = zz9.medium", "zz9.medium")},
		{production: "t3.large", ratio: "2", want: exact(aws, "t3.large × 2 = t3.xlarge", "t3.xlarge")},
		{production: "t3.2xlarge", ratio: "2",
			want: rounded(aws, "t3.2xlarge × 2 = 32 units, above the largest size, so t3.2xlarge", "t3.2xlarge", "t3.2xlarge")},
		{name: "minimum raises", production: "t3.large", ratio: "0.25", minimum: "t3.medium",
			want: sizes.Result{Expected: "t3.medium", Accepted: []string{"t3.medium"}, Exact: true, Ladder: aws,
				Arithmetic: "t3.large × 0.25 = t3.small, raised to the minimum t3.medium"}},
		{name: "minimum below result", production: "t3.large", ratio: "0.5", minimum: "t3.small",
			want: exact(aws, "t3.large × 0.5 = t3.medium", "t3.medium")},
		{name: "minimum raises lower neighbour", production: "m5.3xlarge", ratio: "0.5", minimum: "m5.2xlarge",
			want: rounded(aws, "m5.3xlarge × 0.5 = 12 units, so m5.xlarge or m5.2xlarge, raised to the minimum m5.2xlarge", "m5.2xlarge", "m5.2xlarge")},
	})
}

func TestScaleGCP(t *testing.T) {
	t.Parallel()
	const gcp = sizes.LadderGCP
	runScaleCases(t, []scaleCase{
		{production: "e2-standard-8", ratio: "0.25", want: exact(gcp, "e2-standard-8 × 0.25 = e2-standard-2", "e2-standard-2")},
		{production: "n2-highmem-16", ratio: "0.5", want: exact(gcp, "n2-highmem-16 × 0.5 = n2-highmem-8", "n2-highmem-8")},
		{production: "e2-medium", ratio: "0.5", want: exact(gcp, "e2-medium × 0.5 = e2-small", "e2-small")},
		{production: "e2-standard-2", ratio: "0.5", want: exact(gcp, "e2-standard-2 × 0.5 = e2-medium", "e2-medium")},
		{production: "e2-micro", ratio: "0.5",
			want: rounded(gcp, "e2-micro × 0.5 = 0.125 vCPU, below the smallest size, so e2-micro", "e2-micro", "e2-micro")},
		{production: "n1-standard-1", ratio: "0.5", want: exact(gcp, "n1-standard-1 × 0.5 = g1-small", "g1-small")},
		{production: "g1-small", ratio: "0.4", want: exact(gcp, "g1-small × 0.4 = f1-micro", "f1-micro")},
		{name: "no shared core below highcpu", production: "e2-highcpu-2", ratio: "0.5",
			want: rounded(gcp, "e2-highcpu-2 × 0.5 = 1 vCPU, below the smallest size, so e2-highcpu-2", "e2-highcpu-2", "e2-highcpu-2")},
		{production: "c3-standard-8-lssd", ratio: "0.5", want: exact(gcp, "c3-standard-8-lssd × 0.5 = c3-standard-4-lssd", "c3-standard-4-lssd")},
		{production: "n2-standard-48", ratio: "0.25",
			want: rounded(gcp, "n2-standard-48 × 0.25 = 12 vCPU, so n2-standard-8 or n2-standard-16", "n2-standard-16", "n2-standard-8", "n2-standard-16")},
		{production: "n2-standard-48", ratio: "0.25", rounding: sizes.RoundDown,
			want: rounded(gcp, "n2-standard-48 × 0.25 = 12 vCPU, rounded down to n2-standard-8", "n2-standard-8", "n2-standard-8")},
		{name: "series table", production: "c3-standard-44", ratio: "0.5", want: exact(gcp, "c3-standard-44 × 0.5 = c3-standard-22", "c3-standard-22")},
		{name: "production count is a step", production: "c2-standard-30", ratio: "1", want: exact(gcp, "c2-standard-30 × 1 = c2-standard-30", "c2-standard-30")},
		{production: "e2-standard-32", ratio: "2",
			want: rounded(gcp, "e2-standard-32 × 2 = 64 vCPU, above the largest size, so e2-standard-32", "e2-standard-32", "e2-standard-32")},
		{production: "db-n1-standard-4", ratio: "0.5", want: exact(gcp, "db-n1-standard-4 × 0.5 = db-n1-standard-2", "db-n1-standard-2")},
		{production: "custom-8-32768", ratio: "0.5", want: exact(gcp, "custom-8-32768 × 0.5 = custom-4-16384", "custom-4-16384")},
		{production: "n2-custom-8-32768-ext", ratio: "0.25", want: exact(gcp, "n2-custom-8-32768-ext × 0.25 = n2-custom-2-8192-ext", "n2-custom-2-8192-ext")},
		{production: "db-custom-2-7680", ratio: "2", want: exact(gcp, "db-custom-2-7680 × 2 = db-custom-4-15360", "db-custom-4-15360")},
		{name: "custom both dimensions round", production: "custom-5-13000", ratio: "0.5",
			want: rounded(gcp, "custom-5-13000 × 0.5 = 2.5 vCPU and 6500 MB, so custom-2-6400, custom-2-6656, custom-3-6400 or custom-3-6656",
				"custom-3-6400", "custom-2-6400", "custom-2-6656", "custom-3-6400", "custom-3-6656")},
		{production: "custom-5-13000", ratio: "0.5", rounding: sizes.RoundUp,
			want: rounded(gcp, "custom-5-13000 × 0.5 = 2.5 vCPU and 6500 MB, so custom-3-6656", "custom-3-6656", "custom-3-6656")},
		{production: "custom-1-1024", ratio: "0.1",
			want: rounded(gcp, "custom-1-1024 × 0.1 = 0.1 vCPU and 102.4 MB, so custom-1-256", "custom-1-256", "custom-1-256")},
		{name: "custom minimum", production: "custom-8-32768", ratio: "0.25", minimum: "custom-4-4096",
			want: sizes.Result{Expected: "custom-4-8192", Accepted: []string{"custom-4-8192"}, Exact: true, Ladder: gcp,
				Arithmetic: "custom-8-32768 × 0.25 = custom-4-8192, raised to the minimum custom-4-4096"}},
		{name: "minimum", production: "e2-standard-8", ratio: "0.125", minimum: "e2-standard-2",
			want: sizes.Result{Expected: "e2-standard-2", Accepted: []string{"e2-standard-2"}, Exact: true, Ladder: gcp,
				Arithmetic: "e2-standard-8 × 0.125 = e2-medium, raised to the minimum e2-standard-2"}},
	})
}

func TestScaleAzure(t *testing.T) {
	t.Parallel()
	const azure = sizes.LadderAzure
	runScaleCases(t, []scaleCase{
		{production: "Standard_D8s_v5", ratio: "0.5", want: exact(azure, "Standard_D8s_v5 × 0.5 = Standard_D4s_v5", "Standard_D4s_v5")},
		{name: "keeps production casing", production: "standard_d8S_V5", ratio: "0.5", want: exact(azure, "standard_d8S_V5 × 0.5 = standard_d4S_V5", "standard_d4S_V5")},
		{production: "Standard_E8-4ds_v5", ratio: "0.5", want: exact(azure, "Standard_E8-4ds_v5 × 0.5 = Standard_E4-2ds_v5", "Standard_E4-2ds_v5")},
		{production: "Standard_B2ms", ratio: "0.5", want: exact(azure, "Standard_B2ms × 0.5 = Standard_B1ms", "Standard_B1ms")},
		{production: "Standard_F16s_v2", ratio: "0.25", want: exact(azure, "Standard_F16s_v2 × 0.25 = Standard_F4s_v2", "Standard_F4s_v2")},
		{production: "Standard_M128ms", ratio: "0.5", want: exact(azure, "Standard_M128ms × 0.5 = Standard_M64ms", "Standard_M64ms")},
		{production: "Standard_NV12ads_A10_v5", ratio: "1", want: exact(azure, "Standard_NV12ads_A10_v5 × 1 = Standard_NV12ads_A10_v5", "Standard_NV12ads_A10_v5")},
		{production: "Standard_D48s_v5", ratio: "0.25",
			want: rounded(azure, "Standard_D48s_v5 × 0.25 = 12 vCPU, so Standard_D8s_v5 or Standard_D16s_v5", "Standard_D16s_v5", "Standard_D8s_v5", "Standard_D16s_v5")},
		{production: "Standard_D48s_v5", ratio: "0.25", rounding: sizes.RoundNearest,
			want: rounded(azure, "Standard_D48s_v5 × 0.25 = 12 vCPU, rounded to the nearest, Standard_D16s_v5", "Standard_D16s_v5", "Standard_D16s_v5")},
		{production: "Standard_D48s_v5", ratio: "0.25", rounding: sizes.RoundDown,
			want: rounded(azure, "Standard_D48s_v5 × 0.25 = 12 vCPU, rounded down to Standard_D8s_v5", "Standard_D8s_v5", "Standard_D8s_v5")},
		{production: "Standard_D2s_v5", ratio: "0.25",
			want: rounded(azure, "Standard_D2s_v5 × 0.25 = 0.5 vCPU, below the smallest size, so Standard_D1s_v5", "Standard_D1s_v5", "Standard_D1s_v5")},
		{production: "Standard_D4s_v5", ratio: "2", want: exact(azure, "Standard_D4s_v5 × 2 = Standard_D8s_v5", "Standard_D8s_v5")},
		{name: "minimum", production: "Standard_D8s_v5", ratio: "0.25", minimum: "Standard_D4s_v5",
			want: sizes.Result{Expected: "Standard_D4s_v5", Accepted: []string{"Standard_D4s_v5"}, Exact: true, Ladder: azure,
				Arithmetic: "Standard_D8s_v5 × 0.25 = Standard_D2s_v5, raised to the minimum Standard_D4s_v5"}},
	})
}

func TestScaleQuantity(t *testing.T) {
	t.Parallel()
	const q = sizes.LadderQuantity
	runScaleCases(t, []scaleCase{
		{production: "1.5Gi", ratio: "0.5", want: exact(q, "1.5Gi × 0.5 = 768Mi", "768Mi")},
		{production: "500m", ratio: "0.5", want: exact(q, "500m × 0.5 = 250m", "250m")},
		{production: "2Gi", ratio: "0.5", want: exact(q, "2Gi × 0.5 = 1Gi", "1Gi")},
		{production: "123Mi", ratio: "2", want: exact(q, "123Mi × 2 = 246Mi", "246Mi")},
		{production: "129M", ratio: "0.5", want: exact(q, "129M × 0.5 = 64500k", "64500k")},
		{production: "1e3", ratio: "0.5", want: exact(q, "1e3 × 0.5 = 5e2", "5e2")},
		{production: "2", ratio: "0.5", want: exact(sizes.LadderNumber, "2 × 0.5 = 1", "1")},
		{name: "finer than a byte", production: "1Ki", ratio: "0.3",
			want: rounded(q, "1Ki × 0.3 = 307.2, so 307 or 308", "307", "307", "308")},
		{production: "1Ki", ratio: "0.3", rounding: sizes.RoundUp,
			want: rounded(q, "1Ki × 0.3 = 307.2, rounded up to 308", "308", "308")},
		{production: "1Ki", ratio: "0.3", rounding: sizes.RoundNearest,
			want: rounded(q, "1Ki × 0.3 = 307.2, rounded to the nearest, 307", "307", "307")},
		{name: "cpu stays in millicores", production: "1m", ratio: "0.5",
			want: rounded(q, "1m × 0.5 = 0.5m, below the smallest unit, so 1m", "1m", "1m")},
		{name: "exact ignores rounding", production: "250m", ratio: "0.1", rounding: sizes.RoundDown,
			want: exact(q, "250m × 0.1 = 25m", "25m")},
		{production: "100m", ratio: "0.333", want: rounded(q, "100m × 0.333 = 33.3m, so 33m or 34m", "33m", "33m", "34m")},
		{name: "minimum", production: "2Gi", ratio: "0.25", minimum: "1Gi",
			want: sizes.Result{Expected: "1Gi", Accepted: []string{"1Gi"}, Exact: true, Ladder: q,
				Arithmetic: "2Gi × 0.25 = 512Mi, raised to the minimum 1Gi"}},
		{name: "minimum as plain bytes", production: "2Gi", ratio: "0.25", minimum: "1073741824",
			want: sizes.Result{Expected: "1073741824", Accepted: []string{"1073741824"}, Exact: true, Ladder: q,
				Arithmetic: "2Gi × 0.25 = 512Mi, raised to the minimum 1073741824"}},
	})
}

func TestScaleNumber(t *testing.T) {
	t.Parallel()
	const n = sizes.LadderNumber
	runScaleCases(t, []scaleCase{
		{production: "4", ratio: "0.5", want: exact(n, "4 × 0.5 = 2", "2")},
		{production: "0", ratio: "0.5", want: exact(n, "0 × 0.5 = 0", "0")},
		{production: "1", ratio: "0.5", want: rounded(n, "1 × 0.5 = 0.5, and a count never goes below 1, so 1", "1", "1")},
		{production: "3", ratio: "0.5", want: rounded(n, "3 × 0.5 = 1.5, so 1 or 2", "2", "1", "2")},
		{production: "3", ratio: "0.5", rounding: sizes.RoundNearest, want: rounded(n, "3 × 0.5 = 1.5, rounded to the nearest, 2", "2", "2")},
		{production: "3", ratio: "0.5", rounding: sizes.RoundUp, want: rounded(n, "3 × 0.5 = 1.5, rounded up to 2", "2", "2")},
		{production: "3", ratio: "0.5", rounding: sizes.RoundDown, want: rounded(n, "3 × 0.5 = 1.5, rounded down to 1", "1", "1")},
		{production: "7", ratio: "0.3", want: rounded(n, "7 × 0.3 = 2.1, so 2 or 3", "2", "2", "3")},
		{production: "3", ratio: "2", want: exact(n, "3 × 2 = 6", "6")},
		{production: "2.5", ratio: "0.5", want: exact(n, "2.5 × 0.5 = 1.25", "1.25")},
		{production: "1.1", ratio: "1/3",
			want: rounded(n, "1.1 × 0.333333 = 0.366667, so 0.366666 or 0.366667", "0.366667", "0.366666", "0.366667")},
		{production: "3000", ratio: "0.25", want: exact(n, "3000 × 0.25 = 750", "750")},
		{name: "minimum", production: "3", ratio: "0.5", minimum: "2",
			want: rounded(n, "3 × 0.5 = 1.5, so 1 or 2, raised to the minimum 2", "2", "2")},
		{name: "minimum above both", production: "4", ratio: "0.25", minimum: "3",
			want: sizes.Result{Expected: "3", Accepted: []string{"3"}, Exact: true, Ladder: n, Arithmetic: "4 × 0.25 = 1, raised to the minimum 3"}},
	})
}
