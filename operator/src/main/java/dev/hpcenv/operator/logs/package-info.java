/**
 * A job's output and node-side progress, seen from Kubernetes (docs/job-output.md): the shims post
 * records to the ingest server ({@code ingest}), the store keeps them bounded on the log volume
 * ({@code store}), the aggregated API serves them to the users RBAC lets read the HpcJob
 * ({@code api}), and progress events become HpcJob status through {@link LogEvents}. This package
 * holds the contracts between those parts.
 */
package dev.hpcenv.operator.logs;
