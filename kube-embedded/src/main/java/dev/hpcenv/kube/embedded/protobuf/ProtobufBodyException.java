package dev.hpcenv.kube.embedded.protobuf;

/** A protobuf request body this API cannot read; the message is shown to the client. */
public final class ProtobufBodyException extends Exception {

    public ProtobufBodyException(String message) {
        super(message);
    }
}
