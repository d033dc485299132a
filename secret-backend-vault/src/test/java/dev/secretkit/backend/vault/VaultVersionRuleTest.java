package dev.secretkit.backend.vault;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which versions {@code sys/health} reports are taken to add {@code invalid token} to the 403 of a token that is
 * not valid: Vault 1.17 and later (Enterprise too), never OpenBao (2.x) or anything without a version.
 */
class VaultVersionRuleTest {
  @ParameterizedTest
  @CsvSource(value = {"1.17.0,true", "1.17.3+ent,true", "1.19.2,true", "v1.18.0,true", "1.16.3,false",
      "1.9.10,false", "2.1.0,false", "0.12.0,false", "'',false", "unknown,false"})
  void marksInvalidTokens_fromVault117On(String version, boolean marks) {
    assertThat(VaultSession.marksInvalidTokens(version)).isEqualTo(marks);
  }
}
