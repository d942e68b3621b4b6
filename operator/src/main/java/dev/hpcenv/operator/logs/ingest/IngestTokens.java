package dev.hpcenv.operator.logs.ingest;

import dev.hpcenv.operator.logs.store.JobUids;
import dev.hpcenv.operator.logs.store.LogSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-job ingest credential (docs/job-output.md, section 1):
 * {@code hl1.<base64url(job UID)>.<base64url(HMAC-SHA256(key, "hpcenv-log-ingest\0" + UID))>}. It lets
 * its holder append to that one job's log. Tokens and the key never appear in logs, messages or
 * {@link #toString()}.
 */
public final class IngestTokens {
    public static final int KEY_BYTES = 32;
    public static final String KEY_FILE_NAME = "ingest.key";
    private static final String PREFIX = "hl1";
    private static final byte[] CONTEXT = "hpcenv-log-ingest\0".getBytes(StandardCharsets.UTF_8);
    /** Longer than any token minted for a valid UID: anything longer is not looked at. */
    private static final int MAX_TOKEN = 256;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    public IngestTokens(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("an ingest key is " + KEY_BYTES + " bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** The key in {@code file}: exactly 32 bytes, else a one-line error naming the file. */
    public static IngestTokens fromKeyFile(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException("log ingest key " + file + ": no such file (make one with: head -c 32 /dev/urandom > "
                    + file + ")");
        } catch (IOException e) {
            throw new IOException("log ingest key " + file + ": cannot read it ("
                    + e.getClass().getSimpleName() + ")");
        }
        try {
            if (bytes.length != KEY_BYTES) {
                throw new IOException("log ingest key " + file + ": " + bytes.length + " bytes, expected exactly "
                        + KEY_BYTES + " (make one with: head -c 32 /dev/urandom > " + file + ")");
            }
            return new IngestTokens(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * The key in {@code <logDir>/ingest.key}, made (32 random bytes, mode 0600) when there is none.
     * The file appears whole or not at all: it is written under another name and then linked, and
     * when two operators race, both use the one that won.
     */
    public static IngestTokens loadOrCreate(Path logDir) throws IOException {
        Path file = logDir.resolve(KEY_FILE_NAME);
        if (!Files.exists(file)) {
            Files.createDirectories(logDir);
            byte[] key = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(key);
            Path tmp = Files.createTempFile(
                    logDir,
                    ".ingest-",
                    ".key",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    out.write(key);
                }
                try {
                    Files.createLink(file, tmp);
                } catch (FileAlreadyExistsException e) {
                    // another operator made it first: its key is the one
                }
            } finally {
                Arrays.fill(key, (byte) 0);
                Files.deleteIfExists(tmp);
            }
        }
        return fromKeyFile(file);
    }

    /** The key {@code settings} name: {@code HPCENV_LOG_KEY_FILE}, else {@code <log dir>/ingest.key} (made when absent). */
    public static IngestTokens forSettings(LogSettings settings) throws IOException {
        if (settings.keyFile().isPresent()) {
            return fromKeyFile(settings.keyFile().get());
        }
        return loadOrCreate(
                settings.dir().orElseThrow(() -> new IllegalArgumentException(LogSettings.DIR + " is not set")));
    }

    public String mint(String jobUid) {
        if (!JobUids.valid(jobUid)) {
            throw new IllegalArgumentException("not a job UID: an ingest token is minted for a Kubernetes UID");
        }
        byte[] uid = jobUid.getBytes(StandardCharsets.UTF_8);
        return PREFIX + "." + ENCODER.encodeToString(uid) + "." + ENCODER.encodeToString(mac(uid));
    }

    /** The job UID the token was minted for, or empty when it is not a valid token of this key. */
    public Optional<String> verify(String token) {
        if (token == null || token.length() > MAX_TOKEN) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals(PREFIX)) {
            return Optional.empty();
        }
        byte[] uid;
        byte[] given;
        try {
            uid = decode(parts[1]);
            given = decode(parts[2]);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String jobUid = new String(uid, StandardCharsets.UTF_8);
        if (!JobUids.valid(jobUid) || !Arrays.equals(jobUid.getBytes(StandardCharsets.UTF_8), uid)) {
            return Optional.empty();
        }
        return MessageDigest.isEqual(mac(uid), given) ? Optional.of(jobUid) : Optional.empty();
    }

    /** Unpadded base64url only: padding, '+' and '/' make a different string for the same bytes. */
    private static byte[] decode(String part) {
        if (part.isEmpty()
                || !part.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_'))) {
            throw new IllegalArgumentException("not unpadded base64url");
        }
        byte[] bytes = DECODER.decode(part);
        if (!ENCODER.encodeToString(bytes).equals(part)) {
            throw new IllegalArgumentException("not canonical base64url");
        }
        return bytes;
    }

    private byte[] mac(byte[] uid) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(CONTEXT);
            return mac.doFinal(uid);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "IngestTokens[key hidden]";
    }
}
