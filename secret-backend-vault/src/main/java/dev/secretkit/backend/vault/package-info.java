/**
 * The {@code vault} store: HashiCorp Vault's (or OpenBao's) KV version 2 secrets engine through
 * vault-java-driver. Each SecretKit secret is one KV secret at {@code MOUNT/data/PREFIX/SCOPE/NAME}
 * whose data holds the user's keys as plain fields, plus the reserved field {@code _secretkit}, which
 * holds SecretKit's metadata, version history and key order.
 */
package dev.secretkit.backend.vault;
