package dev.secretkit.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.SecretId;
import dev.secretkit.access.Permission;
import dev.secretkit.access.Principal;
import dev.secretkit.client.SecretClient;
import dev.secretkit.client.SecretClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ConsumerDependents#register}: all or none, and a failure takes back only what that call
 * registered, never a registration the consumer held before it.
 */
class ConsumerDependentsTest {
  private static final SecretId A = SecretId.of("public", "a");
  private static final SecretId B = SecretId.of("public", "b");
  private static final Consumer WEB = new Consumer("service", "v1", "web", Optional.empty(),
      List.of(DataosSecret.allKeys("a", ConsumptionType.ENV_VARS), DataosSecret.allKeys("b", ConsumptionType.ENV_VARS)),
      List.of());

  @TempDir
  Path dir;

  private SecretClient client(Principal principal) {
    SecretClientBuilder builder = SecretClient.builder().store("file:" + dir.resolve("store")).environment(Map.of(
        "HOME", dir.toString(), "USER", "olivia", "SECRETKIT_MASTER_KEY",
        Base64.getEncoder().encodeToString(new byte[32])));
    return principal == null ? builder.build() : builder.principal(principal).build();
  }

  /** Applies a and b as olivia; mallory may use and edit a, and nothing of b. */
  @BeforeEach
  void twoSecrets() throws IOException {
    try (SecretClient olivia = client(null)) {
      for (String name : List.of("a", "b")) {
        olivia.apply(Files.writeString(dir.resolve(name + ".yaml"), """
            name: %s
            version: v1
            type: secret
            secret:
              type: key-value-properties
              acl: r
              data:
                k: fake-value
            """.formatted(name)));
      }
      olivia.grant(A, "mallory", Permission.CAN_USE);
      olivia.grant(A, "mallory", Permission.CAN_EDIT);
    }
  }

  private List<List<String>> dependents() {
    try (SecretClient olivia = client(null)) {
      return List.of(olivia.describe(A).metadata().dependents(), olivia.describe(B).metadata().dependents());
    }
  }

  @Test
  void aFailedRegistration_takesBackWhatItRegistered() {
    try (SecretClient mallory = client(Principal.of("mallory"))) {
      assertThatThrownBy(() -> ConsumerDependents.register(mallory, WEB)).isInstanceOf(AccessDeniedException.class);
    }

    assertThat(dependents()).containsExactly(List.of(), List.of());
  }

  @Test
  void aFailedRegistration_keepsARegistrationTheConsumerHeldBefore() {
    try (SecretClient olivia = client(null)) {
      olivia.registerDependent(A, WEB.dependent());
    }

    try (SecretClient mallory = client(Principal.of("mallory"))) {
      assertThatThrownBy(() -> ConsumerDependents.register(mallory, WEB)).isInstanceOf(AccessDeniedException.class);
    }

    assertThat(dependents()).containsExactly(List.of("service:v1:web"), List.of());
    try (SecretClient olivia = client(null)) {
      assertThat(ConsumerDependents.register(olivia, WEB)).containsExactly(A, B);
    }
    assertThat(dependents()).containsExactly(List.of("service:v1:web"), List.of("service:v1:web"));
  }
}
