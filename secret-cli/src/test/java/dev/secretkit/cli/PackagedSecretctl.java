package dev.secretkit.cli;

import dev.secretkit.access.Principal;
import dev.secretkit.client.SecretClient;
import dev.secretkit.client.SecretClientBuilder;
import dev.secretkit.testkit.Canaries;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The packaged {@code secretctl.jar}, run as a separate process the way a user runs it: in a
 * clean environment (none of the machine's {@code SECRETKIT_}, {@code AWS_}, {@code VAULT_} or
 * {@code GOOGLE_} variables, {@code HOME} a test folder, {@code USER} tester) plus what a test adds.
 * Everything it prints is kept for the canary scan, except the stdout of runs asked to print values
 * ({@code resolve}, {@code --reveal}).
 *
 * <p>It starts the JVM as {@code bin/secretctl}, the launcher the README gives users, does: with
 * the JVM options of its {@code jvm_flags} line (C1 only, no CDS log lines, the archive not relocated)
 * and a class-data archive recorded from the same training run with the backends
 * ({@link BackendTraining}), once for the build. Neither changes what secretctl does; both make each start cheaper.
 */
final class PackagedSecretctl {
  /** The jar the build packaged, which {@code verify} runs these tests against. */
  static final Path JAR = Path.of(System.getProperty("secretctl.jar", "target/secretctl.jar"));
  /** The launcher whose JVM options every run uses. */
  private static final Path LAUNCHER = Path.of("../bin/secretctl");
  /** The test runs' own archive: {@code bin/secretctl}'s {@code secretctl.jsa} stays the launcher's. */
  private static final Path ARCHIVE = JAR.toAbsolutePath().resolveSibling("secretctl-it.jsa");
  private static List<String> flags;
  private static FileTime built;
  private static boolean archived;

  private final Map<String, String> environment = new HashMap<>(System.getenv());
  private final List<String> printed = new ArrayList<>();

  /** Runs in {@code home}, with no store, master key, AWS, Vault or Google setting of the machine's. */
  PackagedSecretctl(Path home) {
    environment.keySet().removeIf(name -> name.startsWith("SECRETKIT_") || name.startsWith("AWS_")
        || name.startsWith("VAULT_") || name.startsWith("GOOGLE_"));
    environment.put("HOME", home.toString());
    environment.put("USER", "tester");
  }

  /**
   * Adds {@code variables}, such as the fake {@code AWS_ACCESS_KEY_ID} of an emulator, to the environment every
   * later run gets; credentials go there, as a user's do, never in a store URI.
   */
  void putEnvironment(Map<String, String> variables) {
    environment.putAll(variables);
  }

  /** Returns the environment every run gets, for a test that starts another process or an in-process client. */
  Map<String, String> environment() {
    return Map.copyOf(environment);
  }

  /**
   * Applies {@code manifest} in this JVM, as the user secretctl runs as, on {@code store} (null: the
   * home's default store): a test's setup, where the apply is not what it checks. That secretctl's
   * apply does the same is checked by SecretCtlProcessIT, FileStoreProcessIT, AwsStoreProcessIT and
   * VaultStoreProcessIT; each run of the packaged jar costs a JVM start.
   */
  void applyInProcess(String store, Path manifest) {
    try (SecretClient client = clientInProcess(store, null)) {
      client.apply(manifest);
    }
  }

  /**
   * Returns a client in this JVM on {@code store} (null: the home's default store) with the
   * environment secretctl runs with, acting as {@code principal} (null: the user secretctl runs
   * as): for a test's setup and for its checks of what a run left in the store, neither of which
   * needs a JVM start of its own.
   */
  SecretClient clientInProcess(String store, Principal principal) {
    return clientInProcess(Map.of(), store, principal);
  }

  /** Returns {@link #clientInProcess(String, Principal)}'s client with {@code variables} added to the environment. */
  SecretClient clientInProcess(Map<String, String> variables, String store, Principal principal) {
    Map<String, String> withVariables = new HashMap<>(environment);
    withVariables.putAll(variables);
    SecretClientBuilder builder = SecretClient.builder().environment(withVariables);
    if (store != null) {
      builder.store(store);
    }
    if (principal != null) {
      builder.principal(principal);
    }
    return builder.build();
  }

  /** Runs {@code secretctl ARGS}. */
  ProcessRun run(String... args) throws Exception {
    return run(Map.of(), args);
  }

  /** Runs {@code secretctl ARGS} with {@code variables} added to the environment. */
  ProcessRun run(Map<String, String> variables, String... args) throws Exception {
    List<String> command = java();
    command.addAll(List.of("-jar", JAR.toString()));
    command.addAll(Arrays.asList(args));
    Map<String, String> withVariables = new HashMap<>(environment);
    withVariables.putAll(variables);
    ProcessRun run = ProcessRun.run(command, withVariables);
    List<String> words = Arrays.asList(args);
    if (!words.contains("resolve") && !words.contains("--reveal")) {
      printed.add(run.out());
    }
    printed.add(run.stderr());
    return run;
  }

  /**
   * Returns {@code java} with the launcher's JVM options and the class-data archive, for a test
   * that starts the packaged secretctl in its own way; records the archive on first use, unless
   * another test JVM is recording it: until that one is there, runs go without an archive, which
   * costs them more CPU but keeps this JVM's core busy.
   */
  static synchronized List<String> java() throws IOException, InterruptedException {
    if (flags == null) {
      flags = launcherFlags();
      built = newestOfTheJarAndItsLibraries();
    }
    if (!archived) {
      archived = archiveIsFresh() || recordArchiveUnlessAnotherJvmIs();
    }
    List<String> command = new ArrayList<>(List.of("java"));
    command.addAll(flags);
    if (archived) {
      command.add("-XX:SharedArchiveFile=" + ARCHIVE);
    }
    return command;
  }

  /** Returns the class-data archive the runs use, once recorded: by this JVM, or by another that is recording it. */
  static synchronized Path archive() throws IOException, InterruptedException {
    java();
    if (!archived) {
      try (FileChannel channel = FileChannel.open(ARCHIVE.resolveSibling(ARCHIVE.getFileName() + ".lock"),
          StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock = channel.lock();
        try {
          if (!archiveIsFresh()) {
            train();
          }
          archived = true;
        } finally {
          lock.release();
        }
      }
    }
    return ARCHIVE;
  }

  /** Returns the options of the launcher's {@code jvm_flags=(...)} line. */
  static List<String> launcherFlags() throws IOException {
    Matcher line = Pattern.compile("(?m)^jvm_flags=\\(([^)]*)\\)$").matcher(Files.readString(LAUNCHER));
    if (!line.find()) {
      throw new IllegalStateException(LAUNCHER + " has no jvm_flags=(...) line");
    }
    return List.of(line.group(1).strip().split("\\s+"));
  }

  /**
   * Records the archive as {@code bin/secretctl} does, unless another test JVM holds the lock that
   * says it is recording it (false then); into a temporary file, then renamed, so that a concurrent
   * test JVM never maps half of one.
   */
  private static boolean recordArchiveUnlessAnotherJvmIs() throws IOException, InterruptedException {
    try (FileChannel channel = FileChannel.open(ARCHIVE.resolveSibling(ARCHIVE.getFileName() + ".lock"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
      if (lock == null) {
        return false;
      }
      if (!archiveIsFresh()) {
        train();
      }
      return true;
    }
  }

  /** Returns whether the archive is there and newer than the jar and its libraries, all of which it maps. */
  private static boolean archiveIsFresh() throws IOException {
    return Files.exists(ARCHIVE) && Files.getLastModifiedTime(ARCHIVE).compareTo(built) > 0;
  }

  /**
   * Records the archive from the training run with the backends (BackendTraining, its emulators in its own JVM):
   * the classes it loads, then the archive of those found on the jar's class path.
   */
  private static void train() throws IOException, InterruptedException {
    Path tmp = Files.createTempFile(ARCHIVE.getParent(), "secretctl-it", ".jsa.tmp");
    Path classes = Files.createTempFile(ARCHIVE.getParent(), "secretctl-it", ".classlist");
    Files.delete(tmp);
    try {
      List<String> training = new ArrayList<>(List.of("java"));
      training.addAll(flags);
      training.addAll(List.of("-XX:DumpLoadedClassList=" + classes, "-cp", System.getProperty("java.class.path"),
          BackendTraining.class.getName()));
      run(training);
      run(List.of("java", "-Xshare:dump", "-XX:SharedClassListFile=" + classes, "-XX:SharedArchiveFile=" + tmp,
          "-cp", JAR.toString()));
      if (!Files.isRegularFile(tmp) || Files.size(tmp) == 0) {
        throw new IllegalStateException("the class-data archive of " + JAR + " was not written");
      }
      Files.move(tmp, ARCHIVE, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
      Files.deleteIfExists(classes);
    }
  }

  /** Runs {@code command}, its output discarded; throws if it fails. */
  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException("a class-data step for " + JAR + " failed: " + command);
    }
  }

  /** Keeps {@code text}, printed by another process a test ran, for the canary scan. */
  void printed(String text) {
    printed.add(text);
  }

  /** Fails if anything a run printed, where no value was asked for, holds a planted canary. */
  void assertNothingLeaked(Canaries canaries) {
    printed.forEach(text -> canaries.assertAbsent("secretctl output", text));
  }

  /** Returns the time of the newest of the jar and the jars in its {@code lib/}, all of which the archive maps. */
  private static FileTime newestOfTheJarAndItsLibraries() throws IOException {
    FileTime newest = Files.getLastModifiedTime(JAR);
    try (Stream<Path> libraries = Files.list(JAR.toAbsolutePath().resolveSibling("lib"))) {
      for (Path library : (Iterable<Path>) libraries::iterator) {
        FileTime time = Files.getLastModifiedTime(library);
        newest = time.compareTo(newest) > 0 ? time : newest;
      }
    }
    return newest;
  }
}
