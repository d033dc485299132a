package dev.secretkit.cli;

import dev.secretkit.SecretException;
import dev.secretkit.SecretId;
import dev.secretkit.client.CachePolicy;
import dev.secretkit.client.SecretChange;
import dev.secretkit.client.SecretClient;
import dev.secretkit.projection.Consumer;
import dev.secretkit.projection.ConsumerDependents;
import dev.secretkit.projection.ProjectedFile;
import dev.secretkit.projection.Projection;
import dev.secretkit.projection.ProjectionListener;
import dev.secretkit.projection.ProjectionRenderer;
import dev.secretkit.projection.RenderedProjection;
import dev.secretkit.projection.SecretDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code secretctl project}: renders a consumer's projections, writes its files to the secret
 * directory, registers it as a dependent of the secrets it uses, and says what it projected; with
 * {@code --watch}, keeps the files current; with {@code --delete}, undoes all that.
 */
@Command(
    name = "project",
    sortOptions = false,
    description = {
        "Renders what a consumer's manifest declares, V1 dataosSecrets entries and V2 projections, from one version"
            + " of each secret it uses: environment variables, files and command arguments.",
        "The files are written to the secret directory (--dir, default ./.secrets) all at once: a reader sees the"
            + " old set or the new one, never a mix. Each consumer is then registered as a dependent of every"
            + " secret it uses, so that 'secretctl delete' refuses them while it does (--no-register: not).",
        "Everything is rendered before anything is written: a missing secret, key or alias, or a secret the"
            + " principal may not use, writes and registers nothing. Should registering fail, the files this run"
            + " wrote to a directory it created are removed again.",
        "Without -o it prints what it projected, never a value: each variable's name, each file's path, how many"
            + " arguments, and the version of each secret. -o prints the variables instead; values only with"
            + " --reveal, as 'secretctl env' does.",
        "--watch keeps the files current: a secret that changes is re-rendered and its files swapped in, with one"
            + " line naming the secret, its new version and the keys that changed (never a value). It runs until"
            + " stopped (Ctrl-C, SIGTERM), then exits with 0.",
        "--delete removes the consumer from the dependents of its secrets and the projected files from --dir;"
            + " it renders nothing."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  secretctl project -f service.yaml",
        "  secretctl project -f service.yaml --dir /run/app/secrets --watch",
        "  set -a; eval \"$(secretctl project -f service.yaml -o dotenv --reveal)\"; set +a",
        "  secretctl project -f service.yaml -o json --reveal --no-register | jq .env",
        "  secretctl project -f service.yaml --delete"},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:projected (or, with --watch, stopped by a signal; with --delete, removed)", "1:unexpected error",
        "2:bad usage or configuration, a -w that contradicts the consumer, a --dir that cannot take the files"
            + " (a name taken by a file secretctl did not write), or -o dotenv of two variables that become one",
        "3:the consumer's manifest has errors, or names a key or alias that is not there: nothing was written",
        "4:a secret it uses does not exist, or no store: nothing was written",
        "5:not allowed to use a secret (or, with --delete, to update one): nothing was written or removed",
        "6:a secret changed while the consumer was registered: run again", "7:store unavailable",
        "8:a stored record cannot be read"})
final class ProjectCommand extends ProjectionCommand {
  @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".secrets",
      description = "The secret directory the files go to (default: ${DEFAULT-VALUE} in the current directory);"
          + " a file entry's directory: /etc/dataos/secret names it too. Its config/ and work/ are reserved.")
  private Path dir;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", converter = ProjectionFormat.Converter.class,
      description = "Print the variables instead of the summary: env (NAME=value, as env prints), dotenv (quoted"
          + " for eval or a .env file), properties (for java.util.Properties), or json ({\"env\":{...},\"files\":[...],"
          + "\"args\":[...],\"secrets\":{...}}).")
  private ProjectionFormat output;

  @Option(names = "--reveal", description = "With -o, print the values (and, in json, the arguments).")
  private boolean reveal;

  @Option(names = "--watch", description = "Keep the files current until stopped; one line per re-render.")
  private boolean watch;

  @Option(names = "--interval", paramLabel = "DURATION", converter = IntervalConverter.class,
      description = "With --watch, how often each secret is looked at: 30s, 5m, 1h (at least 1s). Default: 1m.")
  private Duration interval;

  @Option(names = "--no-register", description = "Do not register the consumer as a dependent of its secrets.")
  private boolean noRegister;

  @Option(names = "--delete", description = "Unregister the consumer from its secrets and remove the projected"
      + " files; render nothing.")
  private boolean delete;

  @Override
  String nothingDone() {
    return "nothing was written or registered";
  }

  @Override
  void checkOptions() {
    if (delete && (output != null || reveal || watch || interval != null || noRegister)) {
      throw new ParameterException(spec.commandLine(), "--delete renders nothing: it takes no -o, --reveal, --watch,"
          + " --interval or --no-register");
    }
    if (reveal && output == null) {
      throw new ParameterException(spec.commandLine(), "--reveal goes with -o: the summary never shows a value");
    }
    if (watch && output != null) {
      throw new ParameterException(spec.commandLine(), "--watch prints one line per re-render, not -o: give one");
    }
    if (interval != null && !watch) {
      throw new ParameterException(spec.commandLine(), "--interval goes with --watch");
    }
  }

  @Override
  CachePolicy cache() {
    return interval != null ? CachePolicy.defaults().withTtl(interval) : null;
  }

  @Override
  int run(SecretClient client) {
    if (delete) {
      return delete(client);
    }
    return watch ? watch(client) : project(client);
  }

  private int project(SecretClient client) {
    SecretDirectory directory = SecretDirectory.at(dir);
    String owner = SecretDirectory.ownerOf(consumers);
    boolean created = !Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
    RenderedProjection rendered = new ProjectionRenderer(client).render(consumers);
    try {
      // What -o prints is made before anything is written: a format that cannot show the variables fails first.
      StringWriter printed = new StringWriter();
      boolean[] hidden = {false};
      if (output != null) {
        output.write(rendered, reveal, dir, () -> hidden[0] = true, new PrintWriter(printed));
      }
      if (!rendered.files().isEmpty()) {
        write(directory, rendered.files());
      } else if (!created && directory.owner().filter(owner::equals).isPresent()) {
        directory.clear();
      }
      Map<Consumer, List<SecretId>> registered = register(client, directory, created);
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      noteLeftOut(rendered, err);
      if (hidden[0]) {
        err.println(spec.qualifiedName() + ": values hidden: add --reveal to print them");
      }
      if (output != null) {
        out.print(printed);
      } else {
        summary(rendered, registered, out);
      }
    } finally {
      rendered.destroy();
    }
    return Failures.OK;
  }

  private int watch(SecretClient client) {
    SecretDirectory directory = declaresFiles() ? SecretDirectory.at(dir) : null;
    boolean created = !Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
    PrintWriter out = spec.commandLine().getOut();
    try (Termination termination = Termination.install()) {
      termination.status(Failures.OK);
      Projection projection = writing(() -> Projection.start(client, consumers, directory,
          new Rerenders(out, spec.commandLine().getErr())));
      try {
        summary(projection.current(), register(client, directory, created), out);
        int watched = projection.current().versions().size();
        spec.commandLine().getErr().println(spec.qualifiedName() + ": watching " + watched + (watched == 1
            ? " secret" : " secrets") + ", each looked at every " + text(cache() != null ? cache().ttl()
            : CachePolicy.defaults().ttl()) + "; stop with Ctrl-C or SIGTERM");
        termination.await();
      } finally {
        projection.close();
      }
    }
    return Failures.OK;
  }

  private int delete(SecretClient client) {
    PrintWriter out = spec.commandLine().getOut();
    for (Consumer consumer : consumers) {
      List<SecretId> removed = ConsumerDependents.unregister(client, consumer);
      out.println(removed.isEmpty() ? consumer.dependent() + " uses no secret that still exists; nothing to unregister"
          : "unregistered " + consumer.dependent() + " from " + ids(removed));
    }
    SecretDirectory directory = SecretDirectory.at(dir);
    Optional<String> owner = Files.isDirectory(dir) ? directory.owner() : Optional.empty();
    if (!Files.isDirectory(dir)) {
      out.println("no projected files in " + dir);
    } else if (owner.isPresent() && !owner.get().equals(SecretDirectory.ownerOf(consumers))) {
      out.println("left the files in " + dir + ": they were projected for " + owner.get());
    } else {
      directory.clear();
      out.println("removed the projected files from " + dir);
    }
    return Failures.OK;
  }

  /**
   * Registers each consumer as a dependent of the secrets it uses, unless {@code --no-register}; returns, for
   * each, the secrets it is registered with. When one fails, those this run registered are unregistered again,
   * and the files removed when this run created their directory.
   */
  private Map<Consumer, List<SecretId>> register(SecretClient client, SecretDirectory directory, boolean created) {
    Map<Consumer, List<SecretId>> registered = new LinkedHashMap<>();
    if (noRegister) {
      return registered;
    }
    List<Runnable> undo = new ArrayList<>();
    Consumer current = null;
    try {
      for (Consumer consumer : consumers) {
        current = consumer;
        List<SecretId> fresh = ConsumerDependents.secretsOf(client, consumer).stream()
            .filter(id -> !client.describe(id).metadata().dependents().contains(consumer.dependent())).toList();
        registered.put(consumer, ConsumerDependents.register(client, consumer));
        fresh.forEach(id -> undo.add(() -> client.unregisterDependent(id, consumer.dependent())));
      }
      return registered;
    } catch (RuntimeException e) {
      for (Runnable step : undo) {
        try {
          step.run();
        } catch (RuntimeException failed) {
          e.addSuppressed(failed);
        }
      }
      boolean removed = created && directory != null;
      if (removed) {
        directory.clear();
      }
      PrintWriter err = spec.commandLine().getErr();
      err.println(spec.qualifiedName() + ": registering " + current.dependent() + " as a dependent of its secrets"
          + " failed" + (e.getSuppressed().length > 0 ? ", and undoing the registrations of this run failed too"
          + " ('secretctl dependents list' shows what is left)" : "") + "; " + (removed ? "the files it wrote were"
          + " removed" : directory != null && Files.isDirectory(dir) ? "the files in " + dir + " are the new ones"
          : "no file was written") + "; run again, or use --no-register");
      throw e;
    }
  }

  private void summary(RenderedProjection rendered, Map<Consumer, List<SecretId>> registered, PrintWriter out) {
    rendered.env().keySet().forEach(name -> out.println("variable  " + name));
    for (ProjectedFile file : rendered.files()) {
      out.println("file      " + dir.resolve(file.path()) + " (" + String.format("%04o", file.mode()) + ")");
    }
    out.println("arguments " + rendered.args().size());
    rendered.versions().forEach((id, version) -> out.println("secret    " + id + " version " + version));
    registered.forEach((consumer, ids) -> out.println("registered " + consumer.dependent() + " as a dependent of "
        + ids(ids)));
  }

  private static String ids(List<SecretId> ids) {
    return ids.stream().map(SecretId::toString).collect(Collectors.joining(", "));
  }

  /** Returns {@code duration} as --interval takes it: {@code 1m}, {@code 30s}, {@code 1h}. */
  static String text(Duration duration) {
    if (duration.toSeconds() % 3600 == 0) {
      return duration.toHours() + "h";
    }
    return duration.toSeconds() % 60 == 0 ? duration.toMinutes() + "m" : duration.toSeconds() + "s";
  }

  /** Prints a line for each re-render, and each failure to re-render, of a watched projection. */
  private final class Rerenders implements ProjectionListener {
    private final PrintWriter out;
    private final PrintWriter err;

    Rerenders(PrintWriter out, PrintWriter err) {
      this.out = out;
      this.err = err;
    }

    @Override
    public void rendered(RenderedProjection projection, List<SecretChange> changes) {
      for (SecretChange change : changes) {
        out.println("re-rendered " + change.id() + " version " + change.version() + ": changed "
            + String.join(", ", change.changedKeys()));
      }
    }

    @Override
    public void failed(RuntimeException error) {
      String what = error instanceof SecretException known ? OutputFormat.printable(known.getMessage())
          : error.getClass().getName() + " (message withheld)";
      err.println(spec.qualifiedName() + ": re-rendering failed, the last render stays in place: " + what);
    }
  }

  /** Converts --interval: a number of seconds, minutes or hours ({@code 30s}, {@code 5m}, {@code 1h}), at least 1s. */
  static final class IntervalConverter implements ITypeConverter<Duration> {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})([smh])");

    @Override
    public Duration convert(String value) {
      Matcher matcher = SHORT.matcher(value.toLowerCase(Locale.ROOT));
      Duration duration;
      if (matcher.matches()) {
        long amount = Long.parseLong(matcher.group(1));
        duration = switch (matcher.group(2)) {
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofHours(amount);
        };
      } else {
        try {
          duration = Duration.parse(value);
        } catch (DateTimeParseException e) {
          throw new TypeConversionException("expected a duration such as 30s, 5m or 1h");
        }
      }
      if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new TypeConversionException("the watch looks at most once a second: give 1s or more");
      }
      if (duration.compareTo(Duration.ofDays(36_500)) > 0) {
        throw new TypeConversionException("the watch looks at least once in 100 years: give at most 36500 days");
      }
      return duration;
    }
  }
}
