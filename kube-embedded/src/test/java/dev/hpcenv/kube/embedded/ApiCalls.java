package dev.hpcenv.kube.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls to the embedded API as one identity (a bearer token, or none for the admin). */
public final class ApiCalls {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final URI base;
    private final String token;

    private ApiCalls(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    public static ApiCalls admin(EmbeddedKubernetesApi api) {
        return new ApiCalls(api.url(), null);
    }

    public static ApiCalls withToken(EmbeddedKubernetesApi api, String token) {
        return new ApiCalls(api.url(), token);
    }

    /** A response: its code and body parsed as JSON (a text node when it is not JSON). */
    public record Reply(int code, JsonNode body, String text) {}

    public Reply get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    public Reply post(String path, String json) throws IOException, InterruptedException {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A GET whose body is read as it arrives. */
    public HttpResponse<InputStream> stream(String path) throws IOException, InterruptedException {
        return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /**
     * Creates an object of {@code kind} (its apiVersion read from the collection's path) as this
     * identity; fails the test unless 201.
     */
    public JsonNode create(String collection, String kind, String json) throws IOException, InterruptedException {
        com.fasterxml.jackson.databind.node.ObjectNode object =
                (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(json);
        String[] parts = collection.substring(1).split("/");
        object.put("apiVersion", parts[0].equals("api") ? parts[1] : parts[1] + "/" + parts[2]);
        object.put("kind", kind);
        Reply reply = post(collection, object.toString());
        if (reply.code() != 201) {
            throw new AssertionError("POST " + collection + " answered " + reply.code() + ": " + reply.text());
        }
        return reply.body();
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    public Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            body = JSON.getNodeFactory().textNode(response.body());
        }
        return new Reply(response.statusCode(), body == null ? JSON.missingNode() : body, response.body());
    }
}
