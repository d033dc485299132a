/**
 * Helpers for backend authors: the metadata envelope every SPI 2 store persists with the values
 * in one write ({@link dev.secretkit.spi.support.SecretEnvelope}), and the flat JSON payload that
 * carries both where a backend holds one document per secret ({@link dev.secretkit.spi.support.SecretPayload}).
 */
package dev.secretkit.spi.support;
