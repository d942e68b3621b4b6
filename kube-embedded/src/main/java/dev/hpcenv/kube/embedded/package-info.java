/**
 * An in-process Kubernetes API ({@link dev.hpcenv.kube.embedded.EmbeddedKubernetesApi}) for
 * {@code hpcenv-operator --embedded-api} (the operator-launcher module) and for tests: the real kubectl
 * (v1.32), fabric8 clients/informers and java-operator-sdk work against it. It serves the CRDs its
 * caller hands it ({@link dev.hpcenv.kube.embedded.CrdDocuments}, {@link dev.hpcenv.kube.embedded.ClasspathCrds})
 * and knows no hpcenv kind. A real cluster remains the production target.
 *
 * <h2>How it is built</h2>
 * One concern per package:
 * <ul>
 *   <li>{@code store}: the object store, in memory, indexed by kind then namespace and name; a
 *       list reads one kind only and is a consistent snapshot at its resourceVersion (a global
 *       counter); writes lock per object and only the commit (version, index swap, change report
 *       in version order) is store-wide, so requests on different objects run in parallel;</li>
 *   <li>{@code http}: a Vert.x server on 127.0.0.1, the router, watch streaming (HTTP and WebSocket);</li>
 *   <li>{@code discovery}: /api, /apis, APIResourceLists built from the stored CRDs, /version,
 *       an /openapi/v3 index with the CRDs' schemas, so that kubectl apply's default validation and
 *       {@code kubectl explain} work;</li>
 *   <li>{@code table}: meta.k8s.io/v1 Tables with the CRD's additionalPrinterColumns (JSONPath with
 *       filters) and cluster-like columns for built-in kinds;</li>
 *   <li>{@code patch}: RFC 7386 merge patch (arrays replaced), an approximated
 *       strategic merge patch, JSON patch, an approximated server-side apply (JOSDK uses it);</li>
 *   <li>{@code protobuf}: the protobuf bodies of {@code kubectl create secret|configmap|namespace};</li>
 *   <li>{@code watch}, {@code select}: watch fan-out with history (resume from a resourceVersion,
 *       410 when too old), field selectors on any field, set-based label selectors;</li>
 *   <li>{@code schema}: defaulting, pruning and validation of custom resources by their CRD schema and
 *       CEL rules, numbers decoded as the API server decodes them; ObjectMeta's types;</li>
 *   <li>{@code lifecycle}: namespaces, Secret stringData, CRD status;</li>
 *   <li>{@code auth}: bearer tokens, request attributes as the API server derives them, the RBAC
 *       authorizer over the stored roles and bindings (aggregated ClusterRoles), the default roles,
 *       impersonation, 401/403 bodies;</li>
 *   <li>{@code aggregation}, {@code tls}: APIServices and their backends, the front-proxy CA and the
 *       extension-apiserver-authentication ConfigMap, the CA of the HTTPS listener;</li>
 *   <li>the package itself: the entry point, CRD input ({@code CrdDocuments}, {@code ClasspathCrds}),
 *       kubeconfig writing.</li>
 * </ul>
 *
 * <h2>Semantics kept as on a real API server</h2>
 * uid (random), creationTimestamp, resourceVersion, generation (custom resources and CRDs only, as
 * the other built-in kinds served here have none; bumped on changes outside metadata and status, and
 * by a DELETE that finalizers hold), the status subresource (a create drops the status, a
 * main-resource write keeps the stored status and is validated with it, a status write changes only
 * status), finalizers (DELETE marks deletionTimestamp, with deletionGracePeriodSeconds 0, and the
 * object stays until its finalizers are removed), optimistic concurrency (409 on a stale
 * resourceVersion), 404/409 Status bodies as
 * kubectl prints them, {@code dryRun}.
 *
 * <h2>Known differences</h2>
 * <ul>
 *   <li>Authentication: a request without credentials is the admin (system:masters, allowed
 *       everything), so that the demo and tests need no setup; bearer tokens given to
 *       {@code addUser} are the only other identities (an unknown token gets 401): no client
 *       certificates, no ServiceAccount tokens, no OIDC. kubectl sends tokens over HTTPS only: a
 *       second listener serves the same API over TLS with a CA made at start.</li>
 *   <li>Authorisation is RBAC (plus system:masters first, as the privileged-group authorizer) over
 *       the stored objects, with the API server's request attributes, rule matching, aggregation
 *       (computed at each decision instead of written into the aggregated role's rules by a
 *       controller) and 403 wording; the default roles are those of a fresh cluster reduced to the
 *       kinds served here. No escalation check on writing roles and bindings, no Node or webhook
 *       authorizers, no LocalSubjectAccessReview. SubjectAccessReview, SelfSubjectAccessReview and
 *       SelfSubjectRulesReview answer from the same authorizer.</li>
 *   <li>Aggregated APIs: an APIService with a service is proxied (after RBAC) to an endpoint of its
 *       Service as with {@code --enable-aggregator-routing}, over TLS verified against its caBundle
 *       for {@code <service>.<namespace>.svc}, with the front-proxy client certificate and the
 *       X-Remote-User/X-Remote-Group headers, streamed both ways; no APIService status or
 *       availability controller, no aggregated discovery (v2), no WebSocket or upgrade proxying, no
 *       X-Remote-Extra or UID headers, and a 503 Status where the aggregator writes plain text.</li>
 *   <li>Custom resources are defaulted, pruned and validated against their CRD's schema (type,
 *       int32/int64 formats as Kubernetes 1.36 checks them, enum, required, RE2 patterns, lengths,
 *       ranges, multipleOf, item and property counts, list-type uniqueness;
 *       {@code fieldValidation=Strict} refuses unknown fields) and their CEL rules
 *       ({@code x-kubernetes-validations}, with cel-java: standard CEL and the strings extension,
 *       {@code oldSelf} on updates, messageExpression, reason, fieldPath; no rule runs when a type,
 *       required, enum, length or count error was found, as on Kubernetes 1.37). The verdicts and
 *       messages are checked against a real kube-apiserver (CrdsRealApiIT, on the shared cases of
 *       the tests' ValidationCases). Not offered: the
 *       Kubernetes CEL libraries (quantity(), url(), ip(), isSorted(), ...), the CEL cost budget
 *       (a bound on comprehension iterations stands in, and a CRD over the budget is served where a
 *       real server refuses it), ratcheting, anyOf/oneOf/allOf/not. Built-in
 *       kinds are checked for ObjectMeta's types only; custom resource names must be DNS
 *       subdomains; the syntax and sizes of label and annotation keys and values are not checked.
 *       CRDs themselves are checked only for what serving them needs (group, names, scope, versions).
 *       Refused values longer than 256 characters are cut in the message.</li>
 *   <li>Request bodies over 3 MiB are refused with 413, as by the API server; any other body gets a
 *       4xx Status, never a crash (see {@code HostileBodiesTest}).</li>
 *   <li>Strategic merge patch is approximated: maps merge, lists are replaced, except
 *       metadata.finalizers (set union); the patch directives kubectl sends are honoured.</li>
 *   <li>Server-side apply keeps managedFields for Apply managers only: the applied configuration is
 *       merged into the object (lists replaced, as atomic lists are), a field the same manager applied
 *       before and no longer states goes unless another Apply manager owns it or a write of another
 *       kind changed it since; an apply to {@code /status} replaces the whole status; there are no
 *       field-ownership conflicts (every apply is forced), and Update managers are not listed.</li>
 *   <li>Protobuf request bodies are understood for Secret, ConfigMap, Namespace, the RBAC kinds and
 *       the access reviews only (what {@code kubectl create} and {@code kubectl auth can-i} send);
 *       responses are always JSON.</li>
 *   <li>Namespaces: creating in a missing namespace is refused (404) as on a cluster; deleting a
 *       namespace deletes its objects one by one (finalizers honoured) and removes the Namespace
 *       at once instead of keeping it Terminating until empty.</li>
 *   <li>core/v1 Events and events.k8s.io/v1 Events are stored separately (a cluster shows one set
 *       through both APIs); kubectl describe and fabric8's event helpers use core/v1.</li>
 *   <li>No garbage collection by ownerReferences, no admission, no bookmarks except the
 *       initial-events-end one of {@code sendInitialEvents}; OpenAPI v2 answers 404, and OpenAPI v3
 *       carries the custom resources' schemas only ({@code kubectl explain pod} has nothing to show).</li>
 *   <li>State lives in memory and is lost on close.</li>
 * </ul>
 */
package dev.hpcenv.kube.embedded;
