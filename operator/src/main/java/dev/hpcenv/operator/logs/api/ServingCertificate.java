package dev.hpcenv.operator.logs.api;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The log API's serving certificate and key: the PEM files the chart mounts (a certificate signed by
 * the CA in the APIService's caBundle), or, when none are configured, a self-signed one made at start
 * for the service's DNS names and the listen address (an APIService must then carry this certificate
 * as its caBundle, which is what a test or a hand-made installation does).
 */
final class ServingCertificate {

    static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(365);

    private final PrivateKey key;
    private final List<X509Certificate> chain;

    private ServingCertificate(PrivateKey key, List<X509Certificate> chain) {
        this.key = key;
        this.chain = List.copyOf(chain);
    }

    /** Reads a PEM certificate chain (leaf first) and a PEM private key (PKCS#8, PKCS#1 or SEC 1). */
    static ServingCertificate fromFiles(Path certificateFile, Path keyFile) {
        List<X509Certificate> chain = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(certificateFile, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(LogApiSettings.TLS_CERT + ": cannot read " + certificateFile
                    + " as PEM certificates (" + e.getMessage() + ")");
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(LogApiSettings.TLS_CERT + ": " + certificateFile
                    + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        PrivateKey key;
        try (Reader reader = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            key = privateKey(parser.readObject());
        } catch (IOException e) {
            // No exception text: a parser's message may quote the key file's content.
            throw new IllegalArgumentException(
                    LogApiSettings.TLS_KEY + ": cannot read " + keyFile + " as a PEM private key");
        }
        if (key == null) {
            throw new IllegalArgumentException(LogApiSettings.TLS_KEY + ": " + keyFile
                    + " holds no unencrypted PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
        }
        if (!algorithm(chain.get(0).getPublicKey().getAlgorithm()).equals(algorithm(key.getAlgorithm()))) {
            throw new IllegalArgumentException(LogApiSettings.TLS_KEY + ": the " + key.getAlgorithm() + " key in "
                    + keyFile + " does not belong to the "
                    + chain.get(0).getPublicKey().getAlgorithm()
                    + " certificate in " + certificateFile);
        }
        return new ServingCertificate(key, chain);
    }

    /** The JDK calls an EC key "EC", BouncyCastle's converter may say "ECDSA": one family. */
    private static String algorithm(String name) {
        return name.equals("ECDSA") ? "EC" : name;
    }

    private static PrivateKey privateKey(Object pem) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        if (pem instanceof PEMKeyPair pair) {
            return converter.getPrivateKey(pair.getPrivateKeyInfo());
        }
        if (pem instanceof PrivateKeyInfo info) {
            return converter.getPrivateKey(info);
        }
        return null;
    }

    /** A new ECDSA P-256 key and a self-signed certificate for {@code dnsNames} and {@code addresses}. */
    static ServingCertificate selfSigned(List<String> dnsNames, List<InetAddress> addresses, Clock clock) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            Instant now = clock.instant();
            X500Principal subject = new X500Principal("CN=hpcenv-log-api");
            List<GeneralName> names = new ArrayList<>();
            dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
            addresses.forEach(a -> names.add(new GeneralName(GeneralName.iPAddress, a.getHostAddress())));
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject,
                    new BigInteger(127, new SecureRandom()).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(SELF_SIGNED_VALIDITY)),
                    subject,
                    pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(
                    Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(
                    Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return new ServingCertificate(pair.getPrivate(), List.of(certificate));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException(
                    "cannot make a self-signed certificate for the log API: " + e.getMessage(), e);
        }
    }

    /**
     * A self-signed certificate kept in {@code dir} ({@code log-api.crt}, {@code log-api.key}, mode 0600):
     * made once and read again after a restart, so that an APIService's caBundle stays right. One that
     * cannot be read, or that expires within a day, is made afresh.
     */
    static ServingCertificate selfSignedKeptIn(
            java.nio.file.Path dir, List<String> dnsNames, List<InetAddress> addresses, Clock clock) {
        java.nio.file.Path certificateFile = dir.resolve("log-api.crt");
        java.nio.file.Path keyFile = dir.resolve("log-api.key");
        if (java.nio.file.Files.isRegularFile(certificateFile) && java.nio.file.Files.isRegularFile(keyFile)) {
            try {
                ServingCertificate kept = fromFiles(certificateFile, keyFile);
                if (kept.leaf()
                        .getNotAfter()
                        .toInstant()
                        .isAfter(clock.instant().plus(Duration.ofDays(1)))) {
                    return kept;
                }
            } catch (RuntimeException e) {
                // unreadable: made afresh below
            }
        }
        ServingCertificate made = selfSigned(dnsNames, addresses, clock);
        try {
            // PKCS#8, as the JDK encodes every private key.
            String key = "-----BEGIN PRIVATE KEY-----\n"
                    + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(made.key.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            java.nio.file.Path keyTmp = dir.resolve("log-api.key.tmp");
            java.nio.file.Files.deleteIfExists(keyTmp);
            java.nio.file.Files.createFile(
                    keyTmp,
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            java.nio.file.Files.writeString(keyTmp, key);
            java.nio.file.Path certificateTmp = dir.resolve("log-api.crt.tmp");
            java.nio.file.Files.writeString(certificateTmp, made.certificatePem());
            java.nio.file.Files.move(keyTmp, keyFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            java.nio.file.Files.move(certificateTmp, certificateFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot keep the log API's certificate in " + dir + ": " + e.getMessage(), e);
        }
        return made;
    }

    /** The certificate chain as PEM: for an APIService's caBundle when the certificate is self-signed. */
    String certificatePem() {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (X509Certificate certificate : chain) {
                writer.writeObject(certificate);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a certificate as PEM", e);
        }
        return out.toString();
    }

    X509Certificate leaf() {
        return chain.get(0);
    }

    KeyManagerFactory keyManagers() {
        try {
            char[] password = "in-memory".toCharArray(); // protects nothing: the store never leaves this method
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("serving", key, password, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot load the log API's serving key", e);
        }
    }
}
