package dev.secretkit.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.secretkit.manifest.FileEntry;
import dev.secretkit.manifest.ManifestDocument;
import dev.secretkit.manifest.ManifestReader;
import dev.secretkit.manifest.Position;
import dev.secretkit.manifest.SecretManifest;
import dev.secretkit.manifest.SecretSection;
import dev.secretkit.manifest.Validation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every manifest under {@code manifests/valid} is a docs-shaped Secret that must read and
 * validate without a single finding, and every data-source profile has a V1 and a V2 fixture.
 *
 * <p>A fixture named {@code <profile>-*.yaml} is also checked against that profile, the longest
 * profile name it starts with ({@code snowflake-keypair-v1.yaml} belongs to {@code snowflake-keypair}).
 * The Snowflake variants are checked against the generic {@code snowflake} profile too, which
 * picks password or key-pair rules from the keys present.
 */
class ValidFixturesTest {
  private static final Path VALID = resourceDirectory("/manifests/valid");
  private static final String INTERPOLATED = "interpolated-v1.yaml";
  private static final String ENV_PASSWORD = "fake-pa$$word-$HOME-from-env";
  /** The only variables any fixture may use; never the process environment. */
  private static final Map<String, String> ENVIRONMENT =
      Map.of("POSTGRES_USERNAME", "pg_env_reader", "POSTGRES_PASSWORD", ENV_PASSWORD);
  private static final ManifestReader READER = ManifestReader.builder().environment(ENVIRONMENT).build();

  static Stream<String> fixtures() {
    try (Stream<Path> files = Files.list(VALID)) {
      List<String> names = files.filter(Files::isRegularFile)
          .map(path -> path.getFileName().toString())
          .filter(name -> name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"))
          .sorted()
          .toList();
      assertThat(names).as("fixtures in %s", VALID).isNotEmpty();
      return names.stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every fixture named for a profile, with that profile's name. */
  static Stream<Arguments> profileFixtures() {
    return fixtures().flatMap(fixture -> profileOf(fixture).stream().map(profile -> arguments(fixture, profile.name())));
  }

  static Stream<String> namedByProfileFixtures() {
    return fixtures().filter(fixture -> profileOf(fixture).isPresent());
  }

  static Stream<String> snowflakeVariantFixtures() {
    return fixtures().filter(fixture -> fixture.startsWith("snowflake-keypair-") || fixture.startsWith("snowflake-password-"));
  }

  static Stream<String> v1ProfileFixtures() {
    return namedByProfileFixtures().filter(fixture -> fixture.endsWith("-v1.yaml"));
  }

  static Stream<String> v2ProfileFixtures() {
    return namedByProfileFixtures().filter(fixture -> fixture.endsWith("-v2.yaml"));
  }

  @Test
  void everyProfile_hasV1AndV2Fixture() {
    List<String> missing = new ArrayList<>();
    for (DataSourceProfile profile : DataSourceProfiles.all()) {
      for (String suffix : List.of("-v1.yaml", "-v2.yaml")) {
        if (!Files.isRegularFile(VALID.resolve(profile.name() + suffix))) {
          missing.add(profile.name() + suffix);
        }
      }
    }
    assertThat(missing).as("fixtures missing from %s", VALID).isEmpty();
  }

  @Test
  void fixtures_otherThanTheInterpolatedOne_holdNoDollarSign() throws IOException {
    List<String> withDollar = new ArrayList<>();
    for (String fixture : fixtures().toList()) {
      if (!fixture.equals(INTERPOLATED) && Files.readString(VALID.resolve(fixture)).contains("$")) {
        withDollar.add(fixture);
      }
    }
    assertThat(withDollar).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void validate_standardValidator_findsNothing(String fixture) {
    List<ManifestDocument> documents = READER.read(VALID.resolve(fixture));

    assertThat(documents).isNotEmpty();
    for (ManifestDocument document : documents) {
      Validation validation = Validator.standard().validate(document);
      assertThat(validation.violations()).as("%s document %d", fixture, document.index()).isEmpty();
      assertThat(validation.manifest()).isPresent();
    }
  }

  @ParameterizedTest(name = "{0} against {1}")
  @MethodSource("profileFixtures")
  void validate_profileNamedByFile_findsNothing(String fixture, String profile) {
    ManifestDocument document = readSingle(fixture);

    Validation validation = Validator.forProfile(profile).validate(document);

    assertThat(validation.violations()).isEmpty();
    assertThat(validation.manifest()).isPresent();
  }

  @ParameterizedTest(name = "{0} against {1}")
  @MethodSource("profileFixtures")
  void keys_profileFixture_matchProfile(String fixture, String profileName) {
    DataSourceProfile profile = DataSourceProfiles.find(profileName).orElseThrow();
    SecretSection section = readSingle(fixture).manifest().secret();
    Set<String> keys = section.keys();
    Set<String> known = new HashSet<>(profile.required());
    known.addAll(profile.optional());
    Set<String> expectedFileKeys = new HashSet<>(profile.fileKeys());
    expectedFileKeys.retainAll(keys);
    Set<String> forbiddenPresent = new HashSet<>(profile.forbidden());
    forbiddenPresent.retainAll(keys);

    assertThat(keys).containsAll(profile.required());
    assertThat(known).containsAll(keys);
    assertThat(forbiddenPresent).isEmpty();
    assertThat(section.files().keySet()).isEqualTo(expectedFileKeys);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("snowflakeVariantFixtures")
  void validate_snowflakeVariantAgainstGenericSnowflakeProfile_findsNoErrors(String fixture) {
    Validation validation = Validator.forProfile("snowflake").validate(readSingle(fixture));

    assertThat(validation.errors()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("snowflakeVariantFixtures")
  void validate_snowflakeVariantAgainstGenericSnowflakeProfile_findsNothing(String fixture) {
    Validation validation = Validator.forProfile("snowflake").validate(readSingle(fixture));

    assertThat(validation.violations()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("namedByProfileFixtures")
  void sourceTag_whenPresent_namesTheFileProfile(String fixture) {
    List<String> sourceTags = readSingle(fixture).manifest().tags().stream()
        .filter(tag -> tag.startsWith("source:"))
        .toList();

    assertThat(sourceTags).isSubsetOf("source:" + profileOf(fixture).orElseThrow().name());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("v1ProfileFixtures")
  void shape_v1ProfileFixture_isADocsInstanceSecret(String fixture) {
    ManifestDocument document = readSingle(fixture);
    SecretManifest manifest = document.manifest();
    DataSourceProfile profile = profileOf(fixture).orElseThrow();
    String acl = manifest.name().endsWith("-rw") ? "rw" : "r";

    assertThat(manifest.version()).isEqualTo("v1");
    assertThat(manifest.type()).isEqualTo("instance-secret");
    assertThat(document.sectionKey()).isEqualTo("instance-secret");
    assertThat(manifest.secret().type()).isEqualTo(profile.documentedType());
    assertThat(manifest.name()).matches(".+-rw?");
    assertThat(manifest.secret().acl()).isEqualTo(acl);
    assertThat(manifest.tags()).contains("dataos:type:resource");
    assertThat(manifest.layer()).isEqualTo("user");
    assertThat(manifest.description()).isNotBlank();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("v2ProfileFixtures")
  void shape_v2ProfileFixture_isADocsTenantSecret(String fixture) {
    ManifestDocument document = readSingle(fixture);
    SecretManifest manifest = document.manifest();

    assertThat(manifest.version()).isEqualTo("v2alpha");
    assertThat(manifest.type()).isEqualTo("secret");
    assertThat(document.sectionKey()).isEqualTo("secret");
    assertThat(manifest.secret().type()).isEqualTo("key-value");
    assertThat(manifest.secret().acl()).isNull();
    assertThat(document.has("secret.acl")).isFalse();
    assertThat(manifest.layer()).isEqualTo("user");
    assertThat(manifest.description()).isNotBlank();
  }

  @Test
  void read_postgresqlV1_keepsEveryFieldAsWritten() {
    SecretManifest manifest = validManifest("postgresql-v1.yaml");

    assertThat(manifest.name()).isEqualTo("pgdepot-r");
    assertThat(manifest.version()).isEqualTo("v1");
    assertThat(manifest.type()).isEqualTo("instance-secret");
    assertThat(manifest.tags()).containsExactly("dataos:type:resource", "source:postgresql");
    assertThat(manifest.description()).isEqualTo("Read-only PostgreSQL credentials for the pgdepot Depot");
    assertThat(manifest.owner()).isEqualTo("iamgroot");
    assertThat(manifest.layer()).isEqualTo("user");
    assertThat(manifest.workspace()).isNull();
    assertThat(manifest.secret().type()).isEqualTo("key-value-properties");
    assertThat(manifest.secret().acl()).isEqualTo("r");
    assertThat(manifest.secret().data().keySet()).containsExactly("username", "password");
    assertThat(data(manifest, "username")).isEqualTo("pg_reader");
    assertThat(data(manifest, "password")).isEqualTo("fake-password-123");
  }

  @Test
  void read_postgresqlV2_keepsWorkspaceAndHasNoAcl() {
    SecretManifest manifest = validManifest("postgresql-v2.yaml");

    assertThat(manifest.name()).isEqualTo("pgdepot-r");
    assertThat(manifest.version()).isEqualTo("v2alpha");
    assertThat(manifest.workspace()).isEqualTo("engineering");
    assertThat(manifest.secret().acl()).isNull();
    assertThat(data(manifest, "username")).isEqualTo("pg_reader");
    assertThat(data(manifest, "password")).isEqualTo("fake-password-123");
  }

  @Test
  void read_mssqlPasswordWithSpecialCharacters_keepsEveryCharacter() {
    SecretManifest manifest = validManifest("mssql-v1.yaml");

    assertThat(data(manifest, "password")).isEqualTo("fake-P@ss:w/rd?#&=+;%\\{}()*!123");
    assertThat(manifest.description()).isEqualTo("Read-only SQL Server credentials: mssqldepot");
  }

  @Test
  void read_bigqueryV1_loadsKeyFileRelativeToManifest() {
    SecretManifest manifest = validManifest("bigquery-v1.yaml");
    FileEntry keyFile = manifest.secret().files().get("json_keyfile");

    assertThat(keyFile).isNotNull();
    assertThat(keyFile.path()).isEqualTo("files/bigquery-sa.json");
    assertThat(keyFile.resolved()).isEqualTo(VALID.resolve("files/bigquery-sa.json").toAbsolutePath().normalize());
    assertThat(keyFile.content().asString()).isEqualTo("""
        {
          "type": "service_account",
          "project_id": "fake-bq-project-123456",
          "private_key_id": "0000000000000000000000000000000000000000",
          "private_key": "-----BEGIN PRIVATE KEY-----\\nRkFLRSBTRVJWSUNFIEFDQ09VTlQgS0VZLiBOT1QgQSBSRUFMIEtFWS4=\\n-----END PRIVATE KEY-----\\n",
          "client_email": "fake-sa@fake-bq-project-123456.iam.gserviceaccount.com",
          "client_id": "000000000000000000000",
          "auth_uri": "https://accounts.google.com/o/oauth2/auth",
          "token_uri": "https://oauth2.googleapis.com/token"
        }
        """);
    assertThat(manifest.secret().values().keySet()).containsExactly("projectid", "email", "json_keyfile");
    assertThat(data(manifest, "projectid")).isEqualTo("fake-bq-project-123456");
  }

  @Test
  void read_kafkaTlsV1_loadsBinaryTrustStoreByteForByte() {
    SecretManifest manifest = validManifest("kafka-tls-v1.yaml");

    assertThat(manifest.secret().files().get("trust_store_file").content().bytes())
        .isEqualTo(fakeJavaKeyStore("KAFKA TRUST STORE"));
    assertThat(manifest.secret().files().get("ca_file").content().asString())
        .startsWith("-----BEGIN CERTIFICATE-----\nRkFLRSBDQSBDRVJUSUZJQ0FURSBGT1IgU0VDUkVUS0lUIFRFU1QgRklYVFVSRVMg\n")
        .endsWith("\n-----END CERTIFICATE-----\n");
    assertThat(data(manifest, "trust_store_type")).isEqualTo("JKS");
  }

  @Test
  void read_snowflakeKeypairV1_keepsPemBlockWithFinalNewline() {
    SecretManifest manifest = validManifest("snowflake-keypair-v1.yaml");

    assertThat(data(manifest, "auth_mode")).isEqualTo("key-pair");
    assertThat(data(manifest, "passphrase")).isEqualTo("fake-passphrase-123");
    assertThat(data(manifest, "key")).isEqualTo("""
        -----BEGIN ENCRYPTED PRIVATE KEY-----
        RkFLRSBFTkNSWVBURUQgUEtDUzggS0VZIEZPUiBTRUNSRVRLSVQgVEVTVCBGSVhU
        VVJFUyBPTkxZLiBOT1QgQSBSRUFMIEtFWS4gRkFLRSBFTkNSWVBURUQgUEtDUzgg
        S0VZIEZPUiBTRUNSRVRLSVQgVEVTVCBGSVhUVVJFUyBPTkxZLiBOT1QgQSBSRUFM
        IEtFWS4gRkFLRSBFTkNSWVBURUQgUEtDUzggS0VZIEZPUiBTRUNSRVRLSVQgVEVT
        VCBGSVhUVVJFUyBPTkxZLiBOT1QgQSBSRUFMIEtFWS4g
        -----END ENCRYPTED PRIVATE KEY-----
        """);
  }

  @Test
  void read_snowflakeKeypairUnencryptedV2_hasNoPassphrase() {
    SecretManifest manifest = validManifest("snowflake-keypair-unencrypted-v2.yaml");

    assertThat(manifest.secret().data().keySet()).containsExactly("username", "auth_mode", "key");
    assertThat(data(manifest, "key")).startsWith("-----BEGIN PRIVATE KEY-----\n")
        .endsWith("\n-----END PRIVATE KEY-----\n");
  }

  @Test
  void read_imagePullV1_keepsDockerConfigJsonBlock() {
    SecretManifest manifest = validManifest("cloud-kernel-image-pull-v1.yaml");

    assertThat(manifest.workspace()).isEqualTo("public");
    assertThat(manifest.secret().data().keySet()).containsExactly(".dockerconfigjson");
    assertThat(data(manifest, ".dockerconfigjson")).isEqualTo("""
        {
          "auths": {
            "https://index.docker.io/v1/": {
              "auth": "ZmFrZS1kb2NrZXItdXNlcjpmYWtlLWRvY2tlci1wYXNzd29yZA==",
              "username": "fake-docker-user",
              "password": "fake-docker-password"
            }
          }
        }
        """);
  }

  @Test
  void read_certificatesV1_loadsBothStoresFromFiles() {
    SecretManifest manifest = validManifest("certificates-v1.yaml");

    assertThat(manifest.secret().type()).isEqualTo("certificates");
    assertThat(manifest.secret().data()).isEmpty();
    assertThat(manifest.secret().files().keySet()).containsExactly("truststoreLocation", "keystoreLocation");
    assertThat(manifest.secret().files().get("truststoreLocation").content().bytes())
        .isEqualTo(fakeJavaKeyStore("TRUST STORE"));
    assertThat(manifest.secret().files().get("keystoreLocation").content().bytes())
        .isEqualTo(fakeJavaKeyStore("KEY STORE"));
  }

  @Test
  void read_aclPairV1_holdsReadAndReadWriteSecretsInOrder() {
    List<ManifestDocument> documents = READER.read(VALID.resolve("acl-pair-v1.yaml"));

    assertThat(documents).extracting(ManifestDocument::index).containsExactly(0, 1);
    assertThat(documents).extracting(document -> document.manifest().name()).containsExactly("salesdb-r", "salesdb-rw");
    assertThat(documents).extracting(document -> document.manifest().secret().acl()).containsExactly("r", "rw");
    assertThat(data(documents.get(1).manifest(), "username")).isEqualTo("sales_writer");
    assertThat(documents.get(1).positionOf("secret.data.username")).isEqualTo(new Position(29, 15));
  }

  @Test
  void read_interpolatedV1_takesValuesFromSuppliedEnvironmentOnce() {
    SecretManifest manifest = validManifest(INTERPOLATED);

    assertThat(data(manifest, "username")).isEqualTo("pg_env_reader");
    assertThat(data(manifest, "password")).isEqualTo(ENV_PASSWORD);
  }

  @Test
  void read_interpolatedV1WithoutInterpolation_keepsReferences() {
    ManifestReader literal = ManifestReader.builder().environment(Map.of()).interpolation(false).build();

    SecretManifest manifest = Validator.standard().validate(literal.read(VALID.resolve(INTERPOLATED)).get(0)).orThrow();

    assertThat(data(manifest, "username")).isEqualTo("$POSTGRES_USERNAME");
    assertThat(data(manifest, "password")).isEqualTo("${POSTGRES_PASSWORD}");
  }

  private static ManifestDocument readSingle(String fixture) {
    List<ManifestDocument> documents = READER.read(VALID.resolve(fixture));
    assertThat(documents).as("documents in %s", fixture).hasSize(1);
    return documents.get(0);
  }

  private static SecretManifest validManifest(String fixture) {
    Validation validation = Validator.standard().validate(readSingle(fixture));
    assertThat(validation.violations()).as(fixture).isEmpty();
    return validation.manifest().orElseThrow();
  }

  private static String data(SecretManifest manifest, String key) {
    assertThat(manifest.secret().data()).containsKey(key);
    return manifest.secret().data().get(key).asString();
  }

  /** Returns the profile whose name, followed by '-', is the longest start of the fixture's name. */
  private static Optional<DataSourceProfile> profileOf(String fixture) {
    return DataSourceProfiles.all().stream()
        .filter(profile -> fixture.startsWith(profile.name() + "-"))
        .max(Comparator.comparingInt(profile -> profile.name().length()));
  }

  /**
   * The bytes of the fake stores under {@code files/}: a Java key store header (magic FEEDFEED,
   * version 2, no entries), a label, and two bytes that are not UTF-8.
   */
  private static byte[] fakeJavaKeyStore(String what) {
    byte[] header = {(byte) 0xFE, (byte) 0xED, (byte) 0xFE, (byte) 0xED, 0, 0, 0, 2, 0, 0, 0, 0};
    byte[] label = ("FAKE " + what + " FOR SECRETKIT TESTS").getBytes(StandardCharsets.US_ASCII);
    byte[] trailer = {0, (byte) 0xFF};
    return concat(header, label, trailer);
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  private static Path resourceDirectory(String name) {
    try {
      return Path.of(ValidFixturesTest.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
