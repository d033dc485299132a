package dev.secretkit.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile manifests end in a clean {@link InvalidManifestException} within 2 seconds and under a
 * 64 MiB heap: surefire runs this class alone with {@code -Xmx64m} (see secret-core's POM).
 */
class HostileInputTest {
  private static final long HEAP_LIMIT = 64L * 1024 * 1024;
  private static final Duration LIMIT = Duration.ofSeconds(2);

  private final ManifestReader reader = ManifestReader.builder().environment(Map.of()).build();

  @TempDir
  Path directory;

  @BeforeAll
  static void runsUnderTheHeapLimit() {
    assertThat(Runtime.getRuntime().maxMemory())
        .as("HostileInputTest must run with -Xmx64m (its own surefire execution)")
        .isLessThanOrEqualTo(HEAP_LIMIT);
  }

  @Test
  void read_billionLaughs_failsOnTheNodeBudgetBeforeExpanding() {
    StringBuilder yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char level = 'b'; level <= 'i'; level++) {
      char previous = (char) (level - 1);
      String aliases = String.join(",", Collections.nCopies(9, "*" + previous));
      yaml.append(level).append(": &").append(level).append(" [").append(aliases).append("]\n");
    }

    Violation violation = failure(yaml.toString());

    assertThat(violation.message()).isEqualTo("document too large: more than 100000 nodes with aliases expanded");
    assertThat(violation.line()).isEqualTo(6);
  }

  @Test
  void read_fiftyOneAliases_failOnTheAliasLimit() {
    String yaml = "v: &v x\nlist: [" + String.join(", ", Collections.nCopies(51, "*v")) + "]\n";

    Violation violation = failure(yaml);

    assertThat(violation.message()).isEqualTo("more than 50 YAML aliases");
    assertThat(violation.path()).isEqualTo("list[50]");
  }

  @Test
  void read_fiftyAliases_areResolved() {
    String yaml = "v: &v x\nlist: [" + String.join(", ", Collections.nCopies(50, "*v")) + "]\n";

    assertThat(assertTimeoutPreemptively(LIMIT, () -> reader.read(yaml, "aliases.yaml", directory))).hasSize(1);
  }

  @Test
  void read_aliasesWithinTheLimitThatExpandHugely_failOnTheNodeBudget() {
    StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (char level = 'b'; level <= 'f'; level++) {
      char previous = (char) (level - 1);
      String aliases = String.join(", ", Collections.nCopies(10, "*" + previous));
      yaml.append(level).append(": &").append(level).append(" [").append(aliases).append("]\n");
    }

    Violation violation = failure(yaml.toString());

    assertThat(violation.message()).isEqualTo("document too large: more than 100000 nodes with aliases expanded");
  }

  @Test
  void read_tenThousandNestedFlowLists_failsOnTheDepthLimit() {
    String yaml = "name: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";

    Violation violation = failure(yaml);

    assertThat(violation.message()).isEqualTo("nesting deeper than 20 levels");
    assertThat(violation.column()).isEqualTo(26);
  }

  @Test
  void read_tenThousandNestedMappings_failsOnTheDepthLimit() {
    String yaml = "{a: ".repeat(10_000) + "x" + "}".repeat(10_000);

    Violation violation = failure(yaml);

    assertThat(violation.message()).isEqualTo("nesting deeper than 20 levels");
  }

  @Test
  void read_fiftyMebibyteFile_failsOnTheSizeLimitWithoutReadingIt() throws IOException {
    Path file = directory.resolve("huge.yaml");
    byte[] chunk = ("    password: " + "x".repeat(1009) + "\n").getBytes(StandardCharsets.US_ASCII);
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write("name: huge\nsecret:\n  data:\n".getBytes(StandardCharsets.US_ASCII));
      for (int i = 0; i < 50 * 1024; i++) {
        out.write(chunk);
      }
    }

    InvalidManifestException thrown = within(() -> reader.read(file));

    assertThat(Files.size(file)).isGreaterThan(50L * 1024 * 1024);
    assertThat(only(thrown).message()).startsWith("manifest is " + Files.size(file) + " bytes, over the limit of 1048576");
  }

  @Test
  void read_endlessStream_stopsReadingPastTheSizeLimit() {
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        return 'x';
      }

      @Override
      public int read(byte[] buffer, int offset, int length) {
        Arrays.fill(buffer, offset, offset + length, (byte) 'x');
        return length;
      }
    };

    InvalidManifestException thrown = within(() -> reader.read(endless, "stdin", directory));

    assertThat(only(thrown).message()).isEqualTo("manifest is 1048577 bytes, over the limit of 1048576");
  }

  @Test
  void read_duplicateKeys_fail() {
    Violation violation = failure("name: a\nversion: v1\nname: b\n");

    assertThat(violation.message()).isEqualTo("duplicate key 'name' (first at line 1)");
    assertThat(violation.path()).isEqualTo("name");
    assertThat(violation.line()).isEqualTo(3);
  }

  @Test
  void read_javaRuntimeTag_failsWithoutConstructingAnything() {
    Violation violation = failure("name: !!java.lang.Runtime {}\n");

    assertThat(violation.message()).isEqualTo("YAML tags (!...) are not allowed");
    assertThat(violation.column()).isEqualTo(7);
    assertThat(violation.path()).isEqualTo("name");
  }

  @Test
  void read_scriptEngineGadget_failsOnTheFirstTag() {
    String gadget = "name: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL"
        + " [\"http://127.0.0.1:1/x.jar\"]]]]\n";

    Violation violation = failure(gadget);

    assertThat(violation.message()).isEqualTo("YAML tags (!...) are not allowed");
    assertThat(violation.column()).isEqualTo(7);
  }

  @Test
  void read_manyKeysWithinTheSizeLimit_failOnTheNodeBudget() {
    StringBuilder yaml = new StringBuilder("data: {");
    for (int i = 0; i < 60_000; i++) {
      yaml.append('k').append(i).append(": v, ");
    }
    yaml.append("last: v}\n");

    assertThat(failure(yaml.toString()).message())
        .isEqualTo("document too large: more than 100000 nodes with aliases expanded");
  }

  @Test
  void read_megabyteValueJustUnderTheLimit_isReadWhole() {
    String value = "v".repeat(ManifestReader.MAX_MANIFEST_BYTES - 200);
    String yaml = "name: big\nversion: v1\ntype: secret\nsecret:\n  type: key-value\n  acl: r\n  data:\n    blob: "
        + value + "\n";

    ManifestDocument document = assertTimeoutPreemptively(LIMIT,
        () -> reader.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "big", directory).get(0));

    assertThat(document.manifest().secret().data().get("blob").asString()).isEqualTo(value);
  }

  private Violation failure(String yaml) {
    return only(within(() -> reader.read(yaml, "hostile.yaml", directory)));
  }

  private static InvalidManifestException within(Executable read) {
    return assertTimeoutPreemptively(LIMIT, () -> {
      try {
        read.execute();
      } catch (InvalidManifestException e) {
        return e;
      }
      throw new AssertionError("hostile input was accepted");
    });
  }

  private static Violation only(InvalidManifestException thrown) {
    assertThat(thrown.validations()).hasSize(1);
    assertThat(thrown.validations().get(0).violations()).hasSize(1);
    return thrown.validations().get(0).violations().get(0);
  }

  @Test
  void read_hostileInput_leavesNoThrowableButTheCleanOne() {
    assertThatThrownBy(() -> reader.read("a: *nowhere\n", "x", directory))
        .isExactlyInstanceOf(InvalidManifestException.class)
        .hasNoCause();
  }
}
