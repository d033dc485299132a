package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training run behind bin/secretctl's class-data archive must keep taking every code path it names. */
class CdsTrainingTest {

  @Test
  void train_runsEveryCommandAndStoresInItsOwnDirectory(@TempDir Path home) {
    assertThatCode(() -> CdsTraining.train(home)).doesNotThrowAnyException();

    assertThat(home.resolve("store")).isDirectory();
    assertThat(home.resolve(".secretkit")).doesNotExist();
  }

  @Test
  void main_leavesNoTemporaryDirectory() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    long before;
    try (var entries = Files.list(tmp)) {
      before = entries.filter(p -> p.getFileName().toString().startsWith("secretctl-training")).count();
    }

    CdsTraining.main(new String[0]);

    try (var entries = Files.list(tmp)) {
      assertThat(entries.filter(p -> p.getFileName().toString().startsWith("secretctl-training")).count())
          .isEqualTo(before);
    }
  }
}
