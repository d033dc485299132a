package dev.secretkit.backend.gcp;

/**
 * Where a store's calls go, for messages: never a credential.
 *
 * @param store the store's URI for messages, without credentials
 * @param project the GCP project, as the URI names it
 * @param endpoint the Secret Manager endpoint, {@code HOST:PORT}
 * @param credentials where the credentials come from, such as {@code Application Default Credentials}
 */
record GcpConnection(String store, String project, String endpoint, String credentials) {
}
