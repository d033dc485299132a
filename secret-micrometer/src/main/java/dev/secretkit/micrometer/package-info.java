/** Micrometer metrics for a SecretKit client: {@link dev.secretkit.micrometer.MicrometerResolveObserver}. */
package dev.secretkit.micrometer;
