package dev.hpcenv.kube.embedded.protobuf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads protocol buffers wire format: field tags, varints and length-delimited fields. */
final class ProtoReader {

    private final byte[] bytes;
    private int position;
    private final int end;

    ProtoReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    private ProtoReader(byte[] bytes, int start, int end) {
        this.bytes = bytes;
        this.position = start;
        this.end = end;
    }

    boolean hasMore() {
        return position < end;
    }

    /** The next field's tag: field number in the upper bits, wire type in the lower three. */
    int tag() throws ProtobufBodyException {
        return (int) varint();
    }

    long varint() throws ProtobufBodyException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= end) {
                throw new ProtobufBodyException("truncated varint");
            }
            byte b = bytes[position++];
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new ProtobufBodyException("varint longer than 64 bits");
    }

    byte[] lengthDelimited() throws ProtobufBodyException {
        long length = varint();
        if (length < 0 || position + length > end) {
            throw new ProtobufBodyException("field length " + length + " runs past the end of the message");
        }
        byte[] value = Arrays.copyOfRange(bytes, position, position + (int) length);
        position += (int) length;
        return value;
    }

    String string() throws ProtobufBodyException {
        return new String(lengthDelimited(), StandardCharsets.UTF_8);
    }

    ProtoReader message() throws ProtobufBodyException {
        return new ProtoReader(lengthDelimited());
    }

    /** Skips a field this reader does not interpret. */
    void skip(int tag) throws ProtobufBodyException {
        switch (tag & 7) {
            case 0 -> varint();
            case 1 -> advance(8);
            case 2 -> lengthDelimited();
            case 5 -> advance(4);
            default -> throw new ProtobufBodyException("unsupported wire type " + (tag & 7));
        }
    }

    private void advance(int count) throws ProtobufBodyException {
        if (position + count > end) {
            throw new ProtobufBodyException("truncated fixed-size field");
        }
        position += count;
    }
}
