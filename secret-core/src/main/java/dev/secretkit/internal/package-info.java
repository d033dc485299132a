/**
 * Implementation details of secret-core, used only inside it; not exported by its module, nothing
 * here is API, and any of it may change.
 */
package dev.secretkit.internal;
