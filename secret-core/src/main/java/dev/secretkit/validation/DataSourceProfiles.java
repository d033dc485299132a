package dev.secretkit.validation;

import dev.secretkit.spi.support.Suggestions;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The data-source and repository profiles of the DataOS Secret docs, by name.
 *
 * <p>{@code snowflake} chooses between {@code snowflake-password} and {@code snowflake-keypair}
 * by the keys present; the Snowflake rules about {@code auth_mode}, {@code key} and
 * {@code passphrase} are applied by the validator.
 */
public final class DataSourceProfiles {
  private static final Set<String> USER_PASSWORD = Set.of("username", "password");
  private static final Set<String> AZURE = Set.of("azureendpointsuffix", "azurestorageaccountkey", "azurestorageaccountname");
  private static final Set<String> GIT_SYNC = Set.of("GITSYNC_USERNAME", "GITSYNC_PASSWORD");
  private static final Set<String> SNOWFLAKE_KEY_PAIR = Set.of("auth_mode", "passphrase", "key");

  private static final Map<String, DataSourceProfile> PROFILES = index(List.of(
      source("abfss", "Azure Blob File System Secure (ABFSS)", AZURE),
      source("bigquery", "BigQuery", Set.of("projectid", "email", "json_keyfile"), Set.of(), Set.of("json_keyfile")),
      source("elasticsearch", "Elasticsearch", USER_PASSWORD),
      source("eventhub", "Azure Event Hub", Set.of("eh_shared_access_key_name", "eh_shared_access_key")),
      source("gcs", "Google Cloud Storage (GCS)", Set.of("projectid", "email", "gcskey_json"), Set.of(),
          Set.of("gcskey_json")),
      source("jdbc", "JDBC", USER_PASSWORD),
      source("kafka", "Kafka", USER_PASSWORD,
          Set.of("security_protocol", "sasl_mechanism", "trust_store_type", "trust_store_password", "ca_file",
              "trust_store_file"),
          Set.of("ca_file", "trust_store_file")),
      source("mongodb", "MongoDB", USER_PASSWORD,
          Set.of("keyStorePassword", "trustStorePassword", "ca_file", "key_store_file", "trust_store_file"),
          Set.of("ca_file", "key_store_file", "trust_store_file")),
      source("mssql", "Microsoft SQL Server (MSSQL) or Azure SQL", USER_PASSWORD),
      source("mysql", "MySQL", USER_PASSWORD),
      source("opensearch", "OpenSearch", USER_PASSWORD),
      source("oracle", "Oracle", USER_PASSWORD),
      source("postgresql", "PostgreSQL", USER_PASSWORD),
      source("redshift", "Amazon Redshift", Set.of("username", "password", "awsaccesskeyid", "awssecretaccesskey")),
      source("s3", "Amazon S3", Set.of("awsaccesskeyid", "awssecretaccesskey"), Set.of("accesskeyid", "secretkey"),
          Set.of()),
      new DataSourceProfile("snowflake", "Snowflake (password or key pair, chosen by the keys present)", false,
          Set.of("username"), union(Set.of("password"), SNOWFLAKE_KEY_PAIR), Set.of(), Set.of()),
      new DataSourceProfile("snowflake-password", "Snowflake, password authentication", false,
          USER_PASSWORD, Set.of(), Set.of(), SNOWFLAKE_KEY_PAIR),
      new DataSourceProfile("snowflake-keypair", "Snowflake, RSA key-pair authentication", false,
          Set.of("username", "auth_mode", "key"), Set.of("passphrase"), Set.of(), Set.of("password")),
      source("wasbs", "Azure Blob Storage (WASBS)", AZURE),
      repository("bitbucket", "Bitbucket"),
      repository("codecommit", "AWS CodeCommit"),
      repository("git", "Git")));

  private DataSourceProfiles() {}

  /** Returns every profile, ordered by name. */
  public static Collection<DataSourceProfile> all() {
    return PROFILES.values();
  }

  /** Returns the profile called {@code name}, if there is one. */
  public static Optional<DataSourceProfile> find(String name) {
    return Optional.ofNullable(PROFILES.get(name));
  }

  /** Returns the profile name {@code name} was probably meant to be, for a "did you mean" hint. */
  public static Optional<String> closest(String name) {
    return Suggestions.closest(name, PROFILES.keySet());
  }

  private static DataSourceProfile source(String name, String title, Set<String> required) {
    return source(name, title, required, Set.of(), Set.of());
  }

  private static DataSourceProfile source(
      String name, String title, Set<String> required, Set<String> optional, Set<String> fileKeys) {
    return new DataSourceProfile(name, title, false, required, optional, fileKeys, Set.of());
  }

  private static DataSourceProfile repository(String name, String title) {
    return new DataSourceProfile(name, title, true, GIT_SYNC, Set.of(), Set.of(), Set.of());
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }

  private static Map<String, DataSourceProfile> index(List<DataSourceProfile> profiles) {
    Map<String, DataSourceProfile> byName = new LinkedHashMap<>();
    profiles.stream()
        .sorted(Comparator.comparing(DataSourceProfile::name))
        .forEach(profile -> byName.put(profile.name(), profile));
    return Collections.unmodifiableMap(byName);
  }
}
