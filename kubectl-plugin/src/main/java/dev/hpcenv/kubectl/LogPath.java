package dev.hpcenv.kubectl;

/**
 * The aggregated API request for a job's log (docs/job-output.md, section 4): the path with every
 * asked-for query parameter, each name and value percent-encoded (RFC 3986, UTF-8), so that no value
 * can end a parameter or add one.
 */
final class LogPath {

    static final String GROUP_VERSION = "/apis/logs.hpcenv.dev/v1alpha1";

    private LogPath() {}

    static String of(String namespace, LogsRequest request) {
        StringBuilder uri = new StringBuilder(128)
                .append(GROUP_VERSION)
                .append("/namespaces/")
                .append(encode(namespace))
                .append("/hpcjobs/")
                .append(encode(request.job()))
                .append("/log");
        Query query = new Query(uri);
        if (request.follow()) {
            query.add("follow", "true");
        }
        if (request.tailLines().isPresent()) {
            query.add("tailLines", Integer.toString(request.tailLines().getAsInt()));
        }
        if (request.sinceSeconds().isPresent()) {
            query.add("sinceSeconds", Integer.toString(request.sinceSeconds().getAsInt()));
        }
        if (request.task().isPresent()) {
            query.add("task", Integer.toString(request.task().getAsInt()));
        }
        if (request.node().isPresent()) {
            query.add("node", request.node().get());
        }
        if (request.timestamps()) {
            query.add("timestamps", "true");
        }
        if (request.prefix()) {
            query.add("prefix", "true");
        }
        if (request.raw()) {
            query.add("raw", "true");
        }
        return uri.toString();
    }

    /** Percent-encodes all but RFC 3986's unreserved characters, over the text's UTF-8 bytes. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private static final class Query {
        private final StringBuilder uri;
        private char separator = '?';

        Query(StringBuilder uri) {
            this.uri = uri;
        }

        void add(String name, String value) {
            uri.append(separator).append(encode(name)).append('=').append(encode(value));
            separator = '&';
        }
    }
}
