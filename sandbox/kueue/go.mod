// The Kueue release whose CRDs (config/components/crd/bases/) the sandbox installs. Change the version with
// `go get sigs.k8s.io/kueue@VERSION` here; go.sum pins its content.
module coreweave-rbac/sandbox/kueue

go 1.24.0

require sigs.k8s.io/kueue v0.17.0
