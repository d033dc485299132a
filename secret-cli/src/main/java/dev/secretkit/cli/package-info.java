/**
 * The {@code secretctl} command line. {@link dev.secretkit.cli.SecretCtl} is the entry point;
 * everything else here is its implementation and not API.
 */
package dev.secretkit.cli;
