package dev.secretkit.emulator.gcp;

import com.google.cloud.secretmanager.v1.Secret;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One secret as the emulator keeps it: its resource, the order it was created in among all secrets, and its
 * versions by number. Mutable; {@link SecretManagerState} guards every instance with its own lock.
 */
final class StoredSecret {
  final long sequence;
  Secret resource;
  final NavigableMap<Long, StoredVersion> versions = new TreeMap<>();

  StoredSecret(long sequence, Secret resource) {
    this.sequence = sequence;
    this.resource = resource;
  }

  String name() {
    return resource.getName();
  }

  Map<String, Long> aliases() {
    return resource.getVersionAliasesMap();
  }

  /** Returns the number the next added version gets: one more than any version ever added, destroyed ones too. */
  long nextVersionNumber() {
    return versions.isEmpty() ? 1 : versions.lastKey() + 1;
  }
}
