// Package servicetest is lesson 12: your tests, in service_test.go, of the
// service in ./service. They must pass on it and fail on every one of its
// mutants; go tool task lesson-12 checks both.
package servicetest
