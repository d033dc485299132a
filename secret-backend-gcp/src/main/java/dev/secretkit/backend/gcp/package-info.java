/**
 * The {@code gcp-sm} store: Google Cloud Secret Manager through google-cloud-secretmanager (gRPC). Each SecretKit
 * secret is one GCP secret whose versions' payloads are a flat JSON object of its keys plus the reserved member
 * {@code _secretkit}, which holds SecretKit's metadata and version history; the version alias {@code secretkit}
 * names the current one.
 */
package dev.secretkit.backend.gcp;
