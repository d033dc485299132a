package dev.secretkit.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.secretkit.manifest.InvalidManifestException;
import dev.secretkit.manifest.Violation;
import java.nio.charset.StandardCharsets;

/**
 * Any text read as the manifests of resources that consume secrets ends in documents, each with its consumer or its
 * findings, or an {@link InvalidManifestException}: never another exception, a hang or running out of memory (the
 * fuzz execution's limits, FUZZING.md). The reader compiles every template it finds, so the inputs reach both
 * template engines' compilers too. A document has a consumer exactly when it has no error.
 */
class ConsumerReaderFuzzTest {

  @FuzzTest
  void read_anyText(byte[] input) {
    try {
      for (ConsumerDocument document : ConsumerReader.read(new String(input, StandardCharsets.UTF_8), "fuzz.yaml")) {
        assertThat(document.consumer().isPresent()).isEqualTo(document.validation().errors().isEmpty());
        for (Violation violation : document.validation().violations()) {
          assertThat(violation.message()).as("what a finding says").isNotBlank();
        }
      }
    } catch (InvalidManifestException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
