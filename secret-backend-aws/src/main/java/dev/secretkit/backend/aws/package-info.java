/**
 * The {@code aws-sm} store: AWS Secrets Manager through the AWS SDK v2. Each SecretKit secret is
 * one AWS secret whose {@code SecretString} is a flat JSON object of its keys plus the reserved
 * member {@code _secretkit}, which holds SecretKit's metadata and version history.
 */
package dev.secretkit.backend.aws;
