/**
 * The encrypted local file store ({@code file:PATH}), SecretKit's embedded default: one
 * AES-256-GCM sealed file per secret holding its metadata and every version, written under a
 * file lock by temp file and atomic rename, so a crash never loses the last committed state.
 *
 * <p>Only {@link dev.secretkit.store.file.FileSecretStoreProvider} is public; the store it opens
 * is used through {@link dev.secretkit.spi.SecretStore}.
 */
package dev.secretkit.store.file;
