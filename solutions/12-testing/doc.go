// Package servicetest is lesson 12's finished tests, in service_test.go: tests of
// the service in lessons/12-testing/service that pass on it and fail on
// every one of its mutants.
package servicetest
