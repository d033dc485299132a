package dev.secretkit.backend.gcp;

import static dev.secretkit.backend.gcp.TestSecrets.text;
import static dev.secretkit.backend.gcp.TestSecrets.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.cloud.secretmanager.v1.Secret;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.spi.SecretEnvelope;
import dev.secretkit.spi.SecretPayload;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import dev.secretkit.spi.VersionEntry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The history entry of the version a write read carries that version's GCP number when the history is fitted to
 * the payload limit, so a document fitted to exactly 65,536 bytes is committed, not refused for the digits the
 * number adds.
 */
class GcpHistoryNumberingTest extends GcpProtocolFixture {
  private static final String LIMITS = "versionsRetained=100&maxValueBytes=200000&maxSecretBytes=300000";

  @Test
  void aValueWriteWhoseFittedDocumentIsExactlyAtThePayloadLimit_isCommitted_notRefusedForTheNumberItWritesIn() {
    SecretStore store = store(LIMITS);
    SecretMetadata alice = metadata("alice");
    StoredSecret written = store.create(ID, alice, values("password", "v1"));
    for (int i = 2; i <= 25; i++) {
      written = store.update(ID, written.revision(), alice, values("password", "v" + i));
    }
    assertThat(alias()).as("a two-digit GCP number, one byte longer than the 0 it replaces").isEqualTo(25);
    // The envelope the next value write builds before its commit numbers the entry of GCP version 25.
    SecretEnvelope read = SecretPayload.decode(raw.accessSecretVersion(RawGcp.versionName(PREFIX, ID,
        GcpSecretStore.ALIAS)).getPayload().getData().toStringUtf8()).envelope().orElseThrow();
    Secret secret = raw.getSecret(RawGcp.secretName(PREFIX, ID));
    String fresh = GcpVersionRef.fresh(GcpVersionRef.incarnation(secret.getCreateTime())).toString();
    int length = limitLength(store, read, alice, fresh);
    String revision = written.revision();

    Throwable update = catchThrowable(() -> store.update(ID, revision, alice, values("password", "x".repeat(length))));

    assertThat(update).isNull();
    assertThat(text(store.read(ID).orElseThrow(), "password")).hasSize(length);
  }

  /**
   * Returns the longest value whose document, as the store fits it before its commit, is exactly the payload limit
   * with more than the current history entry, and which the store's own limits accept.
   */
  private static int limitLength(SecretStore store, SecretEnvelope read, SecretMetadata metadata, String fresh) {
    // Each character of the value is one byte of the document while fitting keeps the same history entries: jump
    // straight to the limit when over it, and when under it, to where one more entry just fits.
    int p = 63_500;
    for (int step = 0; step < 100 && p > 55_000; step++) {
      Map<String, SecretValue> candidate = values("password", "x".repeat(p));
      SecretEnvelope full = read.afterValues(metadata, fresh, 100);
      SecretEnvelope fitted = fit(candidate, full);
      int size = SecretPayload.size(candidate, fitted);
      int kept = fitted.history().size();
      if (size == GcpSecretStore.MAX_PAYLOAD_BYTES && kept > 1 && store.problems(metadata, candidate).isEmpty()) {
        return p;
      }
      if (size > GcpSecretStore.MAX_PAYLOAD_BYTES) {
        p -= size - GcpSecretStore.MAX_PAYLOAD_BYTES;
      } else if (kept < full.history().size()) {
        List<VersionEntry> history = full.history();
        SecretEnvelope more = full.with(full.metadata(), history.subList(history.size() - kept - 1, history.size()));
        p -= Math.max(1, SecretPayload.size(candidate, more) - GcpSecretStore.MAX_PAYLOAD_BYTES);
      } else {
        p += GcpSecretStore.MAX_PAYLOAD_BYTES - size;
      }
    }
    throw new AssertionError("no value length puts the fitted document at the limit");
  }

  /** EnvelopeSecretStore.fit, as the store applies it before commit() numbers the previous entry. */
  private static SecretEnvelope fit(Map<String, SecretValue> values, SecretEnvelope envelope) {
    SecretEnvelope fitted = envelope;
    while (fitted.history().size() > 1 && SecretPayload.size(values, fitted) > GcpSecretStore.MAX_PAYLOAD_BYTES) {
      List<VersionEntry> history = fitted.history();
      fitted = fitted.with(fitted.metadata(), history.subList(1, history.size()));
    }
    return fitted;
  }
}
