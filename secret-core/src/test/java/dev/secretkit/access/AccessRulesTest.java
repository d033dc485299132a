package dev.secretkit.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.Manifests;
import dev.secretkit.SecretId;
import dev.secretkit.client.SecretClient;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.memory.InMemorySecretStoreProvider;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of DECISIONS.md section 4, allowed and denied, through {@link SecretClient}s that
 * share one store, as separate applications would.
 */
class AccessRulesTest {
  private static final SecretId PG = SecretId.of("public", "pg");
  private static final SecretId OTHER = SecretId.of("public", "other");
  private static final Principal OWNER = Principal.of("olivia", Role.DATA_DEVELOPER);

  private SecretStore store;
  private SecretClient owner;

  @BeforeEach
  void createSecretsOwnedByOlivia() {
    store = new InMemorySecretStoreProvider().open(StoreConfig.parse("memory:", Map.of(), Clock.systemUTC()));
    owner = clientFor(OWNER);
    owner.apply(Manifests.secret("pg", "password", "fake-pg-password"));
    owner.apply(Manifests.secret("other", "password", "fake-other-password"));
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  /** The operations of the access table, each performed through the client. */
  enum Act {
    CREATE, USE, UPDATE, DELETE, GRANT, REVOKE
  }

  static Stream<Arguments> table() {
    return Stream.of(
        // Create needs tenant-admin, data-admin or data-developer.
        row("tenant-admin creates", Set.of(Role.TENANT_ADMIN), List.of(), Act.CREATE, true),
        row("data-admin creates", Set.of(Role.DATA_ADMIN), List.of(), Act.CREATE, true),
        row("data-developer creates", Set.of(Role.DATA_DEVELOPER), List.of(), Act.CREATE, true),
        row("operator may not create", Set.of(Role.OPERATOR), List.of(), Act.CREATE, false),
        row("no role may not create", Set.of(), List.of(), Act.CREATE, false),
        // Use needs ownership or can-use on that secret; nothing cascades.
        row("can-use grant uses", Set.of(), List.of(Permission.CAN_USE), Act.USE, true),
        row("tenant-admin without grant may not use", Set.of(Role.TENANT_ADMIN), List.of(), Act.USE, false),
        row("tenant-admin with its own can-use uses", Set.of(Role.TENANT_ADMIN), List.of(Permission.CAN_USE),
            Act.USE, true),
        row("data-admin may not use", Set.of(Role.DATA_ADMIN), List.of(), Act.USE, false),
        row("operator may not use", Set.of(Role.OPERATOR), List.of(), Act.USE, false),
        row("can-edit does not give use", Set.of(), List.of(Permission.CAN_EDIT), Act.USE, false),
        row("can-manage-access does not give use", Set.of(), List.of(Permission.CAN_MANAGE_ACCESS), Act.USE, false),
        // Update and delete need ownership, can-edit or tenant-admin.
        row("can-edit updates", Set.of(), List.of(Permission.CAN_EDIT), Act.UPDATE, true),
        row("tenant-admin updates", Set.of(Role.TENANT_ADMIN), List.of(), Act.UPDATE, true),
        row("can-use may not update", Set.of(Role.DATA_DEVELOPER), List.of(Permission.CAN_USE), Act.UPDATE, false),
        row("data-admin may not update", Set.of(Role.DATA_ADMIN), List.of(), Act.UPDATE, false),
        row("can-manage-access may not update", Set.of(), List.of(Permission.CAN_MANAGE_ACCESS), Act.UPDATE, false),
        row("can-edit deletes", Set.of(), List.of(Permission.CAN_EDIT), Act.DELETE, true),
        row("tenant-admin deletes", Set.of(Role.TENANT_ADMIN), List.of(), Act.DELETE, true),
        row("can-use may not delete", Set.of(), List.of(Permission.CAN_USE), Act.DELETE, false),
        row("data-developer may not delete", Set.of(Role.DATA_DEVELOPER), List.of(), Act.DELETE, false),
        // Grant and revoke need ownership, can-manage-access or tenant-admin.
        row("can-manage-access grants", Set.of(), List.of(Permission.CAN_MANAGE_ACCESS), Act.GRANT, true),
        row("tenant-admin grants", Set.of(Role.TENANT_ADMIN), List.of(), Act.GRANT, true),
        row("can-edit may not grant", Set.of(), List.of(Permission.CAN_EDIT), Act.GRANT, false),
        row("can-use may not grant", Set.of(), List.of(Permission.CAN_USE), Act.GRANT, false),
        row("data-admin may not grant", Set.of(Role.DATA_ADMIN), List.of(), Act.GRANT, false),
        row("can-manage-access revokes", Set.of(), List.of(Permission.CAN_MANAGE_ACCESS), Act.REVOKE, true),
        row("tenant-admin revokes", Set.of(Role.TENANT_ADMIN), List.of(), Act.REVOKE, true),
        row("can-edit may not revoke", Set.of(), List.of(Permission.CAN_EDIT), Act.REVOKE, false));
  }

  private static Arguments row(String name, Set<Role> roles, List<Permission> grants, Act act, boolean allowed) {
    return Arguments.of(name, roles, grants, act, allowed);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void table_rowHolds(String name, Set<Role> roles, List<Permission> grants, Act act, boolean allowed) {
    grants.forEach(permission -> owner.grant(PG, "carol", permission));
    SecretClient carol = clientFor(Principal.of("carol", roles));

    if (allowed) {
      assertThatCode(() -> perform(carol, act)).doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> perform(carol, act))
          .isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("carol")
          .hasMessageContaining(act == Act.CREATE ? "public:new-one" : "public:pg")
          .hasMessageContaining(requirementOf(act))
          .hasMessageContaining("memory:")
          .satisfies(e -> {
            AccessDeniedException denied = (AccessDeniedException) e;
            assertThat(denied.principal()).isEqualTo("carol");
            assertThat(denied.permission()).isEqualTo(requirementOf(act));
          });
      assertThat(owner.get(PG).value("password").asString()).isEqualTo("fake-pg-password");
    }
  }

  @Test
  void owner_mayDoEverything_andHoldsEditAndManageAccess() {
    assertThat(owner.describe(PG).metadata().owner()).isEqualTo("olivia");
    assertThat(owner.describe(PG).metadata().grants()).containsExactly(
        new Grant("olivia", Permission.CAN_EDIT), new Grant("olivia", Permission.CAN_MANAGE_ACCESS));
    for (Act act : List.of(Act.USE, Act.UPDATE, Act.GRANT, Act.REVOKE, Act.DELETE)) {
      assertThatCode(() -> perform(owner, act)).as(act.name()).doesNotThrowAnyException();
    }
  }

  @Test
  void denial_readsAsTheReadmeShows() {
    SecretClient carol = clientFor(Principal.of("carol", Role.DATA_DEVELOPER));

    assertThatThrownBy(() -> carol.resolve("pg#password")).hasMessage(
        "access denied: carol (data-developer) may not use secret public:pg in store memory:;"
            + " this needs ownership or a can-use grant");
  }

  @Test
  void aGrantOnOneSecret_givesNothingOnAnother() {
    owner.grant(PG, "carol", Permission.CAN_USE);
    SecretClient carol = clientFor(Principal.of("carol", Role.DATA_DEVELOPER));

    assertThat(carol.resolve("public:pg#password").asString()).isEqualTo("fake-pg-password");
    assertThatThrownBy(() -> carol.resolve("public:other#password")).isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void revoke_takesUseAwayAgain_andEveryClientOfTheStoreSeesIt() {
    owner.grant(PG, "carol", Permission.CAN_USE);
    SecretClient carol = clientFor(Principal.of("carol"));
    assertThat(carol.resolve("pg#password").asString()).isEqualTo("fake-pg-password");

    clientFor(OWNER).revoke(PG, "carol", Permission.CAN_USE);

    assertThatThrownBy(() -> carol.resolve("pg#password")).isInstanceOf(AccessDeniedException.class);
    assertThat(carol.describe(PG).metadata().grants()).doesNotContain(new Grant("carol", Permission.CAN_USE));
  }

  @Test
  void metadata_isReadableWithoutAnyPermission() {
    SecretClient stranger = clientFor(Principal.of("stranger"));

    assertThat(stranger.describe(PG).keys()).containsExactly("password");
    assertThat(stranger.versions(PG)).hasSize(1);
    assertThat(stranger.list("public", dev.secretkit.SecretFilter.ALL)).hasSize(2);
  }

  @Test
  void applyByANonEditor_isDeniedEvenWhenTheContentIsUnchanged() {
    SecretClient guesser = clientFor(Principal.of("guesser", Role.DATA_DEVELOPER));

    assertThatThrownBy(() -> guesser.apply(Manifests.secret("pg", "password", "fake-pg-password")))
        .isInstanceOf(AccessDeniedException.class).hasMessageContaining("may not update secret public:pg");
  }

  @Test
  void anEditorWithoutUse_cannotTellWhetherAGuessedValueIsRight() {
    owner.grant(PG, "eddie", Permission.CAN_EDIT);
    SecretClient eddie = clientFor(Principal.of("eddie"));

    var right = eddie.apply(Manifests.secret("pg", "password", "fake-pg-password"));
    var wrong = eddie.apply(Manifests.secret("pg", "password", "fake-guess"));

    assertThat(right.outcome()).isEqualTo(dev.secretkit.ApplyResult.Outcome.UPDATED);
    assertThat(right.version()).isEqualTo(2);
    assertThat(wrong.outcome()).isEqualTo(dev.secretkit.ApplyResult.Outcome.UPDATED);
    assertThat(wrong.version()).isEqualTo(3);
    assertThat(owner.apply(Manifests.secret("pg", "password", "fake-guess")).outcome())
        .as("the owner may read, so it is told nothing changed").isEqualTo(dev.secretkit.ApplyResult.Outcome.UNCHANGED);
  }

  @Test
  void changingTheOwner_movesTheOwnersGrants() {
    var manifest = Manifests.secret("pg", "password", "fake-pg-password");
    owner.grant(PG, "olivia", Permission.CAN_USE);

    clientFor(Principal.of("tina", Role.TENANT_ADMIN)).apply(new dev.secretkit.manifest.SecretManifest("pg", "v1",
        "secret", List.of(), null, "bob", null, null, manifest.secret()));

    assertThat(owner.describe(PG).metadata().owner()).isEqualTo("bob");
    assertThat(owner.describe(PG).metadata().grants()).containsExactlyInAnyOrder(
        new Grant("olivia", Permission.CAN_USE), new Grant("bob", Permission.CAN_EDIT),
        new Grant("bob", Permission.CAN_MANAGE_ACCESS));
    assertThatThrownBy(() -> owner.grant(PG, "x", Permission.CAN_USE)).isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void unregisteringADependent_needsTheRightToUpdate() {
    owner.registerDependent(PG, "depot:v2alpha:sales");
    owner.grant(PG, "carol", Permission.CAN_USE);
    SecretClient carol = clientFor(Principal.of("carol"));

    assertThatThrownBy(() -> carol.unregisterDependent(PG, "depot:v2alpha:sales"))
        .isInstanceOf(AccessDeniedException.class).hasMessageContaining("may not update");
    assertThat(owner.describe(PG).metadata().dependents()).containsExactly("depot:v2alpha:sales");
  }

  @Test
  void ownerField_ofANewSecret_isIgnoredWithAWarning_unlessATenantAdminApplies() {
    var manifest = Manifests.secret("theirs", "k", "v");
    var ownedByBob = new dev.secretkit.manifest.SecretManifest(manifest.name(), manifest.version(), manifest.type(),
        manifest.tags(), null, "bob", null, null, manifest.secret());
    SecretClient carol = clientFor(Principal.of("carol", Role.DATA_DEVELOPER));
    SecretId theirs = SecretId.of("public", "theirs");

    assertThat(carol.planApply(List.of(ownedByBob)).steps().get(0).warnings()).singleElement().asString()
        .contains("owner: bob is ignored").contains("owned by whoever applies it (carol)").contains("tenant-admin");
    carol.apply(ownedByBob);
    assertThat(owner.describe(theirs).metadata().owner()).isEqualTo("carol");
    assertThat(carol.planApply(List.of(ownedByBob)).steps().get(0).warnings()).singleElement().asString()
        .contains("the secret is owned by carol");

    SecretClient tina = clientFor(Principal.of("tina", Role.TENANT_ADMIN));
    assertThat(tina.planApply(List.of(ownedByBob)).steps().get(0).warnings()).isEmpty();
    tina.apply(ownedByBob);
    assertThat(owner.describe(theirs).metadata().owner()).isEqualTo("bob");
  }

  @Test
  void ownerField_appliedByTheLocalUser_isIgnored_soTheDocsTemplateGivesNothingAway() {
    var manifest = Manifests.secret("mine", "k", "v");
    var template = new dev.secretkit.manifest.SecretManifest(manifest.name(), manifest.version(), manifest.type(),
        manifest.tags(), null, "iamgroot", null, null, manifest.secret());

    clientFor(Principal.localUser("me")).apply(template);

    assertThat(owner.describe(SecretId.of("public", "mine")).metadata().owner()).isEqualTo("me");
  }

  @Test
  void withoutAPrincipal_theClientIsTheLocalUserWithEveryRight() {
    try (SecretClient local = SecretClient.builder().store(store).environment(Map.of("USER", "me")).build()) {
      assertThat(local.principal().unrestricted()).isTrue();
      assertThat(local.principal().id()).isEqualTo("me");
      assertThat(local.resolve("pg#password").asString()).isEqualTo("fake-pg-password");
      local.grant(PG, "x", Permission.CAN_USE);
      local.delete(PG, false);
    }
  }

  private SecretClient clientFor(Principal principal) {
    return SecretClient.builder().store(store).principal(principal).build();
  }

  private static String requirementOf(Act act) {
    return switch (act) {
      case CREATE -> Operation.CREATE.requirement();
      case USE -> Operation.USE.requirement();
      case UPDATE -> Operation.UPDATE.requirement();
      case DELETE -> Operation.DELETE.requirement();
      case GRANT, REVOKE -> Operation.MANAGE_ACCESS.requirement();
    };
  }

  private static void perform(SecretClient client, Act act) {
    switch (act) {
      case CREATE -> client.apply(Manifests.secret("new-one", "password", "fake-new"));
      case USE -> client.resolve("public:pg#password").destroy();
      case UPDATE -> client.apply(Manifests.secret("pg", "password", "fake-changed-" + System.nanoTime()));
      case DELETE -> client.delete(PG, false);
      case GRANT -> client.grant(PG, "dave", Permission.CAN_USE);
      case REVOKE -> client.revoke(PG, "olivia", Permission.CAN_EDIT);
    }
  }
}
