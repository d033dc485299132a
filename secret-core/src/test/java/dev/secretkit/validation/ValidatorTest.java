package dev.secretkit.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.manifest.InvalidManifestException;
import dev.secretkit.manifest.ManifestDocument;
import dev.secretkit.manifest.ManifestReader;
import dev.secretkit.manifest.SecretManifest;
import dev.secretkit.manifest.Severity;
import dev.secretkit.manifest.Validation;
import dev.secretkit.manifest.Violation;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidatorTest {
  private static final String PG = """
      name: pg-r
      version: v1
      type: instance-secret
      tags: [source:postgresql]
      instance-secret:
        type: key-value-properties
        acl: r
        data:
          username: fake-user
          password: fake-password
      """;

  private static ManifestDocument read(String yaml) {
    return ManifestReader.builder().environment(Map.of()).build().read(yaml, "test.yaml", Path.of(".")).get(0);
  }

  @Test
  void validate_validManifest_hasNoViolationsAndGivesTheManifest() {
    Validation validation = Validator.standard().validate(read(PG));

    assertThat(validation.violations()).isEmpty();
    assertThat(validation.manifest()).map(SecretManifest::name).contains("pg-r");
    assertThat(validation.orThrow().name()).isEqualTo("pg-r");
  }

  @Test
  void validate_errors_withholdTheManifestAndOrThrowListsThem() {
    Validation validation = Validator.standard().validate(read(PG.replace("acl: r", "acl: RW")));

    assertThat(validation.manifest()).isEmpty();
    assertThatThrownBy(validation::orThrow)
        .isInstanceOf(InvalidManifestException.class)
        .hasMessage("invalid manifest" + System.lineSeparator()
            + "test.yaml:7:8: error: instance-secret.acl: acl 'RW' is not valid; expected r or rw");
  }

  @Test
  void validate_quotedEmptyName_isTheEmptyNameError() {
    Validation validation = Validator.standard().validate(read(PG.replace("name: pg-r", "name: \"\"")));

    assertThat(validation.errors()).singleElement().satisfies(v -> {
      assertThat(v.path()).isEqualTo("name");
      assertThat(v.message()).isEqualTo("'name' is empty");
      assertThat(v.hint()).isEqualTo("add name:");
    });
  }

  @Test
  void validate_unknownField_hintsTheClosestKnownOne() {
    Validation validation = Validator.standard().validate(read(PG.replace("  acl: r", "  acls: r\n  acl: r")));

    assertThat(validation.errors()).singleElement().satisfies(v -> {
      assertThat(v.message()).isEqualTo("unknown field 'acls'");
      assertThat(v.hint()).isEqualTo("did you mean 'acl'?");
    });
  }

  @Test
  void validate_unknownFieldFarFromAnyKnownOne_listsTheKnownFields() {
    Validation validation = Validator.standard().validate(read(PG.replace("  acl: r", "  acl: r\n  expiry: 30d")));

    assertThat(validation.errors()).singleElement()
        .satisfies(v -> assertThat(v.hint()).isEqualTo("known fields here: type, acl, data, files"));
  }

  @Test
  void validate_certificate_isNormalisedToCertificatesWithAWarning() {
    String yaml = "name: tls\nversion: v1\ntype: secret\nsecret:\n  type: certificate\n  acl: r\n"
        + "  files:\n    truststore: ValidatorTest.java\n";
    ManifestDocument document = ManifestReader.builder().environment(Map.of()).build()
        .read(yaml, "tls.yaml", Path.of("src/test/java/dev/secretkit/validation")).get(0);

    Validation validation = Validator.standard().validate(document);

    assertThat(validation.errors()).isEmpty();
    assertThat(validation.warnings()).extracting(Violation::message)
        .containsExactly("secret type 'certificate' is read as 'certificates'");
    assertThat(validation.orThrow().secret().type()).isEqualTo("certificates");
  }

  @Test
  void validate_callerProfileWinsOverTheTagWithAWarning() {
    Validation validation = Validator.forProfile("mysql").validate(read(PG));

    assertThat(validation.violations()).singleElement().satisfies(v -> {
      assertThat(v.severity()).isEqualTo(Severity.WARNING);
      assertThat(v.path()).isEqualTo("tags[0]");
      assertThat(v.message()).isEqualTo("tagged source:postgresql but checked against the mysql profile");
    });
  }

  @Test
  void validate_tagSelectsTheProfile() {
    Validation validation = Validator.standard().validate(read(PG.replace("    password: fake-password\n", "")));

    assertThat(validation.errors()).extracting(Violation::message)
        .containsExactly("missing key 'password' required by the postgresql profile");
  }

  @Test
  void validate_snowflake_choosesKeyPairRulesWhenKeyPairKeysArePresent() {
    String yaml = """
        name: sf-r
        version: v2alpha
        type: secret
        secret:
          type: key-value
          data:
            username: fake-user
            auth_mode: key-pair
            key: |
              -----BEGIN PRIVATE KEY-----
              ZmFrZQ==
              -----END PRIVATE KEY-----
        """;

    assertThat(Validator.forProfile("snowflake").validate(read(yaml)).violations()).isEmpty();
    assertThat(Validator.forProfile("snowflake-password").validate(read(yaml)).errors()).extracting(Violation::path)
        .containsExactly("secret.data.password", "secret.data.auth_mode", "secret.data.key");
  }

  @Test
  void forProfile_unknownName_isMisuse() {
    assertThatThrownBy(() -> Validator.forProfile("postgres"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown data-source profile: postgres");
  }

  @Test
  void profiles_coverEverySourceAndRepositoryOfTheDocs() {
    assertThat(DataSourceProfiles.all()).extracting(DataSourceProfile::name).containsExactly(
        "abfss", "bigquery", "bitbucket", "codecommit", "elasticsearch", "eventhub", "gcs", "git", "jdbc", "kafka",
        "mongodb", "mssql", "mysql", "opensearch", "oracle", "postgresql", "redshift", "s3", "snowflake",
        "snowflake-keypair", "snowflake-password", "wasbs");
    assertThat(DataSourceProfiles.find("git")).get().extracting(DataSourceProfile::documentedType)
        .isEqualTo("key-value");
  }
}
