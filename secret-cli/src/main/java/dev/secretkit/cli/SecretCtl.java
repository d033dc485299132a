package dev.secretkit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.RunLast;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code secretctl} command: {@link #main} runs the subcommand named by the arguments and
 * exits with its status.
 *
 * <p>Every subcommand exits with 0 on success, 1 on an unexpected error (a bug), 2 on bad usage
 * or configuration, 3 for an invalid manifest, 4 when something is not found, 5 when access is
 * denied, 6 on a conflict, 7 when the store is unavailable (a transient fault: retry) and 8 when a
 * stored record cannot be read (a permanent fault: restore or force-delete it; see {@link Failures}); {@code exec}
 * exits with its command's status once it started it. Nothing {@code secretctl} prints, on stdout or stderr,
 * contains a secret value, except what {@code resolve}, {@code get --reveal}, {@code env --reveal} and
 * {@code project -o ... --reveal} are asked to print: an unexpected exception is reported by its class and stack
 * frames, without its message.
 *
 * <p>The shared options ({@link ClientOptions}) may be given before or after the command's name,
 * but not in both places. Each run builds its own command objects, so runs share no state.
 */
@Command(
    name = "secretctl",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    versionProvider = SecretCtl.Version.class,
    description = {"The SecretKit command line: apply, read, resolve and delete secrets on any store.",
        "The options below may be given before or after the command's name (once): secretctl --store memory: get"
            + " and secretctl get --store memory: are the same."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success",
        "1:unexpected error (a bug: please report it)",
        "2:bad usage or configuration: an unknown option, a shared option given both before and after the command, a"
            + " bad store URI or reference, a wrong or missing master key, a -w that contradicts a manifest, no usable"
            + " credentials for the store (none found, an unknown profile)",
        "3:invalid manifest: nothing was applied",
        "4:not found: no such secret, version or key (the message names what was probably meant), or no store yet"
            + " (reads never create one; apply does)",
        "5:access denied: by the access rules, or the store refused this client's credentials (IAM) or file"
            + " permissions",
        "6:conflict: the secret changed meanwhile (retry), or has dependents ('secretctl dependents list' shows"
            + " them; --force)",
        "7:store unavailable or throttling: retry later",
        "8:a stored record cannot be read (corrupt, foreign or of an unknown format): restore it, or delete it with"
            + " --force"})
public final class SecretCtl {
  /**
   * The commands, in the order {@code --help} lists them: each a {@code @Command} class that inherits
   * {@code --help} and {@code --version}, and reaches the environment through a {@code @ParentCommand} field.
   */
  static final List<Class<?>> COMMANDS = List.of(ApplyCommand.class, GetCommand.class, EnvCommand.class,
      ResolveCommand.class, HistoryCommand.class, DeleteCommand.class, GrantCommand.class, RevokeCommand.class,
      DependentsCommand.class, ProjectCommand.class, ExecCommand.class, StoreCommand.class, StoresCommand.class,
      ValidateCommand.class, VersionCommand.class, CompletionCommand.class);

  @Mixin
  private ClientOptions options;

  private final InputStream in;
  private final PrintStream out;
  private final Map<String, String> environment;
  /** Whether this run knows only the commands its arguments name, so that a usage error is reported by a full run. */
  private final boolean partial;
  /** Whether the arguments parsed, and a command started. */
  private boolean started;
  /** Whether a usage error showed that the run must be made again with every command. */
  private boolean rerun;

  private SecretCtl(InputStream in, PrintStream out, Map<String, String> environment, boolean partial) {
    this.in = in;
    this.out = out;
    this.environment = Map.copyOf(environment);
    this.partial = partial;
  }

  /** Runs {@code secretctl} with the process's streams and environment, then exits with its status. */
  public static void main(String[] args) {
    CliLogging.install(System.err, Arrays.asList(args).contains("--debug"));
    System.exit(run(args, System.in, System.out, System.err, System.getenv()));
  }

  /**
   * Runs {@code secretctl}, reading {@code in} for {@code -}, writing to {@code out} and {@code err}; returns the exit
   * status.
   *
   * <p>Building picocli's model of a command costs a few milliseconds of start-up each, so a run builds only those
   * of the commands its arguments name ({@code secretctl resolve ...} builds {@code resolve}'s), none for
   * {@code secretctl --version}, and every command when they name none, ask for help, or name {@code completion},
   * whose script covers them all. Arguments that parse with the named commands parse the same with all of them; a
   * usage error, found before any command runs, is reported by a run with every command, whose messages may name or
   * suggest the others.
   */
  static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> environment) {
    Optional<List<Class<?>>> named = commandsNamedIn(args);
    if (named.isPresent()) {
      SecretCtl partial = new SecretCtl(in, out, environment, true);
      int status = partial.execute(args, named.get(), err);
      if (!partial.rerun) {
        return status;
      }
    }
    return new SecretCtl(in, out, environment, false).execute(args, COMMANDS, err);
  }

  /**
   * Returns the commands among {@link #COMMANDS} that {@code args} name (none for {@code --version} alone), or
   * empty when all are needed: no command is named, help is asked for, or {@code completion} is named.
   */
  private static Optional<List<Class<?>>> commandsNamedIn(String[] args) {
    List<String> words = List.of(args);
    if (words.contains("-h") || words.contains("--help")) {
      return Optional.empty();
    }
    List<Class<?>> named = COMMANDS.stream().filter(command -> words.contains(name(command))).toList();
    if (named.isEmpty()) {
      boolean version = words.contains("-V") || words.contains("--version");
      return version ? Optional.of(named) : Optional.empty();
    }
    return named.contains(CompletionCommand.class) ? Optional.empty() : Optional.of(named);
  }

  /**
   * Returns the name of {@code command}, one of {@link #COMMANDS}: its class name without {@code Command}, in lower
   * case, as its {@code @Command} annotation says too; read without the annotation, whose parsing is what picocli's
   * model of a command costs.
   */
  static String name(Class<?> command) {
    String simpleName = command.getSimpleName();
    return simpleName.substring(0, simpleName.length() - "Command".length()).toLowerCase(Locale.ROOT);
  }

  private int execute(String[] args, List<Class<?>> commands, PrintStream err) {
    PrintWriter outWriter = new PrintWriter(out, true);
    PrintWriter errWriter = new PrintWriter(err, true);
    CommandLine commandLine = new CommandLine(this);
    // Before the settings below, which apply to the commands registered when they are set. A loop, not a method
    // reference to CommandLine: the class-data archive could not hold picocli's main class (compiled for Java 5)
    // once a lambda linked it.
    for (Class<?> command : commands) {
      commandLine.addSubcommand(command);
    }
    commandLine.setOut(outWriter)
        .setErr(errWriter)
        .setParameterExceptionHandler((e, arguments) -> {
          if (partial && !started) {
            rerun = true;
            return commandLine.getCommandSpec().exitCodeOnInvalidInput();
          }
          return usageError(e, arguments);
        })
        .setExecutionExceptionHandler(SecretCtl::failure)
        .setExecutionStrategy(parsed -> {
          started = true;
          ClientOptions.checkGivenOnce(parsed);
          return new RunLast().execute(parsed);
        });
    try {
      return commandLine.execute(args);
    } finally {
      outWriter.flush();
      errWriter.flush();
    }
  }

  /** Returns the standard input, which a {@code -} path reads. */
  InputStream in() {
    return in;
  }

  /** Returns standard output as bytes, for a value that must be printed exactly; flush the command's writer first. */
  PrintStream out() {
    return out;
  }

  /** Returns the options shared by every command, wherever on the command line they were given. */
  ClientOptions options() {
    return options;
  }

  /** Returns the variables that {@code $VAR} in a manifest expands from, and store settings such as {@code SECRETKIT_STORE}. */
  Map<String, String> environment() {
    return environment;
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine commandLine = e.getCommandLine();
    PrintWriter err = commandLine.getErr();
    String command = commandLine.getCommandSpec().qualifiedName();
    boolean stray = e instanceof UnmatchedArgumentException unmatched
        && unmatched.getUnmatched().stream().anyMatch(argument -> !argument.startsWith("-"));
    String first = e instanceof UnmatchedArgumentException unmatched ? unmatched.getUnmatched().get(0) : "";
    if (stray && commandLine.getParent() == null && first.startsWith("-")) {
      err.println(command + ": " + optionBeforeCommand(commandLine, first));
    } else if (stray && commandLine.getParent() == null) {
      // Only the would-be command is repeated, never the arguments after it, which may be values.
      err.println(command + ": unknown command '" + OutputFormat.printable(first) + "'");
      UnmatchedArgumentException.printSuggestions(e, err);
    } else if (stray) {
      // A stray argument may be a value pasted in the wrong place: say how many, not what.
      err.println(command + ": " + ((UnmatchedArgumentException) e).getUnmatched().size()
          + " unexpected argument(s), not repeated here in case one is a secret value");
    } else {
      err.println(command + ": " + e.getMessage());
      UnmatchedArgumentException.printSuggestions(e, err);
    }
    err.println("Try '" + command + " --help' for more information.");
    return commandLine.getCommandSpec().exitCodeOnInvalidInput();
  }

  /**
   * Explains an option given before the command that only commands take ({@code secretctl -w
   * engineering get}, as kubectl users type {@code -n}), or one no command takes. The argument is
   * repeated only when it looks like an option name, never a value that happens to start with -.
   */
  private static String optionBeforeCommand(CommandLine top, String argument) {
    String name = argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
    if (!name.matches("--?[A-Za-z][A-Za-z0-9-]*")) {
      return "an unexpected argument before the command, not repeated here in case it is a secret value";
    }
    List<String> takers = top.getSubcommands().entrySet().stream()
        .filter(command -> command.getValue().getCommandSpec().findOption(name) != null).map(Map.Entry::getKey)
        .toList();
    if (takers.isEmpty()) {
      return "unknown option '" + name + "'; the options that go before the command are --store, --principal,"
          + " --roles and --debug";
    }
    return "option " + name + " belongs to the command: give it after it, as in 'secretctl " + takers.get(0) + " "
        + name + " ...' (" + String.join(", ", takers) + " take it)";
  }

  /** Reports a failure by {@link Failures}' rules: a one-line message and hint, never a value. */
  private static int failure(Exception e, CommandLine commandLine, ParseResult parseResult) {
    boolean debug = commandLine.getCommand() instanceof ClientCommand command && command.debug();
    return Failures.report(commandLine.getCommandSpec().qualifiedName(), e, debug, commandLine.getErr());
  }

  /** Reads the version Maven wrote into {@code secretctl.properties}. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      Properties properties = new Properties();
      try (InputStream in = SecretCtl.class.getResourceAsStream("secretctl.properties")) {
        if (in == null) {
          throw new IllegalStateException("secretctl.properties is missing from the class path");
        }
        properties.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new String[] {"secretctl " + properties.getProperty("version")};
    }
  }
}
