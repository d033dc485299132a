/** Implementation details of SecretKit; nothing here is API, and any of it may change. */
package dev.secretkit.internal;
