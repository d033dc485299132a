package dev.secretkit.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.secretkit.validation.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Mutates the valid fixtures at random (seeded, so every failure is reproducible) and checks that
 * whatever the mutation, reading and validating ends normally or in {@link InvalidManifestException},
 * never in another exception, and that no finding repeats a value.
 *
 * <p>The canary is planted in data values only: keys, names and types are printed by design, and
 * a mutation that made the canary part of one would not be a leak.
 */
class ManifestMutationTest {
  private static final Path VALID = Path.of("src/test/resources/manifests/valid");
  private static final String CANARY = "CANARYq7w3e9";
  private static final String SYNTAX = ":-[]{}&*!|>'\"%@`#,?~=$\\\t\n ";
  private static final int MUTANTS_PER_FIXTURE = 200;

  private final ManifestReader reader = ManifestReader.builder()
      .environment(Map.of("POSTGRES_USERNAME", CANARY, "POSTGRES_PASSWORD", CANARY))
      .build();

  @Test
  void readAndValidate_randomMutants_endCleanlyAndNeverEchoAValue() throws IOException {
    List<Path> fixtures;
    try (Stream<Path> files = Files.list(VALID)) {
      fixtures = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    long seed = 20261127L;
    int mutants = 0;
    for (Path fixture : fixtures) {
      String original = plantCanaries(Files.readString(fixture));
      Random random = new Random(seed + fixture.getFileName().toString().hashCode());
      for (int i = 0; i < MUTANTS_PER_FIXTURE; i++) {
        String mutant = mutate(original, random);
        check(fixture.getFileName() + " mutant " + i, mutant);
        mutants++;
      }
    }
    assertThat(mutants).isEqualTo(fixtures.size() * MUTANTS_PER_FIXTURE);
  }

  private void check(String label, String mutant) {
    List<Violation> findings = new ArrayList<>();
    try {
      for (ManifestDocument document : reader.read(mutant, "mutant.yaml", VALID)) {
        for (Validator validator : List.of(Validator.standard(), Validator.forProfile("snowflake"))) {
          Validation validation = validator.validate(document);
          findings.addAll(validation.violations());
          assertThat(validation.toString() + document.manifest()).as(label).doesNotContain(CANARY);
        }
      }
    } catch (InvalidManifestException e) {
      e.validations().forEach(v -> findings.addAll(v.violations()));
      assertThat(e.getMessage()).as(label).doesNotContain(CANARY);
    } catch (RuntimeException | StackOverflowError e) {
      fail(label + " ended in " + e + "\n--- mutant ---\n" + mutant, e);
    }
    for (Violation finding : findings) {
      assertThat(finding.message() + finding.hint() + finding.path()).as(label + "\n" + mutant).doesNotContain(CANARY);
    }
  }

  /** Replaces every data value that is a plain word with the canary, so a leak of any value shows. */
  private static String plantCanaries(String yaml) {
    return yaml.replaceAll("(?m)^(    [A-Za-z_][A-Za-z0-9_.-]*: )(fake-[A-Za-z0-9-]+)$", "$1" + CANARY);
  }

  private static String mutate(String text, Random random) {
    StringBuilder out = new StringBuilder(text);
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits && out.length() > 0; e++) {
      int at = random.nextInt(out.length());
      switch (random.nextInt(5)) {
        case 0 -> out.deleteCharAt(at);
        case 1 -> out.insert(at, SYNTAX.charAt(random.nextInt(SYNTAX.length())));
        case 2 -> out.setCharAt(at, SYNTAX.charAt(random.nextInt(SYNTAX.length())));
        case 3 -> {
          int start = out.lastIndexOf("\n", at) + 1;
          int end = out.indexOf("\n", at);
          String line = out.substring(start, end < 0 ? out.length() : end + 1);
          out.insert(start, line);
        }
        default -> out.insert(out.lastIndexOf("\n", at) + 1, "  ");
      }
    }
    return out.toString();
  }
}
