package dev.secretkit.backend.gcp;

import static dev.secretkit.backend.gcp.TestSecrets.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.SecretDataException;
import dev.secretkit.access.Grant;
import dev.secretkit.access.Permission;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * When another tool moves the alias back to an older version (a rollback with {@code gcloud secrets update
 * --update-version-aliases=secretkit=N}), reads follow the alias, and a write or a delete naming the revision read
 * then is accepted: the annotation, which still names the later write, never refuses it for ever.
 */
class GcpAliasRollbackTest extends GcpProtocolFixture {
  @Test
  void whenAnotherToolMovesTheAliasBack_aReadAndTheWriteThatNamesItsRevisionAgree() {
    SecretStore store = store();
    Grant carol = new Grant("carol", Permission.CAN_USE);
    StoredSecret first = store.create(ID, metadata("alice", List.of(carol)), values("password", "v1"));
    store.update(ID, first.revision(), metadata("alice"), values("password", "v2"));
    Map<String, Long> rolledBack = new HashMap<>(aliases());
    rolledBack.put(GcpSecretStore.ALIAS, 1L);
    setAliases(rolledBack);

    Optional<StoredSecret> read;
    try {
      read = store.read(ID);
    } catch (SecretDataException refused) {
      // Telling the caller that the alias no longer names the committed document is a fine answer.
      return;
    }
    StoredSecret seen = read.orElseThrow();
    Throwable update = catchThrowable(() -> store.update(ID, seen.revision(), metadata("alice"),
        values("password", "v3")));

    // The read serves GCP version 1 (revision 0@.../W1, with carol's grant, as the alias now says), while the
    // annotation still names 2@.../W2: a commit naming the revision just read must not be refused for ever.
    assertThat(update).as("an update naming the revision just read").isNull();
    assertThat(store.read(ID).orElseThrow().values().get("password").asString()).isEqualTo("v3");

    setAliases(rolledBack);
    StoredSecret again = store.read(ID).orElseThrow();
    Throwable delete = catchThrowable(() -> store.delete(ID, again.revision()));
    assertThat(delete).as("a delete naming the revision just read").isNull();
    assertThat(store.read(ID)).isEmpty();
  }
}
