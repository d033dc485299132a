/** A data application as a named module, on SecretKit's BOM: it resolves a password on the module path. */
package dev.secretkit.examples.modular;
