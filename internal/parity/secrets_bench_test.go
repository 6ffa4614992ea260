package parity_test

import (
	"testing"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// BenchmarkLooksSecret runs the look test on the strings states are made
// of; it runs for every string leaf of every comparison and hash.
func BenchmarkLooksSecret(b *testing.B) {
	values := []string{
		"web-production", "t3.xlarge", "us-east-1a", "ami-0c55b159cbfafe1f0", "arn:aws:iam::123456789012:role/app",
		"3f2504e0-4f89-11d3-9a0c-0305e82c3301", "2024-01-01T12:00:00Z", "postgres", "my-service-production-2024",
		"WebServerSecurityGroup2024", "sg-0123456789abcdef0", "true", "https://example.com/health",
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "10.0.1.0/24",
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, v := range values {
			parity.LooksSecret(v)
		}
	}
}
