package dev.secretkit.emulator.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The list filter subset: what each supported form selects, and the refusal of the rest. */
class ListFilterTest {
  private static final List<ListFilter.Target> SECRETS = List.of(
      secret("app-db-password", Map.of("env", "prod", "team", "web")),
      secret("app-api-key", Map.of("env", "dev")),
      secret("APIKEY-for-production", Map.of()),
      secret("quoted value", Map.of("note", "a b")));

  @ParameterizedTest(name = "{index}: {0}")
  @CsvSource(delimiter = '|', value = {
      "''                                         | app-db-password,app-api-key,APIKEY-for-production,quoted value",
      "name:db                                    | app-db-password",
      "name:APIKEY*production                     | APIKEY-for-production",
      "name=projects/1/secrets/app-api-key        | app-api-key",
      "name=app-*                                 | ''",
      "name=projects/1/secrets/app-*              | app-db-password,app-api-key",
      "name!=projects/1/secrets/app-api-key       | app-db-password,APIKEY-for-production,quoted value",
      "labels.env=prod                            | app-db-password",
      "labels.env:pro                             | app-db-password",
      "labels.env:*                               | app-db-password,app-api-key",
      "labels.env!=prod                           | app-api-key,APIKEY-for-production,quoted value",
      "labels:team                                | app-db-password",
      "labels:*                                   | app-db-password,app-api-key,quoted value",
      "NOT labels:*                               | APIKEY-for-production",
      "-labels.env:*                              | APIKEY-for-production,quoted value",
      "labels.env:* AND NOT labels.team:*         | app-api-key",
      "labels.env:* NOT labels.team:*             | app-api-key",
      "name:db OR name:api                        | app-db-password,app-api-key",
      "name:app AND (labels.env=dev OR labels.team=web) | app-db-password,app-api-key",
      "labels.note=\"a b\"                        | quoted value",
      "name:\"quoted \\\"\"                       | ''",
  })
  void aSupportedFilter_selectsWhatItSays(String filter, String expected) {
    Predicate<ListFilter.Target> predicate = ListFilter.parse(filter, ListFilter.Kind.SECRETS);

    List<String> selected = SECRETS.stream().filter(predicate).map(ListFilterTest::id).collect(Collectors.toList());

    assertThat(selected).containsExactlyElementsOf(expected.isEmpty() ? List.of() : List.of(expected.split(",")));
  }

  @Test
  void versionFilters_selectOnState_caseInsensitively() {
    Predicate<ListFilter.Target> enabled = ListFilter.parse("state:enabled", ListFilter.Kind.VERSIONS);
    Predicate<ListFilter.Target> notDestroyed = ListFilter.parse("state!=DESTROYED", ListFilter.Kind.VERSIONS);

    assertThat(enabled.test(new ListFilter.Target("v/1", Map.of(), "ENABLED"))).isTrue();
    assertThat(enabled.test(new ListFilter.Target("v/1", Map.of(), "DISABLED"))).isFalse();
    assertThat(notDestroyed.test(new ListFilter.Target("v/1", Map.of(), "DESTROYED"))).isFalse();
  }

  @ParameterizedTest(name = "{index}: {0}")
  @CsvSource(delimiter = '|', value = {
      "create_time<2021-01-01T06:00:00Z | the operator '<' is not supported",
      "create_time:2021                 | filtering on 'create_time' is not supported by the emulator; it filters "
          + "secrets on name, labels.KEY and labels",
      "replication.automatic:*          | filtering on 'replication.automatic'",
      "name ~ \"secret_ab.*\"           | the operator '~' is not supported",
      "name>=a                          | the operator '>=' is not supported",
      "mysecret                         | 'mysecret' has no operator",
      "name:                            | expected a value after 'name:' at the end",
      "(name:a                          | expected ')' at the end",
      "(name:a name:b x                 | 'x' has no operator",
      "name:a)                          | unexpected ')'",
      "AND name:a                       | unexpected 'AND'",
      "name:\"open                      | unterminated string",
      "labels.:x                        | filtering on 'labels.'",
      "state:ENABLED                    | filtering on 'state'",
  })
  void anUnsupportedOrMalformedFilter_isInvalidArgument_sayingWhy(String filter, String problem) {
    StatusRuntimeException refused = Assertions.catchThrowableOfType(StatusRuntimeException.class,
        () -> ListFilter.parse(filter, ListFilter.Kind.SECRETS));

    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(refused.getStatus().getDescription()).startsWith("Invalid filter '" + filter + "': ")
        .contains(problem);
  }

  @Test
  void aVersionFilter_refusesSecretFields() {
    StatusRuntimeException refused = Assertions.catchThrowableOfType(StatusRuntimeException.class,
        () -> ListFilter.parse("labels.env:*", ListFilter.Kind.VERSIONS));

    assertThat(refused.getStatus().getDescription()).endsWith("it filters versions on name and state.");
  }

  private static ListFilter.Target secret(String id, Map<String, String> labels) {
    return new ListFilter.Target("projects/1/secrets/" + id, labels, "");
  }

  private static String id(ListFilter.Target target) {
    return target.name().substring(target.name().lastIndexOf('/') + 1);
  }
}
