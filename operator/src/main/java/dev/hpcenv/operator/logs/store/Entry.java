package dev.hpcenv.operator.logs.store;

import dev.hpcenv.operator.logs.Sender;

/**
 * One entry of a segment file: a record of a sender's batch ({@code seq}), or a segment's header
 * (the senders' state when the segment began, so that dropping older segments loses no state).
 */
record Entry(int type, long timeMillis, Sender sender, long seq, byte[] payload) {
    static final int STDOUT = 1;
    static final int STDERR = 2;
    static final int END = 4;
    static final int GAP = 5;
    static final int NOTE = 6;
    static final int HEADER = 0x20;

    static final Sender NOBODY = new Sender("", 0, 0);

    boolean output() {
        return type == STDOUT || type == STDERR;
    }

    /** On disk: length, type, time, seq, task, attempt, node, payload, CRC-32 (see {@link EntryCodec}). */
    int encodedSize() {
        return EntryCodec.FIXED + sender.node().length() + payload.length;
    }
}
