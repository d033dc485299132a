package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.SecretFilter;
import dev.secretkit.SecretId;
import dev.secretkit.SecretSummary;
import dev.secretkit.access.Principal;
import dev.secretkit.access.Role;
import dev.secretkit.client.SecretClient;
import dev.secretkit.emulator.aws.AwsEmulatorExtension;
import dev.secretkit.emulator.aws.SecretsManagerEmulator;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.testkit.Canaries;
import dev.secretkit.testkit.LeakScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * secretctl's plan, in-process on the file store and on the Secrets Manager emulator: {@code apply}
 * and {@code delete -f} check every document first and write nothing when one fails, {@code -w}
 * never silently loses to a manifest, {@code --dry-run} changes nothing, and a write that still
 * fails midway gives every document a status line. PlanProcessIT runs the plan through the packaged
 * jar. A planted canary password is never printed.
 */
@ExtendWith(LeakScanner.class)
class PlanCommandsTest {

  @TempDir
  Path home;

  private SecretsManagerEmulator emulator;
  private Canaries canaries;
  private String password;
  private final ScannedRuns runs = new ScannedRuns();

  @BeforeEach
  void start(Canaries planted) throws IOException {
    canaries = planted;
    password = planted.plant();
    emulator = new SecretsManagerEmulator(new ManualClock()).start();
    Files.writeString(home.resolve("three.yaml"), manifest("a", null) + "---\n" + manifest("b", null) + "---\n"
        + manifest("c", null));
    Files.writeString(home.resolve("engineering.yaml"), manifest("git-sync", "engineering"));
    Files.writeString(home.resolve("ca.pem"), "fake certificate");
  }

  @AfterEach
  void stop() {
    emulator.close();
    runs.assertNothingLeaked(canaries);
  }

  private String manifest(String name, String workspace) {
    return """
        name: %s
        version: v1
        type: secret
        %s
        secret:
          type: key-value-properties
          acl: r
          data:
            password: "%s"
          files:
            ca: ca.pem
        """.formatted(name, workspace == null ? "" : "workspace: " + workspace, password);
  }

  private String store(String type) {
    return type.equals("file") ? "file:" + home.resolve("store")
        : "aws-sm://eu-west-1?endpoint=" + emulator.endpoint() + "&maxAttempts=1";
  }

  private SecretClient client(String type, Principal principal) {
    return SecretClient.builder().store(store(type)).environment(environment()).principal(principal).build();
  }

  private List<String> names(String type, String scope) {
    try (SecretClient client = client(type, Principal.localUser("tester"))) {
      return client.list(scope, SecretFilter.ALL).stream().map(SecretSummary::id).map(SecretId::name).toList();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "aws-sm"})
  void deleteF_withAWorkspaceThatContradictsTheManifest_deletesNothing_andNamesBoth(String type) throws IOException {
    Path engineering = home.resolve("engineering.yaml");
    seed(type, engineering);
    Files.delete(home.resolve("ca.pem"));

    CliRun delete = secretctl(type, "delete", "-f", engineering.toString(), "-w", "deltest");

    assertThat(delete.exitCode()).as(delete.err()).isEqualTo(Failures.USAGE);
    assertThat(delete.err()).contains("-w deltest contradicts a manifest; nothing was done")
        .contains(engineering + ":4:12 (document 1): git-sync names workspace: engineering, not deltest");
    assertThat(names(type, "engineering")).containsExactly("git-sync");

    Files.writeString(home.resolve("ca.pem"), "fake certificate");
    CliRun apply = secretctl(type, "apply", "-f", engineering.toString(), "-w", "deltest");
    assertThat(apply.exitCode()).isEqualTo(Failures.USAGE);
    assertThat(names(type, "deltest")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "aws-sm"})
  void deleteF_ofTwoWhoseSecondHasDependents_deletesNothing_dryRunShows_andForceDeletesBoth(String type)
      throws IOException {
    Path three = home.resolve("three.yaml");
    seed(type, three);
    try (SecretClient client = client(type, Principal.localUser("tester"))) {
      client.registerDependent(SecretId.of("public", "b"), "depot:v2alpha:sales");
    }
    Files.delete(home.resolve("ca.pem"));

    CliRun delete = secretctl(type, "delete", "-f", three.toString());

    assertThat(delete.exitCode()).as(delete.err()).isEqualTo(Failures.CONFLICT);
    assertThat(delete.err()).contains("public:b").contains("depot:v2alpha:sales")
        .contains("delete: nothing was deleted: 1 of 3 secrets cannot be deleted as things are");
    assertThat(delete.out()).isEmpty();
    assertThat(names(type, "public")).containsExactly("a", "b", "c");

    CliRun dryRun = secretctl(type, "delete", "-f", three.toString(), "--force", "--dry-run");
    assertThat(dryRun.out()).isEqualTo("would delete public:a\nwould delete public:b\nwould delete public:c\n"
        + "dry run: nothing was deleted\n");
    assertThat(names(type, "public")).containsExactly("a", "b", "c");

    CliRun forced = secretctl(type, "delete", "-f", three.toString(), "--force");
    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(forced.out()).isEqualTo("deleted public:a\ndeleted public:b\ndeleted public:c\n");
    assertThat(names(type, "public")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "aws-sm"})
  void apply_ofThreeDeniedOnTheSecond_writesNothing_andSaysWhichGrantToAskFor(String type) throws IOException {
    Files.writeString(home.resolve("b.yaml"), manifest("b", null));
    try (SecretClient olivia = client(type, Principal.of("olivia", Role.DATA_DEVELOPER))) {
      olivia.apply(home.resolve("b.yaml"));
    }

    CliRun apply = secretctl(type, "apply", "-f", home.resolve("three.yaml").toString(), "--principal", "carol",
        "--roles", "data-developer");

    assertThat(apply.exitCode()).as(apply.err()).isEqualTo(Failures.ACCESS_DENIED);
    assertThat(apply.err()).contains("carol (data-developer) may not update secret public:b")
        .contains("hint: ask olivia, its owner, for can-edit: secretctl grant -n b -w public --to carol"
            + " --permission can-edit")
        .contains("apply: nothing was applied: 1 of 3 secrets cannot be applied as things are");
    assertThat(apply.out()).isEmpty();
    assertThat(names(type, "public")).containsExactly("b");
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "aws-sm"})
  void apply_withDryRun_printsThePlan_andChangesNothing(String type) throws IOException {
    Files.writeString(home.resolve("b.yaml"), manifest("b", null));
    seed(type, home.resolve("b.yaml"));

    CliRun dryRun = secretctl(type, "apply", "-f", home.resolve("three.yaml").toString(), "--dry-run");

    assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
    assertThat(dryRun.out()).isEqualTo("would create public:a (secret v1, version 1)\n"
        + "unchanged public:b (secret v1, version 1)\nwould create public:c (secret v1, version 1)\n"
        + "dry run: nothing was applied\n");
    assertThat(names(type, "public")).containsExactly("b");
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "aws-sm"})
  void ownerOfTheDocsTemplate_isIgnoredWithAWarning_unlessATenantAdminApplies(String type) throws IOException {
    Files.writeString(home.resolve("owned.yaml"), manifest("owned", null).replace("type: secret\n",
        "type: secret\nowner: iamgroot\n"));

    CliRun apply = secretctl(type, "apply", "-f", home.resolve("owned.yaml").toString());

    assertThat(apply.exitCode()).as(apply.err()).isZero();
    assertThat(apply.err()).contains("apply: warning: secret public:owned: owner: iamgroot is ignored: a new"
        + " secret is owned by whoever applies it (tester)");
    assertThat(secretctl(type, "get", "-n", "owned", "-o", "json").out()).contains("\"owner\" : \"tester\"");

    CliRun admin = secretctl(type, "apply", "-f", home.resolve("owned.yaml").toString(), "--principal", "tina",
        "--roles", "tenant-admin");
    assertThat(admin.exitCode()).as(admin.err()).isZero();
    assertThat(admin.err()).doesNotContain("warning");
    assertThat(secretctl(type, "get", "-n", "owned", "-o", "json").out()).contains("\"owner\" : \"iamgroot\"");
  }

  @Test
  void aWriteThatFailsMidway_givesEveryDocumentAStatusLine() throws IOException {
    Files.writeString(home.resolve("a.yaml"), manifest("a", null).replace(password, "fake-old"));
    seed("aws-sm", home.resolve("a.yaml"));
    emulator.deny("CreateSecret");

    CliRun apply = secretctl("aws-sm", "apply", "-f", home.resolve("three.yaml").toString());

    assertThat(apply.exitCode()).as(apply.err()).isEqualTo(Failures.ACCESS_DENIED);
    assertThat(apply.out().lines()).hasSize(3);
    assertThat(apply.out().lines().toList().get(0)).isEqualTo("updated public:a (secret v1, version 2)");
    assertThat(apply.out().lines().toList().get(1)).startsWith("failed public:b: access denied by store aws-sm://");
    assertThat(apply.out().lines().toList().get(2)).isEqualTo("not attempted public:c");
    assertThat(apply.err()).contains("apply: 1 of 3 secrets were applied before this failure; the rest were not"
        + " attempted");
  }

  private void seed(String type, Path manifest) {
    try (SecretClient client = client(type, Principal.localUser("tester"))) {
      client.apply(manifest);
    }
  }

  /** Returns the tester's environment, with the emulator's fake credentials where a user keeps them. */
  private Map<String, String> environment() {
    Map<String, String> environment = new HashMap<>(AwsEmulatorExtension.credentials());
    environment.put("HOME", home.toString());
    environment.put("USER", "tester");
    return environment;
  }

  private CliRun secretctl(String type, String... args) {
    List<String> withStore = new ArrayList<>(Arrays.asList(args));
    withStore.addAll(List.of("--store", store(type)));
    return runs.scanned(CliRun.secretctl(environment(), withStore.toArray(String[]::new)));
  }
}
