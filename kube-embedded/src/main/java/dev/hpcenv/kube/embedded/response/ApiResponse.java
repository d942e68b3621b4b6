package dev.hpcenv.kube.embedded.response;

/** A complete (non-streaming) HTTP answer of the embedded API; bodies are always JSON. */
public record ApiResponse(int code, String body) {

    public static final String JSON = "application/json";

    public boolean isSuccess() {
        return code >= 200 && code < 300;
    }
}
