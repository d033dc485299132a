package dev.secretkit.cli;

import dev.secretkit.client.SecretClient;
import dev.secretkit.projection.ProjectionRenderer;
import dev.secretkit.projection.RenderedProjection;
import dev.secretkit.projection.SecretDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code secretctl exec}: renders a consumer's projections, then runs a command with the projected
 * variables, files and arguments, and exits with its status.
 */
@Command(
    name = "exec",
    sortOptions = false,
    showEndOfOptionsDelimiterInUsageHelp = true,
    description = {
        "Runs COMMAND with what a consumer's manifest projects: its environment variables on top of secretctl's"
            + " own environment (a projected variable wins; SECRETKIT_* and, on a Vault store, Vault's login are"
            + " left out, since they would open every secret of the store), its files in a secret directory named by"
            + " $DATAOS_SECRET_DIR, and its arguments after ARGS. stdin, stdout and stderr are the command's own.",
        "Everything is rendered first: if a secret, key or alias is missing, or may not be used, the command is not"
            + " started and exec exits with that failure's status (2 to 8) after one line saying why.",
        "The files go to --dir when it is given, and stay there; otherwise to a new private directory (0700) that"
            + " is removed when the command ends. exec does not register the consumer as a dependent of its secrets:"
            + " it is a run, not an apply ('secretctl project' registers).",
        "SIGTERM, SIGHUP, SIGUSR1 and SIGUSR2 to secretctl are passed on to the command as themselves, and SIGINT"
            + " too when secretctl has no terminal (at one, Ctrl-C reaches the command itself); exec exits with the"
            + " command's status once it ends. secretctl prints no value itself; a projected argument is visible to other local"
            + " users in the process list, so prefer variables or files for secrets.",
        "secretctl's options end at COMMAND: every word after it is the command's (-- before it is optional)."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  secretctl exec -f service.yaml -- ./run-service --port 8080",
        "  secretctl exec -f service.yaml -- sh -c 'psql \"$DATABASE_URL\"'",
        "  secretctl exec -f job.yaml --dir ./.secrets -- java -jar job.jar"},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0-255:the command's own status (128 + N when signal N ended it, 143 for SIGTERM)",
        "1:unexpected error in secretctl (the command was not started)",
        "2:bad usage or configuration, a -w that contradicts the consumer, or a --dir that cannot take the files",
        "3:the consumer's manifest has errors, or names a key or alias that is not there",
        "4:a secret it uses does not exist, or no store", "5:not allowed to use a secret", "7:store unavailable",
        "8:a stored record cannot be read",
        "126:COMMAND was found but cannot be run", "127:COMMAND was not found"})
final class ExecCommand extends ProjectionCommand {
  /** The variables that log in to Vault, which the command does not inherit from secretctl on a Vault store. */
  private static final Set<String> VAULT_LOGIN = Set.of("VAULT_TOKEN", "VAULT_ROLE_ID", "VAULT_ROLE_ID_FILE",
      "VAULT_SECRET_ID", "VAULT_SECRET_ID_FILE");

  /** The variable that names the secret directory, as in a DataOS container. */
  static final String SECRET_DIR = "DATAOS_SECRET_DIR";

  @Option(names = "--dir", paramLabel = "DIR",
      description = "Write the files here and leave them. Default: a new private temporary directory, removed when"
          + " the command ends.")
  private Path dir;

  @Parameters(paramLabel = "COMMAND", arity = "1..*",
      description = "The command and its ARGS; the projected arguments follow them.")
  private List<String> command;

  /** Ends secretctl's options at COMMAND, so that the command's own options need no {@code --} before it. */
  @Spec
  void stopAtCommand(CommandSpec commandSpec) {
    commandSpec.parser().stopAtPositional(true);
  }

  @Override
  String nothingDone() {
    return "the command was not started";
  }

  @Override
  int run(SecretClient client) {
    RenderedProjection rendered = new ProjectionRenderer(client).render(consumers);
    try {
      return run(rendered, client.store());
    } finally {
      rendered.destroy();
    }
  }

  private int run(RenderedProjection rendered, String store) {
    PrintWriter err = spec.commandLine().getErr();
    Map<String, String> environment = new HashMap<>(parent.environment());
    environment.keySet().removeIf(name -> opensTheStore(name, store));
    // A secret directory of secretctl's own caller is not this command's: it is set below when there are files.
    environment.remove(SECRET_DIR);
    noteLeftOut(rendered, err);
    environment.putAll(rendered.env());
    List<String> arguments = new ArrayList<>(command);
    for (String arg : rendered.args()) {
      if (arg.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("projected argument " + (arguments.size() - command.size() + 1) + " holds a"
            + " NUL, which no argument can hold; the command was not started");
      }
      arguments.add(arg);
    }
    ExecutableSearch.Found found = ExecutableSearch.find(command.get(0), environment.get("PATH"));
    if (found.program() == null) {
      err.println(spec.qualifiedName() + ": cannot run " + OutputFormat.printable(command.get(0)) + ": "
          + found.reason());
      return found.status();
    }
    arguments.set(0, found.program().toString());
    try (Termination termination = Termination.install()) {
      Path temporary = null;
      try {
        if (!rendered.files().isEmpty()) {
          Path directory = dir;
          if (directory == null) {
            temporary = Files.createTempDirectory("secretctl-exec-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            directory = temporary;
          }
          write(SecretDirectory.at(directory), rendered.files());
          environment.put(SECRET_DIR, directory.toAbsolutePath().normalize().toString());
        }
        if (termination.requested()) {
          return Termination.STOPPED;
        }
        int status = start(arguments, environment, err);
        termination.status(status);
        return status;
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot create a temporary secret directory (" + e + "); give one with"
            + " --dir", e);
      } finally {
        if (temporary != null) {
          remove(temporary, err);
        }
      }
    }
  }

  /**
   * Starts the command, waits for it, passing on the signals secretctl gets ({@link SignalRelay}), and a
   * stop the JVM's shutdown asks for as SIGTERM, and returns its status.
   */
  private int start(List<String> arguments, Map<String, String> environment, PrintWriter err) {
    ProcessBuilder builder = new ProcessBuilder(arguments).inheritIO();
    builder.environment().clear();
    builder.environment().putAll(environment);
    spec.commandLine().getOut().flush();
    err.flush();
    SignalRelay relay = SignalRelay.install(System.console() != null);
    try {
      Process child;
      try {
        child = builder.start();
      } catch (IOException e) {
        err.println(spec.qualifiedName() + ": cannot run " + OutputFormat.printable(command.get(0)) + ": "
            + OutputFormat.printable(String.valueOf(e.getMessage())));
        return ExecutableSearch.NOT_EXECUTABLE;
      }
      relay.attach(child);
      while (true) {
        try {
          return child.waitFor();
        } catch (InterruptedException stop) {
          child.destroy();
        }
      }
    } finally {
      relay.close();
    }
  }

  /**
   * Returns whether the variable {@code name} of secretctl's environment is one it reads to open
   * {@code store}, which the command must not inherit: it would open every secret of the store, not
   * only those projected. SecretKit's own ({@code SECRETKIT_*}, the file store's master key among
   * them) always; Vault's login when the store is Vault. Cloud identities (AWS, Google) pass on:
   * a data workload usually needs its own.
   */
  static boolean opensTheStore(String name, String store) {
    return name.startsWith("SECRETKIT_") || store.startsWith("vault:") && VAULT_LOGIN.contains(name);
  }

  /** Removes the temporary secret directory and everything in it; says so on stderr when it cannot. */
  private void remove(Path temporary, PrintWriter err) {
    try (Stream<Path> walk = Files.walk(temporary)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | RuntimeException e) {
      err.println(spec.qualifiedName() + ": could not remove the temporary secret directory " + temporary + " ("
          + e.getClass().getName() + "); remove it yourself");
    }
  }
}
