package dev.secretkit.cli;

import dev.secretkit.testkit.Canaries;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged {@code secretctl.jar}, run as a separate process the way a user runs it: in a
 * clean environment (none of the machine's {@code SECRETKIT_} or {@code AWS_} variables,
 * {@code HOME} a test folder, {@code USER} tester) plus what a test adds. Everything it prints is
 * kept for the canary scan, except the stdout of runs asked to print values ({@code resolve},
 * {@code --reveal}).
 */
final class PackagedSecretctl {
  /** The jar the build packaged, which {@code verify} runs these tests against. */
  static final Path JAR = Path.of(System.getProperty("secretctl.jar", "target/secretctl.jar"));

  private final Map<String, String> environment = new HashMap<>(System.getenv());
  private final List<String> printed = new ArrayList<>();

  /** Runs in {@code home}, with no store, master key or AWS setting of the machine's. */
  PackagedSecretctl(Path home) {
    environment.keySet().removeIf(name -> name.startsWith("SECRETKIT_") || name.startsWith("AWS_"));
    environment.put("HOME", home.toString());
    environment.put("USER", "tester");
  }

  /** Returns the environment every run gets, for a test that starts another process or an in-process client. */
  Map<String, String> environment() {
    return Map.copyOf(environment);
  }

  /** Runs {@code secretctl ARGS}. */
  ProcessRun run(String... args) throws Exception {
    return run(Map.of(), args);
  }

  /** Runs {@code secretctl ARGS} with {@code variables} added to the environment. */
  ProcessRun run(Map<String, String> variables, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("java", "-jar", JAR.toString()));
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

  /** Keeps {@code text}, printed by another process a test ran, for the canary scan. */
  void printed(String text) {
    printed.add(text);
  }

  /** Fails if anything a run printed, where no value was asked for, holds a planted canary. */
  void assertNothingLeaked(Canaries canaries) {
    printed.forEach(text -> canaries.assertAbsent("secretctl output", text));
  }
}
