// Package launchgate shows how a team keeps its launch gate in go test:
// launch_test.go gates the launch of a profile with package gatetest, using
// the bundled rules, a profile and an evidence file kept in the repository.
//
// Run it with
//
//	go test ./examples/launchgate
package launchgate
