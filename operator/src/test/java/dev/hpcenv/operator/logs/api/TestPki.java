package dev.hpcenv.operator.logs.api;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificate authorities and client certificates made for a test, as the front proxy's would be. */
final class TestPki {

    private TestPki() {}

    /** A CA: its key and self-signed certificate. */
    record Ca(KeyPair keys, X509Certificate certificate) {
        String pem() {
            return TestPki.pem(certificate);
        }

        /** A client certificate with common name {@code cn} (extended key usage clientAuth). */
        Client client(String cn) {
            return client(cn, KeyPurposeId.id_kp_clientAuth);
        }

        /** A certificate for {@code keys} (a server's, extended key usage serverAuth). */
        Client issue(String cn, KeyPair keys) {
            return new Client(
                    keys, sign(new X500Principal("CN=" + cn), keys, this, false, KeyPurposeId.id_kp_serverAuth));
        }

        Client client(String cn, KeyPurposeId usage) {
            KeyPair pair = keyPair();
            X509Certificate cert = sign(new X500Principal("CN=" + cn), pair, this, false, usage);
            return new Client(pair, cert);
        }
    }

    /** A client's key and certificate. */
    record Client(KeyPair keys, X509Certificate certificate) {}

    static Ca ca(String cn) {
        KeyPair pair = keyPair();
        X500Principal subject = new X500Principal("CN=" + cn);
        return new Ca(pair, sign(subject, pair, null, true, null));
    }

    /** TLS as a client: presents {@code client} (none when null) and trusts {@code server}. */
    static SSLContext clientContext(Client client, X509Certificate server) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", server);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManager[] keyManagers = null;
            if (client != null) {
                char[] password = "test".toCharArray();
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry(
                        "client", client.keys().getPrivate(), password, new X509Certificate[] {client.certificate()});
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, password);
                keyManagers = kmf.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(Object object) {
        java.io.StringWriter out = new java.io.StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(
            X500Principal subject, KeyPair pair, Ca issuer, boolean ca, KeyPurposeId usage) {
        try {
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuer == null ? subject : issuer.certificate().getSubjectX500Principal(),
                    new BigInteger(64, new SecureRandom()).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(1))),
                    subject,
                    pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usage));
            }
            var signer = new JcaContentSignerBuilder(
                            issuer == null
                                            || issuer.keys()
                                                    .getPrivate()
                                                    .getAlgorithm()
                                                    .equals("EC")
                                    ? "SHA256withECDSA"
                                    : "SHA256withRSA")
                    .build(issuer == null ? pair.getPrivate() : issuer.keys().getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
