package dev.secretkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.Plan.Action;
import dev.secretkit.access.Permission;
import dev.secretkit.access.Principal;
import dev.secretkit.access.Role;
import dev.secretkit.client.SecretClient;
import dev.secretkit.manifest.InvalidManifestException;
import dev.secretkit.manifest.SecretManifest;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.memory.InMemorySecretStoreProvider;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link SecretClient#planApply} and {@link SecretClient#planDelete} say what a batch would do, and write nothing. */
class PlanTest {
  private static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");
  private static final SecretId A = SecretId.of("public", "a");
  private static final SecretId B = SecretId.of("public", "b");
  private static final SecretId C = SecretId.of("public", "c");

  private SecretStore store;
  private SecretClient olivia;

  @BeforeEach
  void open() {
    store = new InMemorySecretStoreProvider().open(StoreConfig.parse("memory:?maxValueBytes=64", Map.of(),
        Clock.fixed(T0, ZoneOffset.UTC)));
    olivia = clientFor(Principal.of("olivia", Role.DATA_DEVELOPER));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private SecretClient clientFor(Principal principal) {
    return SecretClient.builder().store(store).principal(principal).clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
  }

  @Test
  void planApply_saysWhatEachManifestWouldDo_andTheVersionItWouldLeave() {
    olivia.apply(Manifests.secret("a", "k", "one"));
    olivia.apply(Manifests.secret("b", "k", "one"));
    SecretManifest bWithTags = new SecretManifest("b", "v1", "secret", List.of("team:x"), null, null, null, null,
        Manifests.secret("b", "k", "one").secret());
    List<String> before = revisions(A, B, C);

    Plan plan = olivia.planApply(List.of(Manifests.secret("a", "k", "two"), bWithTags, Manifests.secret("c", "k", "x"),
        Manifests.secret("a", "k", "two")));

    assertThat(plan.ready()).isTrue();
    assertThat(plan.steps()).extracting(Plan.Step::action)
        .containsExactly(Action.UPDATE, Action.UPDATE_METADATA, Action.CREATE, Action.UNCHANGED);
    assertThat(plan.steps()).extracting(Plan.Step::version).containsExactly(2L, 1L, 1L, 2L);
    assertThat(revisions(A, B, C)).as("a plan writes nothing").isEqualTo(before);
  }

  @Test
  void planApply_withADenialOnTheSecondOfThree_isNotReady_andNamesThatStepOnly() {
    olivia.apply(Manifests.secret("b", "k", "one"));
    SecretClient carol = clientFor(Principal.of("carol", Role.DATA_DEVELOPER));
    List<String> before = revisions(A, B, C);

    Plan plan = carol.planApply(List.of(Manifests.secret("a", "k", "x"), Manifests.secret("b", "k", "x"),
        Manifests.secret("c", "k", "x")));

    assertThat(plan.ready()).isFalse();
    assertThat(plan.steps()).extracting(step -> step.problem().map(Object::getClass))
        .containsExactly(Optional.empty(), Optional.of(AccessDeniedException.class), Optional.empty());
    assertThat(plan.problems()).singleElement().extracting(Throwable::getMessage).asString()
        .contains("carol").contains("may not update secret public:b").contains("can-edit");
    assertThat(revisions(A, B, C)).isEqualTo(before);
  }

  @Test
  void planApply_reportsTheStoresLimits_perManifest() {
    Plan plan = olivia.planApply(List.of(Manifests.secret("a", "k", "x".repeat(65)), Manifests.secret("b", "k", "x")));

    assertThat(plan.steps().get(0).problem()).get().isInstanceOf(InvalidManifestException.class);
    assertThat(plan.steps().get(1).problem()).isEmpty();
  }

  @Test
  void planApply_ofAnEditorWhoMayNotUse_alwaysPlansANewVersion() {
    olivia.apply(Manifests.secret("a", "k", "one"));
    olivia.grant(A, "eddie", Permission.CAN_EDIT);

    Plan plan = clientFor(Principal.of("eddie")).planApply(List.of(Manifests.secret("a", "k", "one")));

    assertThat(plan.steps()).singleElement().extracting(Plan.Step::action).isEqualTo(Action.UPDATE);
  }

  @Test
  void planDelete_checksExistencePermissionAndDependents_forEverySecret() {
    olivia.apply(Manifests.secret("a", "k", "one"));
    olivia.apply(Manifests.secret("b", "k", "one"));
    olivia.registerDependent(B, "depot:v2alpha:sales");
    List<String> before = revisions(A, B, C);

    Plan plan = olivia.planDelete(List.of(A, B, C), false);

    assertThat(plan.steps()).extracting(step -> step.problem().map(Object::getClass)).containsExactly(
        Optional.empty(), Optional.of(ConflictException.class), Optional.of(SecretNotFoundException.class));
    assertThat(olivia.planDelete(List.of(A, B), true).ready()).isTrue();
    assertThat(clientFor(Principal.of("carol")).planDelete(List.of(A), true).problems()).singleElement()
        .isInstanceOf(AccessDeniedException.class);
    assertThat(revisions(A, B, C)).isEqualTo(before);
  }

  private List<String> revisions(SecretId... ids) {
    List<String> revisions = new ArrayList<>();
    for (SecretId id : ids) {
      revisions.add(store.probe(id).orElse("absent"));
    }
    return revisions;
  }
}
