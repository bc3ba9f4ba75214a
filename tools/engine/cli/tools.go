//go:build tools

// Package engine pins the Pulumi CLI that the tests and the demo run; scripts/engine.sh builds it.
package engine

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
