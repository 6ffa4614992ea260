// Package adversarial holds tests that attack the product the way a hostile
// or careless input would, and hold it to the promises of the README: no
// secret is ever printed, no input is ever destroyed, and hostile input is
// always refused within bounded time and memory.
//
// The tests run the real programs: the parity binary as a subprocess under
// an address-space limit (prlimit) and a timeout, and the provider through a
// real terraform plan. They are part of `make test`. The package has no
// code of its own.
package adversarial
