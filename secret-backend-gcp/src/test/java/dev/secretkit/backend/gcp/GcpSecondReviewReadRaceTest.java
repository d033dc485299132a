package dev.secretkit.backend.gcp;

import static dev.secretkit.backend.gcp.TestSecrets.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.emulator.gcp.GcpOperation;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import org.junit.jupiter.api.Test;

/**
 * Second review: reads that race a delete. Found first by hammering the store over TCP (8 writers racing updates,
 * metadata writes and deletes, 2 readers listing and reading versions); pinned here at the exact point.
 */
class GcpSecondReviewReadRaceTest extends GcpProtocolFixture {
  @Test
  void versionsRacingADelete_isEmptyOrTheVersions_neverAPermanentError() {
    SecretStore reader = store();
    SecretStore deleter = store();
    StoredSecret created = deleter.create(ID, metadata("alice"), values("password", "v1"));
    // The reader has read the current document; before it lists the GCP versions, the secret is deleted.
    emulator.beforeNext(request -> request.operation() == GcpOperation.LIST_SECRET_VERSIONS,
        () -> deleter.delete(ID, created.revision()));

    Throwable versions = catchThrowable(() -> reader.versions(ID));

    // Fails today: stillKept translates ListSecretVersions' NOT_FOUND as a ConfigurationException ("Secret Manager
    // refused ListSecretVersions ... (NOT_FOUND); the same call will be refused again: check the store's project and
    // endpoint"): exit 2-style permanent failure for a read that merely lost a race with a delete.
    assertThat(versions).isNull();
  }
}
