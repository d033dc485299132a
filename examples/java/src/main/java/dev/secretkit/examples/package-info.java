/**
 * Example programs: what a data application writes to read its credentials through SecretKit.
 * They are documentation, kept compiling and tested with the rest of the build.
 */
package dev.secretkit.examples;
