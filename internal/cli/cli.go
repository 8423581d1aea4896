// Package cli is qmslint's command line: flag parsing, exit codes and output
// streams around the pipeline packages. All IO is injected so every command
// is tested as a black box, without a process.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/qmslint/qmslint/internal/bytesize"
	"github.com/qmslint/qmslint/internal/config"
	"github.com/qmslint/qmslint/internal/engine"
	"github.com/qmslint/qmslint/internal/lint"
	"github.com/qmslint/qmslint/internal/termtable"
)

// Exit codes. They are part of the contract hooks and CI scripts rely on.
const (
	ExitOK       = 0 // nothing at or above --fail-on
	ExitFindings = 1 // findings at or above --fail-on
	ExitUsage    = 2 // usage or configuration error
	ExitInternal = 3 // a bug in qmslint
)

// Version is set at build time with -ldflags "-X .../cli.Version=v1.2.3".
var Version = ""

// version returns the build's version: the ldflags value, else the module
// version recorded by `go install`, else "devel".
func version() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// IO is the environment a command runs in.
type IO struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Now is the clock for the default --date; tests pin it.
	Now func() time.Time
	// Getenv reads the environment (NO_COLOR); tests pin it.
	Getenv func(string) string
}

// exitError carries an exit code out of a command.
type exitError struct {
	code int
	err  error // printed when not nil
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func usageError(format string, args ...any) error {
	return &exitError{code: ExitUsage, err: fmt.Errorf(format, args...)}
}

// Main runs qmslint with args (without the program name) and returns the
// exit code. It never panics: a bug becomes one line on stderr and exit 3.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	return Run(args, IO{Stdin: stdin, Stdout: stdout, Stderr: stderr, Now: time.Now, Getenv: os.Getenv})
}

// Run is Main with a full environment.
func Run(args []string, env IO) (code int) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(env.Stderr, "qmslint: internal error: %v (please report this with the command you ran)\n", p)
			code = ExitInternal
		}
	}()
	if env.Now == nil {
		env.Now = time.Now
	}
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	root := newRoot(&env)
	root.SetArgs(args)
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(env.Stderr, "qmslint: %s\n", ee.err)
		}
		return ee.code
	}
	// Cobra's own errors: unknown command or flag, bad flag value.
	fmt.Fprintf(env.Stderr, "qmslint: %s (see qmslint --help)\n", strings.TrimSpace(err.Error()))
	return ExitUsage
}

func newRoot(env *IO) *cobra.Command {
	root := &cobra.Command{
		Use:   "qmslint",
		Short: "Lint a quality and information security management system kept in Git",
		Long: `qmslint checks a QMS/ISMS kept as Markdown and YAML in a Git repository
against ` + defaultNames() + `, or the standards .qmslint.yaml
enables: document control, clause coverage, infrastructure resilience,
risks, suppliers and CAPAs.

Every finding names its rule, severity, the clauses it enforces and the
file:line at fault. Documentation: docs/ in the qmslint repository.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError("%s (see %s --help)", err, c.CommandPath())
	})
	// --version prints what `qmslint version` prints, as golangci-lint and
	// conftest do.
	root.Version = version()
	root.SetVersionTemplate("qmslint {{.Version}}\n")
	root.AddCommand(newLint(env), newRules(env), newCAPA(env), newVersion(env))
	root.AddCommand(newCoverage(env), newSoA(env))
	root.AddCommand(newPolicy(env), newExplain(env))
	root.AddCommand(newReview(env), newHistory(env), newHook(env))
	root.AddCommand(newReport(env))
	root.AddCommand(newInit(env), newImport(env))
	root.AddCommand(newLSP(env))
	completions(root)
	guard(root)
	return root
}

// guard makes every command's own failures exit 3: an error that is not a
// usage error (which commands return as exitError) means qmslint could not
// finish (a bug, or output it could not write), and cobra's argument
// checks are usage errors.
func guard(c *cobra.Command) {
	if run := c.RunE; run != nil {
		c.RunE = func(cmd *cobra.Command, args []string) error {
			err := run(cmd, args)
			var ee *exitError
			if err == nil || errors.As(err, &ee) {
				return err
			}
			return &exitError{code: ExitInternal, err: err}
		}
	}
	if check := c.Args; check != nil {
		c.Args = func(cmd *cobra.Command, args []string) error {
			if err := check(cmd, args); err != nil {
				return usageError("%s (see %s --help)", err, cmd.CommandPath())
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		guard(sub)
	}
}

// parseDate reads --date, defaulting to today in local time. The day is
// pinned to midnight UTC so the same date gives the same result anywhere.
func parseDate(s string, now func() time.Time) (time.Time, error) {
	if s == "" {
		s = now().Format("2006-01-02")
	}
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, usageError("--date: expected a date like 2026-01-12, got %q", s)
	}
	// Rego's clock counts nanoseconds in an int64: outside these years
	// every date comparison would be undefined and date rules silent.
	if d.Year() < 1678 || d.After(time.Date(2262, 4, 11, 0, 0, 0, 0, time.UTC)) {
		return time.Time{}, usageError("--date: %s is outside the dates qmslint can evaluate (1678-01-01 to 2262-04-11)", s)
	}
	return d, nil
}

// runFlags are the flags of every command that lints a repository as of a
// day. One definition keeps their names and help the same in every command.
type runFlags struct {
	date     string
	config   string
	policies []string
	timeout  time.Duration
	memory   string
	cache    cacheFlags
}

const configHelp = "config file (default: .qmslint.yaml in PATH or a parent up to the Git root)"

// add registers the flags; configUsage overrides the --config help where
// a command finds its config differently ("" keeps configHelp).
func (f *runFlags) add(fl *pflag.FlagSet, configUsage string) {
	if configUsage == "" {
		configUsage = configHelp
	}
	fl.StringVar(&f.date, "date", "", "evaluate as of this day, YYYY-MM-DD (default today)")
	fl.StringVar(&f.config, "config", "", configUsage)
	fl.StringArrayVar(&f.policies, "policy", nil, "extra directory of Rego policies (repeatable)")
	fl.DurationVar(&f.timeout, "timeout", 0, "bound on policy evaluation (default 30s)")
	fl.StringVar(&f.memory, "max-memory", "", "bound on the memory of policy evaluation, such as 512MiB or 2GiB (default 1GiB, or max_memory in .qmslint.yaml when lower)")
	f.cache.add(fl)
}

// options is the lint run the flags ask for; a bad --date is a usage error.
func (f *runFlags) options(env *IO, root string) (lint.Options, error) {
	date, err := parseDate(f.date, env.Now)
	if err != nil {
		return lint.Options{}, err
	}
	var mem int64
	if f.memory != "" {
		if mem, err = bytesize.Parse(f.memory); err != nil {
			return lint.Options{}, usageError("--max-memory: %s", err)
		}
	}
	store, err := f.cache.open(env, root)
	if err != nil {
		return lint.Options{}, err
	}
	return lint.Options{Root: root, ConfigFile: f.config, Date: date, Policies: f.policies, Timeout: f.timeout, MaxMemory: mem, Cache: store}, nil
}

// rootArg is the repository a command works on: its i-th argument, else
// the current directory.
func rootArg(args []string, i int) string {
	if len(args) > i {
		return args[i]
	}
	return "."
}

// lintError turns the run's own configuration errors into usage errors
// (exit 2); anything else stays an error of qmslint (exit 3).
func lintError(err error) error {
	var le *lint.Error
	if errors.As(err, &le) {
		return usageError("%s", le.Err)
	}
	return err
}

// failOnOf is the --fail-on in force: the flag, else fail_on in
// .qmslint.yaml, else minor.
func failOnOf(flag, configured string) string {
	for _, v := range []string{flag, configured} {
		if v != "" {
			return v
		}
	}
	return "minor"
}

// checkFailOn validates --fail-on; "" leaves the choice to the config.
func checkFailOn(s string) error {
	if s != "" && !config.ValidFailOn(s) {
		return usageError("--fail-on: expected major, minor, observation or never, got %q", s)
	}
	return nil
}

// compileFor loads the configuration of root (or cfgFile) and compiles the
// rules in force there: the built-in ones, the configured packs and extra.
func compileFor(root, cfgFile string, extra []string) (*config.Config, []engine.Source, *engine.Engine, error) {
	cfg, err := config.Load(root, cfgFile)
	if err != nil {
		return nil, nil, nil, usageError("%s", err)
	}
	sources, err := lint.Sources(cfg, extra)
	if err != nil {
		return nil, nil, nil, usageError("%s", err)
	}
	eng, err := lint.Engine(sources)
	if err != nil {
		return nil, nil, nil, usageError("policies do not compile:\n%s", err)
	}
	return cfg, sources, eng, nil
}

// isTerminal reports whether w is a character device, for colour.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// tableWidth is the width tables are drawn to: the terminal's when stdout
// is one, else termtable.NotTerminal, or $COLUMNS when that is narrower
// (a CI log or an editor pane that says how wide it is).
func tableWidth(env *IO) int {
	if f, ok := env.Stdout.(*os.File); ok && isTerminal(f) {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
			return w
		}
	}
	if n, err := strconv.Atoi(env.Getenv("COLUMNS")); err == nil && n > 0 && n < termtable.NotTerminal {
		return n
	}
	return termtable.NotTerminal
}
