package dev.secretkit.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.secretkit.SecretId;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Any bytes read as a record file end in a record or the decoder's own reason it is unreadable
 * ({@link RecordCipher.UnreadableRecordException}, {@link RecordCodec.MalformedRecordException}), which the store
 * reports as a damaged record: never another exception, a hang or running out of memory (the fuzz execution's limits,
 * FUZZING.md). The bytes go to {@link RecordCipher#open} (format 2, and format 1 under the key's legacy id) and,
 * since no fuzzed input forges an authentication tag, also straight to {@link RecordCodec#read} and
 * {@link RecordCodec#readVersion} as if they were a record's or a version's plaintext, and to
 * {@link RollbackIndex#fromJson} as the index's.
 */
class RecordDecoderFuzzTest {
  private static final SecretId ID = SecretId.of("public", "pg");
  /** 32 fixed bytes in base64: the key the seed records were sealed with. */
  private static final String KEY = "ZnV6ei1tYXN0ZXIta2V5LW5vdC1hLXNlY3JldC0wMDE=";

  private static final String STORE_ID = "00112233445566778899aabbccddeeff";

  private final RecordCipher cipher = new RecordCipher(KeyRing.parse(KEY.getBytes(StandardCharsets.US_ASCII),
      "fuzz key", "fuzz"), STORE_ID, true, new SecureRandom());
  private final RecordCodec codec = new RecordCodec();

  @FuzzTest
  void openAndRead_anyBytes(byte[] input) {
    try {
      read(cipher.open(ID.toString(), input));
    } catch (RecordCipher.UnreadableRecordException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
    read(input);
    try {
      SecretRecord.Version version = codec.readVersion(input, ID, "fuzz-incarnation", 1, true);
      assertThat(version.number()).isEqualTo(1);
    } catch (RecordCodec.MalformedRecordException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
    RollbackIndex.fromJson(input).ifPresent(index -> assertThat(index.toString()).startsWith("RollbackIndex["));
  }

  private void read(byte[] plaintext) {
    for (long only : new long[] {RecordCodec.ALL, RecordCodec.LATEST}) {
      try {
        SecretRecord record = codec.read(plaintext, ID, only, only == RecordCodec.ALL);
        assertThat(record.id()).isEqualTo(ID);
      } catch (RecordCodec.MalformedRecordException e) {
        assertThat(e.getMessage()).isNotBlank();
      }
    }
  }
}
