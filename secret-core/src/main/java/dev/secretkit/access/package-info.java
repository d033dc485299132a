/**
 * Who may do what to a secret: principals, roles, grantable permissions and the
 * {@link dev.secretkit.access.AccessPolicy} every {@link dev.secretkit.SecretClient} enforces.
 */
package dev.secretkit.access;
