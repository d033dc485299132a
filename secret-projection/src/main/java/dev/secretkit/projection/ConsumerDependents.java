package dev.secretkit.projection;

import dev.secretkit.SecretException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretNotFoundException;
import dev.secretkit.SecretRef;
import dev.secretkit.client.SecretClient;
import dev.secretkit.client.SecretSnapshot;
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
   * Registers {@code consumer} as a dependent of every secret it uses, all of them or none: it
   * first checks that every secret exists and that the principal may use each (which registering
   * needs), so that a refusal writes nothing. Should a registration still fail (a grant revoked
   * meanwhile), those this call added are removed again, as far as the principal may, and the
   * registrations the consumer held before the call stay.
   *
   * @return the secrets it is now registered with
   * @throws SecretException if a secret does not exist, or the principal may not use it
   */
  public static List<SecretId> register(SecretClient client, Consumer consumer) {
    List<SecretId> ids = secretsOf(client, consumer);
    client.resolveSecrets(ids.stream().map(SecretRef::to).toList()).values().forEach(SecretSnapshot::destroy);
    List<SecretId> added = new ArrayList<>();
    try {
      for (SecretId id : ids) {
        if (!client.describe(id).metadata().dependents().contains(consumer.dependent())) {
          client.registerDependent(id, consumer.dependent());
          added.add(id);
        }
      }
      return ids;
    } catch (RuntimeException e) {
      for (SecretId id : added) {
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
   * Removes {@code consumer} from the dependents of every secret it uses that still exists. It
   * tries every secret, then throws the first failure, with the others suppressed in it.
   *
   * @return the secrets it was removed from (or was not a dependent of)
   * @throws SecretException if the principal may not update one of them
   */
  public static List<SecretId> unregister(SecretClient client, Consumer consumer) {
    List<SecretId> done = new ArrayList<>();
    RuntimeException first = null;
    for (SecretId id : secretsOf(client, consumer)) {
      try {
        client.unregisterDependent(id, consumer.dependent());
        done.add(id);
      } catch (SecretNotFoundException gone) {
        // A secret deleted with --force keeps no dependents to remove.
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
    return List.copyOf(done);
  }
}
