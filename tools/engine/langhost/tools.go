//go:build tools

// Package langhost pins the Node.js language host. No version of the standalone module
// github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 is served by the module proxy
// this project builds from, so it is built from sdk/v3 v3.68.0, the last release in which the
// language host was still a package of sdk/v3 (see scripts/engine.sh).
package langhost

import _ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
