/**
 * The in-memory reference store ({@code memory:}): versions, revisions and limits, fully
 * thread-safe, gone when the process ends. For tests and examples.
 */
package dev.secretkit.store.memory;
