package finished

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// k8sObject is what TestDeployManifests reads of a Kubernetes object.
type k8sObject struct {
	Kind     string `yaml:"kind"`
	Metadata struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Spec struct {
		// Deployment
		Replicas int `yaml:"replicas"`
		Template struct {
			Metadata struct {
				Labels map[string]string `yaml:"labels"`
			} `yaml:"metadata"`
			Spec struct {
				TerminationGracePeriodSeconds int `yaml:"terminationGracePeriodSeconds"`
				Containers                    []struct {
					Args  []string `yaml:"args"`
					Ports []struct {
						Name          string `yaml:"name"`
						ContainerPort int    `yaml:"containerPort"`
					} `yaml:"ports"`
					ReadinessProbe *k8sProbe `yaml:"readinessProbe"`
					LivenessProbe  *k8sProbe `yaml:"livenessProbe"`
				} `yaml:"containers"`
			} `yaml:"spec"`
		} `yaml:"template"`
		// Service
		ClusterIP string         `yaml:"clusterIP"`
		Selector  map[string]any `yaml:"selector"` // a Deployment's has matchLabels
		Ports     []struct {
			Port       int    `yaml:"port"`
			TargetPort string `yaml:"targetPort"`
		} `yaml:"ports"`
	} `yaml:"spec"`
}

type k8sProbe struct {
	GRPC *struct {
		Port    int    `yaml:"port"`
		Service string `yaml:"service"`
	} `yaml:"grpc"`
}

// TestDeployManifests checks deploy/k8s/server.yaml, which docs/deploy.md
// shows, against the server: every argument is a flag of cmd/server, the
// server listens where the container port, the probes and the Service
// point, the probes are gRPC health checks, and Kubernetes waits longer
// than the server's shutdown deadline before it kills the pod.
func TestDeployManifests(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "deploy", "k8s", "server.yaml"))
	require.NoError(t, err)
	objects := map[string]k8sObject{}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var o k8sObject
		err := dec.Decode(&o)
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		objects[o.Kind] = o
	}
	deploy, svc := objects["Deployment"], objects["Service"]
	require.Equal(t, "Deployment", deploy.Kind)
	require.Equal(t, "Service", svc.Kind)
	assert.GreaterOrEqual(t, deploy.Spec.Replicas, 2, "replicas: one replica is one crash away from an outage")
	require.Len(t, deploy.Spec.Template.Spec.Containers, 1)
	c := deploy.Spec.Template.Spec.Containers[0]

	// The arguments are cmd/server's flags.
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	config := Flags(fs)
	require.NoError(t, fs.Parse(c.Args), "the container's args must be flags of cmd/server")
	host, portText, err := net.SplitHostPort(config.Addr)
	require.NoError(t, err)
	port, err := strconv.Atoi(portText)
	require.NoError(t, err)
	assert.Equal(t, "0.0.0.0", host, "-addr: the probes and other pods connect to the pod's address, not to loopback")

	// One port everywhere.
	require.Len(t, c.Ports, 1)
	assert.Equal(t, port, c.Ports[0].ContainerPort, "containerPort and -addr")
	for name, probe := range map[string]*k8sProbe{"readinessProbe": c.ReadinessProbe, "livenessProbe": c.LivenessProbe} {
		if assert.NotNil(t, probe, name) && assert.NotNil(t, probe.GRPC, "%s: want a grpc probe (grpc.health.v1)", name) {
			assert.Equal(t, port, probe.GRPC.Port, "%s's port and -addr", name)
			assert.Empty(t, probe.GRPC.Service, "%s: the finished server's health answers for the whole server as \"\"", name)
		}
	}

	// Kubernetes waits for the graceful stop.
	grace := time.Duration(deploy.Spec.Template.Spec.TerminationGracePeriodSeconds) * time.Second
	assert.Greater(t, grace, config.ShutdownDeadline, "terminationGracePeriodSeconds must be longer than -shutdown-deadline, or Kubernetes kills the server while it still stops")

	// A headless Service on the same port, selecting the pods.
	assert.Equal(t, "None", svc.Spec.ClusterIP, "the Service must be headless, so its DNS name lists every pod for round_robin")
	labels := map[string]any{}
	for k, v := range deploy.Spec.Template.Metadata.Labels {
		labels[k] = v
	}
	assert.Equal(t, labels, svc.Spec.Selector, "the Service's selector and the pods' labels")
	require.Len(t, svc.Spec.Ports, 1)
	assert.Equal(t, port, svc.Spec.Ports[0].Port, "the Service's port and -addr")
	assert.Equal(t, c.Ports[0].Name, svc.Spec.Ports[0].TargetPort, "the Service's targetPort names the container's port")
}
