package dev.secretkit.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.secretkit.validation.Validator;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Any bytes given to the manifest reader and then the validator end in documents with findings or an
 * {@link InvalidManifestException}: never another exception, a hang, or running out of memory (the fuzz
 * execution's 2 s per input and heap bound, FUZZING.md). Every finding says what is wrong. {@code files:}
 * entries are not read, so no input reaches the file system.
 */
class ManifestFuzzTest {
  private static final Path BASE = Path.of("fuzz-manifests");

  private final ManifestReader reader = ManifestReader.builder()
      .environment(Map.of("DB_PASSWORD", "fuzz-value", "EMPTY", ""))
      .readFiles(false)
      .build();
  private final Validator validator = Validator.standard();

  @FuzzTest
  void readAndValidate_anyBytes(byte[] input) {
    try {
      for (ManifestDocument document : reader.read(new ByteArrayInputStream(input), "fuzz.yaml", BASE)) {
        for (Violation violation : validator.validate(document).violations()) {
          assertThat(violation.message()).as("what a finding says").isNotBlank();
        }
      }
    } catch (InvalidManifestException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }
}
