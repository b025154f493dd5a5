// Command pulumi-language-nodejs is the Node.js language host the engine tests use where the
// official one cannot be installed or built (see ../ensure-pulumi-cli.sh). It starts the
// language host of @pulumi/pulumi's sdk v3.68.0 (the newest whose source the Go module proxy
// here serves) and forwards every call to it, except RunPlugin: that version cannot run plugins
// from source, and the CLI starts Node.js policy packs that way. RunPlugin here starts a policy
// pack the way its @pulumi/pulumi does (cmd/run-policy-pack <engine> <pack directory>) and
// streams its output back. For `pulumi new` in the tests, InstallDependencies can link an existing
// node_modules instead of installing from the registry.
package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

// innerHost is the real language host's file name, next to this executable.
const innerHost = "pulumi-language-nodejs-v3.68.0"

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	inner pulumirpc.LanguageRuntimeClient
}

func (h *host) Handshake(ctx context.Context, r *pulumirpc.LanguageHandshakeRequest) (*pulumirpc.LanguageHandshakeResponse, error) {
	return h.inner.Handshake(ctx, r)
}

func (h *host) GetRequiredPlugins(ctx context.Context, r *pulumirpc.GetRequiredPluginsRequest) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return h.inner.GetRequiredPlugins(ctx, r)
}

func (h *host) GetRequiredPackages(ctx context.Context, r *pulumirpc.GetRequiredPackagesRequest) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return h.inner.GetRequiredPackages(ctx, r)
}

func (h *host) Run(ctx context.Context, r *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	return h.inner.Run(ctx, r)
}

func (h *host) GetPluginInfo(ctx context.Context, r *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return h.inner.GetPluginInfo(ctx, r)
}

func (h *host) About(ctx context.Context, r *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	return h.inner.About(ctx, r)
}

func (h *host) GetProgramDependencies(ctx context.Context, r *pulumirpc.GetProgramDependenciesRequest) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return h.inner.GetProgramDependencies(ctx, r)
}

func (h *host) RuntimeOptionsPrompts(ctx context.Context, r *pulumirpc.RuntimeOptionsRequest) (*pulumirpc.RuntimeOptionsResponse, error) {
	return h.inner.RuntimeOptionsPrompts(ctx, r)
}

// InstallDependencies runs npm install through the inner host, except where PULUMI_TEST_NODE_MODULES
// names a node_modules directory: the engine tests reach no registry, so a program that `pulumi new`
// creates gets that directory linked in instead.
func (h *host) InstallDependencies(r *pulumirpc.InstallDependenciesRequest, server grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse]) error {
	if modules := os.Getenv("PULUMI_TEST_NODE_MODULES"); modules != "" {
		dir := r.GetInfo().GetProgramDirectory()
		if dir == "" {
			dir = r.GetDirectory()
		}
		target := filepath.Join(dir, "node_modules")
		if _, err := os.Lstat(target); os.IsNotExist(err) {
			if err := os.Symlink(modules, target); err != nil {
				return err
			}
		}
		return server.Send(&pulumirpc.InstallDependenciesResponse{
			Stdout: []byte(fmt.Sprintf("Linked %s to %s (PULUMI_TEST_NODE_MODULES) instead of npm install\n", target, modules)),
		})
	}
	stream, err := h.inner.InstallDependencies(server.Context(), r)
	if err != nil {
		return err
	}
	for {
		msg, err := stream.Recv()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := server.Send(msg); err != nil {
			return err
		}
	}
}

// RunPlugin runs a Node.js policy pack from its directory and streams its output.
func (h *host) RunPlugin(r *pulumirpc.RunPluginRequest, server grpc.ServerStreamingServer[pulumirpc.RunPluginResponse]) error {
	if r.GetKind() != "" && r.GetKind() != "analyzer" {
		return status.Errorf(codes.Unimplemented, "this language host runs policy packs only, not %q plugins", r.GetKind())
	}
	dir := r.GetInfo().GetProgramDirectory()
	if dir == "" {
		dir = r.GetPwd()
	}
	resolve := exec.Command("node", "-e", "process.stdout.write(require.resolve('@pulumi/pulumi/cmd/run-policy-pack'))")
	resolve.Dir = dir
	script, err := resolve.Output()
	if err != nil {
		return fmt.Errorf("cannot find @pulumi/pulumi/cmd/run-policy-pack from %s; run npm install there: %w", dir, err)
	}
	args := append([]string{string(script)}, r.GetArgs()...)
	cmd := exec.CommandContext(server.Context(), "node", append(args, dir)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), r.GetEnv()...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	var mu sync.Mutex
	send := func(msg *pulumirpc.RunPluginResponse) {
		mu.Lock()
		defer mu.Unlock()
		_ = server.Send(msg)
	}
	var wg sync.WaitGroup
	pump := func(from io.Reader, wrap func([]byte) *pulumirpc.RunPluginResponse) {
		defer wg.Done()
		buf := make([]byte, 32*1024)
		for {
			n, err := from.Read(buf)
			if n > 0 {
				send(wrap(append([]byte(nil), buf[:n]...)))
			}
			if err != nil {
				return
			}
		}
	}
	wg.Add(2)
	go pump(stdout, func(b []byte) *pulumirpc.RunPluginResponse {
		return &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: b}}
	})
	go pump(stderr, func(b []byte) *pulumirpc.RunPluginResponse {
		return &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: b}}
	})
	wg.Wait()
	code := 0
	if err := cmd.Wait(); err != nil {
		exit, ok := err.(*exec.ExitError)
		if !ok {
			return err
		}
		code = exit.ExitCode()
	}
	send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: int32(code)}})
	return nil
}

func main() {
	if err := serve(); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
		os.Exit(1)
	}
}

func serve() error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	inner := exec.Command(filepath.Join(filepath.Dir(self), innerHost), os.Args[1:]...)
	inner.Stderr = os.Stderr
	// The inner host dies with this process, however the engine ends it.
	inner.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	out, err := inner.StdoutPipe()
	if err != nil {
		return err
	}
	if err := inner.Start(); err != nil {
		return err
	}
	reader := bufio.NewReader(out)
	port, err := reader.ReadString('\n')
	if err != nil {
		return fmt.Errorf("the inner language host did not report its port: %w", err)
	}
	go func() { _, _ = io.Copy(os.Stdout, reader) }()
	conn, err := grpc.NewClient("127.0.0.1:"+strings.TrimSpace(port), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer conn.Close()

	// A free loopback port, printed on stdout: how the engine finds a plugin.
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	server := grpc.NewServer()
	pulumirpc.RegisterLanguageRuntimeServer(server, &host{inner: pulumirpc.NewLanguageRuntimeClient(conn)})
	fmt.Printf("%d\n", listener.Addr().(*net.TCPAddr).Port)
	go func() {
		_ = inner.Wait()
		server.Stop()
	}()
	return server.Serve(listener)
}
