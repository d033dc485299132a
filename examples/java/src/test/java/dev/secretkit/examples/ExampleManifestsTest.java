package dev.secretkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.ApplyResult;
import dev.secretkit.SecretRef;
import dev.secretkit.SecretValue;
import dev.secretkit.client.SecretClient;
import dev.secretkit.manifest.ManifestReader;
import dev.secretkit.manifest.SecretManifest;
import dev.secretkit.manifest.Validation;
import dev.secretkit.validation.DataSourceProfile;
import dev.secretkit.validation.DataSourceProfiles;
import dev.secretkit.validation.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example manifest under {@code examples/manifests} (but the deliberately broken one) reads
 * and validates without a finding, applies to a store, and gives its values back; the data-source
 * examples cover every profile and follow the docs' conventions; nothing looks like a real credential.
 */
class ExampleManifestsTest {
  /** Maven runs tests in the module's directory, {@code examples/java}. */
  private static final Path EXAMPLES = Path.of("../manifests");
  private static final Path SOURCES = EXAMPLES.resolve("sources");
  private static final String BROKEN = "broken.yaml";
  /** The only variables the examples may use (postgres-v1.yaml's); never the process environment. */
  private static final Map<String, String> ENVIRONMENT =
      Map.of("PG_USERNAME", "fake-env-user", "PG_PASSWORD", "fake-env-password");
  private static final ManifestReader READER = ManifestReader.builder().environment(ENVIRONMENT).build();

  /** Every file {@code secretctl validate -R examples/manifests} would read, but broken.yaml. */
  static Stream<Path> manifests() {
    try (Stream<Path> files = Files.walk(EXAMPLES)) {
      List<Path> found = files.filter(Files::isRegularFile)
          .filter(file -> file.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(yaml|yml|json)"))
          .filter(file -> !file.getFileName().toString().equals(BROKEN))
          .sorted()
          .toList();
      assertThat(found).as("manifests under %s", EXAMPLES.toAbsolutePath()).hasSizeGreaterThan(20);
      return found.stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Validation> validate(Path file) {
    return READER.read(file).stream().map(Validator.standard()::validate).toList();
  }

  @ParameterizedTest
  @MethodSource("manifests")
  void validate_example_hasNoErrorsAndNoWarnings(Path file) {
    List<Validation> validations = validate(file);

    assertThat(validations).isNotEmpty().allSatisfy(validation -> {
      assertThat(validation.violations()).as("%s document %d", file, validation.document()).isEmpty();
      assertThat(validation.manifest()).isPresent();
    });
  }

  @Test
  void apply_everyExample_resolvesEachKeyAsWritten() {
    List<String> resolved = new ArrayList<>();
    try (SecretClient client = SecretClient.builder().store("memory:").environment(ENVIRONMENT).build()) {
      for (Path file : manifests().toList()) {
        List<SecretManifest> expected = validate(file).stream().map(Validation::orThrow).toList();
        List<ApplyResult> results = client.apply(file);

        assertThat(results).as("%s", file).hasSameSizeAs(expected)
            .allSatisfy(result -> assertThat(result.outcome()).isEqualTo(ApplyResult.Outcome.CREATED));
        for (int i = 0; i < results.size(); i++) {
          Map<String, SecretValue> values = expected.get(i).secret().values();
          String key = values.keySet().iterator().next();
          SecretValue value = client.resolve(SecretRef.to(results.get(i).id(), key));
          assertThat(value).as("%s#%s", results.get(i).id(), key).isEqualTo(values.get(key));
          value.destroy();
          resolved.add(results.get(i).id() + "#" + key);
        }
      }
    }
    assertThat(resolved).doesNotHaveDuplicates().contains("instance:sales-pg-r#username",
        "engineering:sales-pg#username", "instance:pgdepot-rw#username", "public:partner-api-client-r#client_id");
  }

  @Test
  void sources_coverEveryProfile_taggedWithIt() {
    for (DataSourceProfile profile : DataSourceProfiles.all()) {
      if (profile.name().equals("snowflake")) {
        continue; // the generic profile only chooses between snowflake-password and snowflake-keypair
      }
      Path file = SOURCES.resolve(profile.name() + ".yaml");
      assertThat(file).as("an example for the %s profile", profile.name()).isRegularFile();
      assertThat(validate(file)).allSatisfy(validation ->
          assertThat(validation.orThrow().tags()).as("%s", file).contains("source:" + profile.name()));
    }
  }

  @Test
  void sources_followTheDocsConventions() throws IOException {
    try (Stream<Path> files = Files.list(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        String name = file.getFileName().toString().replace(".yaml", "");
        Optional<DataSourceProfile> profile = DataSourceProfiles.find(name);
        for (Validation validation : validate(file)) {
          SecretManifest manifest = validation.orThrow();
          if (profile.isEmpty()) { // V2-adjacent connections: no profile, plain key-value tenant secrets
            assertThat(manifest.version()).as("%s", file).isEqualTo("v2alpha");
            assertThat(manifest.secret().type()).as("%s", file).isEqualTo("key-value");
            continue;
          }
          assertThat(manifest.secret().type()).as("%s", file).isEqualTo(profile.get().documentedType());
          assertThat(manifest.name()).as("%s", file).endsWith("-" + manifest.secret().acl());
        }
      }
    }
  }

  @Test
  void examples_holdNothingThatLooksLikeARealCredential() throws IOException {
    List<Pattern> real = List.of(
        Pattern.compile("AKIA[0-9A-Z]{16}"),                                    // an AWS access key id
        Pattern.compile("PRIVATE KEY-----\\s*[A-Za-z0-9+/=]{20,}"),             // a PEM body
        Pattern.compile("CERTIFICATE-----\\s*[A-Za-z0-9+/=]{20,}"),
        Pattern.compile("gh[pousr]_[A-Za-z0-9]{30,}|xox[abpr]-[A-Za-z0-9-]{10,}")); // GitHub, Slack tokens
    try (Stream<Path> files = Files.walk(EXAMPLES)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String text = Files.readString(file).replace("\\n", "\n");
        assertThat(real).as("%s", file).noneMatch(pattern -> pattern.matcher(text).find());
      }
    }
  }
}
