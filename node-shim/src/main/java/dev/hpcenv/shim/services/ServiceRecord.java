package dev.hpcenv.shim.services;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a node's supervisor records of one service for the node's tasks (docs/workflows.md,
 * section 2): its state and, by state, the exit code, whether it had been ready, and why it is
 * not, and the seconds from the service's start to the record. Text of {@code key=value} lines, the first {@code state=...}.
 */
public record ServiceRecord(State state, Integer exitCode, boolean wasReady, String message, long seconds) {
    public enum State {
        READY("ready"),
        NOT_READY("notready"),
        EXITED("exited");

        final String word;

        State(String word) {
            this.word = word;
        }
    }

    public static ServiceRecord ready(long seconds) {
        return new ServiceRecord(State.READY, null, true, null, seconds);
    }

    public static ServiceRecord notReady(String why, long seconds) {
        return new ServiceRecord(State.NOT_READY, null, false, why, seconds);
    }

    public static ServiceRecord exited(int code, boolean wasReady, long seconds) {
        return new ServiceRecord(State.EXITED, code, wasReady, null, seconds);
    }

    String text() {
        Map<String, String> kv = new LinkedHashMap<>();
        kv.put("state", state.word);
        if (exitCode != null) {
            kv.put("exitCode", exitCode.toString());
        }
        kv.put("wasReady", Boolean.toString(wasReady));
        kv.put("seconds", Long.toString(seconds));
        if (message != null) {
            // One line: the task prints it in its one line.
            kv.put("message", message.replace('\n', ' '));
        }
        StringBuilder b = new StringBuilder();
        kv.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        return b.toString();
    }

    /** Null for text that is no record (a partial or foreign file is no answer yet). */
    static ServiceRecord parse(String text) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                kv.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        State state = null;
        for (State s : State.values()) {
            if (s.word.equals(kv.get("state"))) {
                state = s;
            }
        }
        if (state == null) {
            return null;
        }
        Integer code;
        long seconds;
        try {
            code = kv.containsKey("exitCode") ? Integer.valueOf(kv.get("exitCode")) : null;
            seconds = Long.parseLong(kv.getOrDefault("seconds", "0"));
        } catch (NumberFormatException e) {
            return null;
        }
        return new ServiceRecord(state, code, Boolean.parseBoolean(kv.get("wasReady")), kv.get("message"), seconds);
    }
}
