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
 * Second review of the annotation checks: the alias and the annotation disagree when another tool moved the alias
 * (a "rollback" with {@code gcloud secrets update --update-version-aliases=secretkit=N}); reads follow the alias,
 * while commits and deletes compare the annotation.
 */
class GcpSecondReviewAliasTest extends GcpProtocolFixture {
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
    Throwable delete = catchThrowable(() -> store.delete(ID, seen.revision()));

    // Fails today: the read serves GCP version 1 (revision 0@.../W1, carol's revoked grant back), while every
    // commit and delete compares the annotation (2@.../W2) and refuses W1 as CHANGED: read again, same revision,
    // same conflict, for ever; only a forced delete gets out.
    assertThat(update).as("an update naming the revision just read").isNull();
    assertThat(delete).as("a delete naming the revision just read").isNull();
  }
}
