package dev.secretkit.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.secretkit.SecretId;
import java.security.SecureRandom;

/**
 * Any bytes read as a record file end in a record or the decoder's own reason it is unreadable
 * ({@link RecordCipher.UnreadableRecordException}, {@link RecordCodec.MalformedRecordException}), which the store
 * reports as a damaged record: never another exception, a hang or running out of memory (the fuzz execution's limits,
 * FUZZING.md). The bytes go to {@link RecordCipher#open} and, since no fuzzed input forges an authentication tag,
 * also straight to {@link RecordCodec#read} as if they were a record's plaintext.
 */
class RecordDecoderFuzzTest {
  private static final SecretId ID = SecretId.of("public", "pg");
  /** 32 fixed bytes in base64: the key the seed records were sealed with. */
  private static final String KEY = "ZnV6ei1tYXN0ZXIta2V5LW5vdC1hLXNlY3JldC0wMDE=";

  private final RecordCipher cipher = new RecordCipher(MasterKey.fromVariable(KEY, "fuzz"), new SecureRandom());
  private final RecordCodec codec = new RecordCodec();

  @FuzzTest
  void openAndRead_anyBytes(byte[] input) {
    try {
      read(cipher.open(ID, input));
    } catch (RecordCipher.UnreadableRecordException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
    read(input);
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
