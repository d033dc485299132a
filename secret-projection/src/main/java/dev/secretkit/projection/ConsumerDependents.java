package dev.secretkit.projection;

import dev.secretkit.SecretException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretNotFoundException;
import dev.secretkit.client.SecretClient;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Records a consumer among the dependents of every secret it uses, so that deleting one of them
 * fails unless forced ({@code kind:version:name}, or {@code kind:version:name:workspace}), and
 * removes it again.
 */
public final class ConsumerDependents {
  private ConsumerDependents() {}

  /** Returns the id of every secret {@code consumer} uses, in {@code client}'s default scope where it names none. */
  public static List<SecretId> secretsOf(SecretClient client, Consumer consumer) {
    Set<SecretId> ids = new LinkedHashSet<>();
    ProjectionRenderer.secretsOf(List.of(consumer)).forEach(ref -> ids.add(ref.id(client.defaultScope())));
    return List.copyOf(ids);
  }

  /**
   * Registers {@code consumer} as a dependent of every secret it uses: all of them or, when one
   * fails, none (those this call registered are unregistered again before the failure is thrown;
   * those it was a dependent of already stay so).
   *
   * @return the secrets it was registered with
   * @throws SecretException if a secret does not exist, or the principal may not use it
   */
  public static List<SecretId> register(SecretClient client, Consumer consumer) {
    List<SecretId> all = new ArrayList<>();
    List<SecretId> done = new ArrayList<>();
    try {
      for (SecretId id : secretsOf(client, consumer)) {
        boolean already = client.describe(id).metadata().dependents().contains(consumer.dependent());
        client.registerDependent(id, consumer.dependent());
        all.add(id);
        if (!already) {
          done.add(id);
        }
      }
      return List.copyOf(all);
    } catch (RuntimeException e) {
      for (SecretId id : done) {
        try {
          client.unregisterDependent(id, consumer.dependent());
        } catch (RuntimeException undo) {
          e.addSuppressed(undo);
        }
      }
      throw e;
    }
  }

  /**
   * Removes {@code consumer} from the dependents of every secret it uses that still exists.
   *
   * @return the secrets it was removed from
   * @throws SecretException if the principal may not update one of them
   */
  public static List<SecretId> unregister(SecretClient client, Consumer consumer) {
    List<SecretId> done = new ArrayList<>();
    for (SecretId id : secretsOf(client, consumer)) {
      try {
        client.unregisterDependent(id, consumer.dependent());
        done.add(id);
      } catch (SecretNotFoundException gone) {
        // A secret deleted with --force keeps no dependents to remove.
      }
    }
    return List.copyOf(done);
  }
}
