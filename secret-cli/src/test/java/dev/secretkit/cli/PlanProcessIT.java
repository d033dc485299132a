package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.SecretFilter;
import dev.secretkit.SecretId;
import dev.secretkit.SecretSummary;
import dev.secretkit.client.SecretClient;
import dev.secretkit.emulator.aws.AwsEmulatorExtension;
import dev.secretkit.emulator.aws.SecretsManagerEmulator;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the packaged {@code secretctl}'s plan against the file store and against the Secrets
 * Manager emulator: {@code apply --dry-run} prints the plan and changes nothing, and a write that
 * still fails midway gives every document a status line on stdout and exits with the failure's
 * code.
 *
 * <p>The rest of the plan runs the same in-process and is checked in PlanCommandsTest, on both
 * stores: {@code apply} and {@code delete -f} check every document first and write nothing when
 * one fails (a contradicting {@code -w}, dependents, a denied document), {@code delete -f
 * --dry-run}, and the owner of the docs' template.
 */
@ExtendWith(LeakScanner.class)
class PlanProcessIT {

  @TempDir
  Path home;

  private SecretsManagerEmulator emulator;
  private Canaries canaries;
  private String password;
  private PackagedSecretctl process;

  @BeforeEach
  void start(Canaries planted) throws Exception {
    process = new PackagedSecretctl(home);
    process.putEnvironment(AwsEmulatorExtension.credentials());
    canaries = planted;
    password = planted.plant();
    emulator = new SecretsManagerEmulator(new ManualClock()).start();
    Files.writeString(home.resolve("three.yaml"), manifest("a") + "---\n" + manifest("b") + "---\n"
        + manifest("c"));
    Files.writeString(home.resolve("ca.pem"), "fake certificate");
  }

  @AfterEach
  void stop() {
    emulator.close();
    process.assertNothingLeaked(canaries);
  }

  private String manifest(String name) {
    return """
        name: %s
        version: v1
        type: secret
        secret:
          type: key-value-properties
          acl: r
          data:
            password: "%s"
          files:
            ca: ca.pem
        """.formatted(name, password);
  }

  private String store(String type) {
    return type.equals("file") ? "file:" + home.resolve("store")
        : "aws-sm://eu-west-1?endpoint=" + emulator.endpoint() + "&maxAttempts=1";
  }

  private List<String> names(String type, String scope) {
    try (SecretClient client = process.clientInProcess(store(type), null)) {
      return client.list(scope, SecretFilter.ALL).stream().map(SecretSummary::id).map(SecretId::name).toList();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "aws-sm"})
  void apply_withDryRun_printsThePlan_andChangesNothing(String type) throws Exception {
    Files.writeString(home.resolve("b.yaml"), manifest("b"));
    seed(type, home.resolve("b.yaml"));

    ProcessRun dryRun = secretctl(type, "apply", "-f", home.resolve("three.yaml").toString(), "--dry-run");

    assertThat(dryRun.exitCode()).as(dryRun.stderr()).isZero();
    assertThat(dryRun.out()).isEqualTo("would create public:a (secret v1, version 1)\n"
        + "unchanged public:b (secret v1, version 1)\nwould create public:c (secret v1, version 1)\n"
        + "dry run: nothing was applied\n");
    assertThat(names(type, "public")).containsExactly("b");
  }

  @Test
  void aWriteThatFailsMidway_givesEveryDocumentAStatusLine() throws Exception {
    Files.writeString(home.resolve("a.yaml"), manifest("a").replace(password, "fake-old"));
    seed("aws-sm", home.resolve("a.yaml"));
    emulator.deny("CreateSecret");

    ProcessRun apply = secretctl("aws-sm", "apply", "-f", home.resolve("three.yaml").toString());

    assertThat(apply.exitCode()).as(apply.stderr()).isEqualTo(Failures.ACCESS_DENIED);
    assertThat(apply.out().lines()).hasSize(3);
    assertThat(apply.out().lines().toList().get(0)).isEqualTo("updated public:a (secret v1, version 2)");
    assertThat(apply.out().lines().toList().get(1)).startsWith("failed public:b: access denied by store aws-sm://");
    assertThat(apply.out().lines().toList().get(2)).isEqualTo("not attempted public:c");
    assertThat(apply.stderr()).contains("apply: 1 of 3 secrets were applied before this failure; the rest were not"
        + " attempted");
  }

  private void seed(String type, Path manifest) {
    process.applyInProcess(store(type), manifest);
  }

  private ProcessRun secretctl(String type, String... args) throws Exception {
    List<String> withStore = new ArrayList<>(Arrays.asList(args));
    withStore.addAll(List.of("--store", store(type)));
    return process.run(withStore.toArray(String[]::new));
  }
}
