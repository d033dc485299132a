/** Moto, an independent Secrets Manager implementation, run as a child process, and a proxy that puts faults on its wire. */
package dev.secretkit.backend.aws.moto;
