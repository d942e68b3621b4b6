package dev.hpcenv.operator.logs.api;

/**
 * What a request asks of the log API, decided from its method and path alone ({@link ApiRoutes}).
 * Only {@link Log} needs an authenticated, authorised user; discovery, OpenAPI and health are what
 * the kube-aggregator fetches to decide the API is available, and say nothing about any job.
 */
sealed interface ApiRoute {

    /** {@code /apis}, {@code /apis/logs.hpcenv.dev}, {@code /apis/logs.hpcenv.dev/v1alpha1}. */
    record Discovery(Document document) implements ApiRoute {
        enum Document {
            GROUP_LIST,
            GROUP,
            RESOURCE_LIST
        }
    }

    /** {@code /openapi/v2}, {@code /openapi/v3} and the group version's v3 document. */
    record OpenApi(Document document) implements ApiRoute {
        enum Document {
            V2,
            V3_INDEX,
            V3_GROUP_VERSION
        }
    }

    record Health() implements ApiRoute {}

    record Log(String namespace, String name) implements ApiRoute {}

    /** A path this API has, asked with another method than GET. */
    record MethodNotAllowed(String method) implements ApiRoute {}

    /** A log path whose namespace or name is no Kubernetes name. */
    record BadName(String message) implements ApiRoute {}

    record NotFound() implements ApiRoute {}
}
