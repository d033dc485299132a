package dev.secretkit.backend.aws;

import java.net.URI;

/**
 * Where one store's SDK client sends its calls, and with whose credentials, for the messages of
 * the errors it gets.
 *
 * @param store the store's description, without credentials
 * @param endpoint the endpoint the calls go to: the store URI's {@code endpoint}, else the region's own
 * @param credentials the chain that found the credentials and says where they came from
 */
record AwsConnection(String store, URI endpoint, CredentialChain credentials) {
}
