/**
 * Helpers for backend authors: the metadata envelope every SPI 2 store persists with the values
 * in one write ({@link dev.secretkit.spi.support.SecretEnvelope}), the flat JSON payload that
 * carries both where a backend holds one document per secret ({@link dev.secretkit.spi.support.SecretPayload}),
 * a message-free stand-in for a client library's exception, to keep as a cause
 * ({@link dev.secretkit.spi.support.RedactedCause}), the page-size and page-token checks every
 * store's listing makes ({@link dev.secretkit.spi.support.PageTokens}), and the copying of values
 * every store does as it takes and returns them ({@link dev.secretkit.spi.support.SecretValues}),
 * and the "did you mean" of a misspelt word ({@link dev.secretkit.spi.support.Suggestions}).
 */
package dev.secretkit.spi.support;
