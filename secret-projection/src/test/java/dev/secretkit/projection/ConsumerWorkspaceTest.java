package dev.secretkit.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.secretkit.manifest.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A consumer's own {@code workspace:} obeys the scope rule, as an entry's does: its V1 entries
 * without one are looked up there, and it is part of the name the consumer is registered under
 * among a secret's dependents, which the client checks only once the files are written.
 */
class ConsumerWorkspaceTest {
  private static final String SERVICE = """
      name: web
      version: v1
      type: service
      workspace: %s
      projection:
        templateType: none
        secrets:
          - id: sales:pg-r
            contextAlias: db
      """;

  @Test
  void aWorkspaceThatBreaksTheScopeRule_isAFindingWithItsPosition() {
    List<ConsumerDocument> documents = ConsumerReader.read(SERVICE.formatted("Sales_Team"), "web.yaml");

    assertThat(documents).singleElement().satisfies(document -> {
      assertThat(document.consumer()).isEmpty();
      assertThat(document.validation().errors()).extracting(Violation::path, Violation::line, Violation::column,
          Violation::message).containsExactly(tuple("workspace", 4, 12,
              "invalid workspace Sales_Team"));
    });
  }

  @Test
  void aValidWorkspace_namesTheConsumersDependent() {
    assertThat(ConsumerReader.consumers(SERVICE.formatted("sales"), "web.yaml")).singleElement()
        .extracting(Consumer::dependent).isEqualTo("service:v1:web:sales");
  }
}
