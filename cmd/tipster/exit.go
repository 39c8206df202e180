package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// Exit codes, listed in the root command's help.
const (
	exitOK          = 0
	exitFailure     = 1   // the command failed, or some items of a batch failed
	exitUsage       = 2   // bad usage or invalid config: nothing was run
	exitInterrupted = 130 // SIGINT or SIGTERM
)

// usageError marks errors in how tipster was called (flags, arguments,
// config), which exit with code 2.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usagef returns a usage error.
func usagef(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// run executes the command line and returns the exit code. It owns the root
// context: SIGINT and SIGTERM cancel it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	a := newApp(stdout, stderr)
	root := newRootCmd(a)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	return exitCode(ctx, stderr, err)
}

func exitCode(ctx context.Context, stderr io.Writer, err error) int {
	if err == nil {
		return exitOK
	}
	if ctx.Err() != nil || errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "tipster: interrupted")
		return exitInterrupted
	}
	fmt.Fprintf(stderr, "tipster: %v\n", err)
	var ue *usageError
	var ce *ConfigError
	var cl ConfigErrors
	// cobra reports unknown commands and flags as plain errors.
	if errors.As(err, &ue) || errors.As(err, &ce) || errors.As(err, &cl) || strings.HasPrefix(err.Error(), "unknown command") {
		return exitUsage
	}
	return exitFailure
}
