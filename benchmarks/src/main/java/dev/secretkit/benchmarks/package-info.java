/**
 * JMH benchmarks of SecretKit's runtime client, each with a baseline measured in the same run; not published.
 * {@code benchmarks/run.sh} builds and runs them and prints the table.
 */
package dev.secretkit.benchmarks;
