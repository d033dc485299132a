package dev.secretkit.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance audit of issue 16 points 5 and 6: the store file, {@code store.json}, read back as written (an unfinished
 * rotation stays one) and refused when its retention is missing, rather than taken as some default.
 */
class StoreInfoAuditTest {
  private static final String STORE_ID = "0123456789abcdef0123456789abcdef";
  private static final String KEY_ID = "0011223344556677";

  @TempDir
  Path directory;

  @Test
  void aRotationUnderWay_isReadBackAsOne() throws Exception {
    new StoreInfo(STORE_ID, KEY_ID, true, 10).write(directory, "audit");

    assertThat(StoreInfo.read(directory).orElseThrow().rotating()).isTrue();
  }

  @Test
  void aStoreFileWithoutItsRetention_isRefusedAsMalformed() throws Exception {
    Files.writeString(directory.resolve(StoreInfo.FILE), "{\"format\": 2, \"storeId\": \"" + STORE_ID
        + "\", \"keyId\": \"" + KEY_ID + "\"}\n");

    assertThatThrownBy(() -> StoreInfo.read(directory)).isInstanceOf(StoreInfo.MalformedException.class)
        .hasMessageContaining("versionsRetained");
  }
}
