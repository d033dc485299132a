package dev.secretkit.projection;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A resource that consumes secrets, as its manifest declares: its identity, for registering it as
 * a dependent of the secrets it uses, and every V1 {@code dataosSecrets} entry and V2
 * {@code projection} block found in it.
 *
 * @param kind the resource type, such as {@code service} or {@code workflow}
 * @param version the resource version, such as {@code v1} or {@code v1beta}
 * @param name the resource name
 * @param workspace the workspace the resource names, which its V1 entries without one use; empty when it names none
 * @param dataosSecrets every V1 entry, in document order
 * @param projections every V2 block, in document order
 */
public record Consumer(String kind, String version, String name, Optional<String> workspace,
    List<DataosSecret> dataosSecrets, List<ProjectionSpec> projections) {

  /** Copies the lists and checks nothing is null. */
  public Consumer {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(workspace, "workspace");
    dataosSecrets = List.copyOf(dataosSecrets);
    projections = List.copyOf(projections);
  }

  /**
   * Returns how this consumer is recorded among a secret's dependents:
   * {@code kind:version:name}, with {@code :workspace} when it names one.
   */
  public String dependent() {
    return kind + ":" + version + ":" + name + workspace.map(scope -> ":" + scope).orElse("");
  }
}
