package dev.secretkit.emulator.gcp;

import com.google.cloud.secretmanager.v1.SecretVersion;

/**
 * One version as the emulator keeps it: its resource, and its data and CRC32C until it is destroyed (both null
 * after). Mutable; {@link SecretManagerState} guards every instance with its own lock.
 */
final class StoredVersion {
  SecretVersion resource;
  byte[] data;
  Long crc32c;

  StoredVersion(SecretVersion resource, byte[] data, long crc32c) {
    this.resource = resource;
    this.data = data;
    this.crc32c = crc32c;
  }

  long number() {
    String name = resource.getName();
    return Long.parseLong(name.substring(name.lastIndexOf('/') + 1));
  }

  SecretVersion.State state() {
    return resource.getState();
  }
}
