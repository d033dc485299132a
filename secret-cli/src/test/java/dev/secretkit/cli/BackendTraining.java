package dev.secretkit.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The class-data training run with the backends: {@link CdsTraining}, plus apply, get, resolve and delete on an
 * aws-sm, a vault and a gcp-sm store, each on its emulator ({@link TrainingEmulators}, started in a JVM of its own),
 * so that the archive holds the classes a real read through each backend loads: the SDK's or driver's client, its
 * HTTP or gRPC transport, the parsing of the answers.
 *
 * <p>It is test code because the emulators are test libraries: {@code bin/secretctl} runs it, with the test classes
 * and the emulators' classes on the class path, when the build compiled them (a checkout's build does), and
 * PackagedSecretctl for the process tests' archive. The AWS credentials and the Vault token are fake, and reach the
 * stores through the environment only, never a command line.
 */
public final class BackendTraining {
  private static final int STORES = 3;

  private BackendTraining() {
  }

  /** Runs the training; exits with 0, or throws when a command misbehaves or the emulators do not start. */
  public static void main(String[] args) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process emulators = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        TrainingEmulators.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      Map<String, Map<String, String>> stores = new LinkedHashMap<>();
      BufferedReader lines = new BufferedReader(new InputStreamReader(emulators.getInputStream(),
          StandardCharsets.UTF_8));
      for (int i = 0; i < STORES; i++) {
        String line = lines.readLine();
        if (line == null) {
          throw new IllegalStateException("the training emulators stopped before naming their stores");
        }
        List<String> fields = List.of(line.split("\t"));
        Map<String, String> variables = new HashMap<>();
        fields.subList(1, fields.size()).forEach(field -> variables.put(field.substring(0, field.indexOf('=')),
            field.substring(field.indexOf('=') + 1)));
        stores.put(fields.get(0), variables);
      }
      CdsTraining.train(stores);
    } finally {
      emulators.getOutputStream().close();
      emulators.waitFor();
    }
  }
}
