/**
 * Helpers for backend authors that need no store, so the manifest reader, the validator and the
 * client use them too: a message-free stand-in for a client library's exception, to keep as a cause
 * ({@link dev.secretkit.spi.support.RedactedCause}), the page-size and page-token checks every
 * store's listing makes ({@link dev.secretkit.spi.support.PageTokens}), the copying of values
 * every store does as it takes and returns them ({@link dev.secretkit.spi.support.SecretValues}),
 * the "did you mean" of a misspelt word ({@link dev.secretkit.spi.support.Suggestions}), the
 * closed-store guard: a use after {@code close()} refused with the store's name, and resources
 * released exactly once ({@link dev.secretkit.spi.support.OpenState}), and the jittered backoff of
 * the retries a store decides itself, waiting through a seam tests replace
 * ({@link dev.secretkit.spi.support.Backoff}), and the operational log lines of a store's retries,
 * repairs and failures it goes on without ({@link dev.secretkit.spi.support.StoreLog}).
 *
 * <p>The helpers that speak the SPI's own types live in {@link dev.secretkit.spi}: the metadata
 * envelope ({@link dev.secretkit.spi.SecretEnvelope}), the flat JSON payload
 * ({@link dev.secretkit.spi.SecretPayload}), parameter parsing
 * ({@link dev.secretkit.spi.StoreParameters}), the store bases
 * ({@link dev.secretkit.spi.AbstractSecretStore}, {@link dev.secretkit.spi.EnvelopeSecretStore}) and
 * a decorator base ({@link dev.secretkit.spi.ForwardingSecretStore}).
 */
package dev.secretkit.spi.support;
