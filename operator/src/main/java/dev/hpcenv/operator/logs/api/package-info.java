/**
 * The aggregated API logs.hpcenv.dev/v1alpha1 (docs/job-output.md, section 4): {@link
 * dev.hpcenv.operator.logs.api.LogApiServer} serves discovery and the {@code hpcjobs/log} subresource to
 * the kube-apiserver's front proxy, authenticates it by its client certificate, authorises each user with
 * a SubjectAccessReview and streams what the store's {@link dev.hpcenv.operator.logs.LogReader} writes.
 */
package dev.hpcenv.operator.logs.api;
