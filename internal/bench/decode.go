package bench

import (
	"encoding/json"
	"fmt"
	"os"
	"sync"
)

// DecodeEncodingJSON reads each file and decodes it with encoding/json into
// an interface{} tree, one goroutine per file as parity check reads its two
// sides: the baseline that check's time is compared with.
func DecodeEncodingJSON(paths ...string) error {
	errs := make([]error, len(paths))
	var wg sync.WaitGroup
	for i, p := range paths {
		wg.Go(func() {
			data, err := os.ReadFile(p)
			if err != nil {
				errs[i] = err
				return
			}
			var v any
			if err := json.Unmarshal(data, &v); err != nil {
				errs[i] = fmt.Errorf("%s: %w", p, err)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
