package dev.hpcenv.operator.logs.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A server TLS context from a PEM certificate chain and its unencrypted PKCS#8 key (what cert-manager
 * and {@code openssl req -nodes} write). Errors are one line naming the file; never the key's bytes.
 */
public final class PemTls {
    private static final Pattern PKCS8 =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private PemTls() {}

    public static SSLContext serverContext(Path certFile, Path keyFile) throws IOException {
        Certificate[] chain = certificates(certFile);
        PrivateKey key = privateKey(keyFile);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("server", key, password, chain);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS key " + keyFile + " does not go with certificate " + certFile + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    static Certificate[] certificates(Path file) throws IOException {
        byte[] pem = read(file, "TLS certificate");
        try {
            Collection<? extends Certificate> certs =
                    CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
            if (certs.isEmpty()) {
                throw new IOException("TLS certificate " + file + ": no PEM certificate in it");
            }
            return certs.toArray(new Certificate[0]);
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS certificate " + file + ": not PEM X.509 certificates ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    static PrivateKey privateKey(Path file) throws IOException {
        String pem = new String(read(file, "TLS key"), StandardCharsets.US_ASCII);
        Matcher m = PKCS8.matcher(pem);
        if (!m.find()) {
            String hint = pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")
                    ? " (it is PKCS#1/SEC1: convert with openssl pkcs8 -topk8 -nocrypt)"
                    : pem.contains("ENCRYPTED") ? " (it is encrypted: the key must be unencrypted)" : "";
            throw new IOException("TLS key " + file + ": no '-----BEGIN PRIVATE KEY-----' (PKCS#8) block" + hint);
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(1));
        } catch (IllegalArgumentException e) {
            throw new IOException("TLS key " + file + ": the PEM block is not base64");
        }
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IOException("TLS key " + file + ": not an RSA, EC or EdDSA PKCS#8 key");
    }

    private static byte[] read(Path file, String what) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException(
                    what + " " + file + ": cannot read it (" + e.getClass().getSimpleName() + ")");
        }
    }
}
