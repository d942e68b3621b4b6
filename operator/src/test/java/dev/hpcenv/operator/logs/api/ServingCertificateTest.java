package dev.hpcenv.operator.logs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServingCertificateTest {

    @Test
    void aSelfSignedCertificateNamesTheServiceAndTheAddress() throws Exception {
        ServingCertificate certificate = ServingCertificate.selfSigned(
                List.of("hpcenv-logs.hpcenv-system.svc"),
                List.of(InetAddress.getByName("172.29.210.1")),
                Clock.systemUTC());

        assertThat(certificate.leaf().getSubjectAlternativeNames())
                .extracting(name -> (Object) name.get(1))
                .containsExactlyInAnyOrder("hpcenv-logs.hpcenv-system.svc", "172.29.210.1");
        assertThat(certificate.leaf().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        certificate.leaf().verify(certificate.leaf().getPublicKey());
        assertThat(certificate.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void readsAPkcs1RsaKeyAsHelmsGenSignedCertWritesIt(@TempDir Path dir) throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair pair = rsa.generateKeyPair();
        TestPki.Client signed = TestPki.ca("hpcenv-log-api-ca").issue("hpcenv-logs", pair);
        Path cert = Files.writeString(dir.resolve("tls.crt"), TestPki.pem(signed.certificate()));
        // The RSA key's own encoding ("RSA PRIVATE KEY"), as Sprig's genSignedCert writes it.
        String pkcs1 = TestPki.pem(new JcaMiscPEMGenerator(pair.getPrivate()).generate());
        Path key = Files.writeString(dir.resolve("tls.key"), pkcs1);

        ServingCertificate certificate = ServingCertificate.fromFiles(cert, key);

        assertThat(pkcs1).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(certificate.leaf()).isEqualTo(signed.certificate());
    }

    @Test
    void aKeyOfAnotherAlgorithmThanTheCertificateIsRefused(@TempDir Path dir) throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        TestPki.Ca ca = TestPki.ca("serving");
        Path cert = Files.writeString(dir.resolve("tls.crt"), ca.pem());
        Path key = Files.writeString(
                dir.resolve("tls.key"), TestPki.pem(rsa.generateKeyPair().getPrivate()));

        assertThatThrownBy(() -> ServingCertificate.fromFiles(cert, key))
                .hasMessageStartingWith("HPCENV_LOG_API_TLS_KEY: ")
                .hasMessageContaining("does not belong to the EC certificate");
    }

    @Test
    void readsAPkcs8KeyAndItsCertificate(@TempDir Path dir) throws Exception {
        TestPki.Ca ca = TestPki.ca("serving");
        Path cert = Files.writeString(dir.resolve("tls.crt"), ca.pem());
        String pkcs8 = "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                        .encodeToString(ca.keys().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Path key = Files.writeString(dir.resolve("tls.key"), pkcs8);

        ServingCertificate certificate = ServingCertificate.fromFiles(cert, key);

        assertThat(certificate.leaf()).isEqualTo(ca.certificate());
        assertThat(certificate.keyManagers().getKeyManagers()).isNotEmpty();
    }

    @Test
    void aFileWithoutCertificateOrKeyIsOneLineNamingTheVariable(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");
        TestPki.Ca ca = TestPki.ca("serving");
        Path cert = Files.writeString(dir.resolve("tls.crt"), ca.pem());

        assertThatThrownBy(() -> ServingCertificate.fromFiles(empty, empty))
                .hasMessageStartingWith("HPCENV_LOG_API_TLS_CERT: ")
                .hasMessageContaining("holds no PEM certificate");
        assertThatThrownBy(() -> ServingCertificate.fromFiles(cert, empty))
                .hasMessageStartingWith("HPCENV_LOG_API_TLS_KEY: ")
                .hasMessageContaining("holds no unencrypted PEM private key");
        assertThatThrownBy(() -> ServingCertificate.fromFiles(dir.resolve("missing.crt"), empty))
                .hasMessageStartingWith("HPCENV_LOG_API_TLS_CERT: cannot read");
    }

    @Test
    void aKeptSelfSignedCertificateIsTheSameAfterARestartAndItsKeyIsPrivate(@TempDir Path dir) throws Exception {
        List<String> names = List.of("hpcenv-logs-api.hpcenv-system.svc");
        List<InetAddress> addresses = List.of(InetAddress.getByName("127.0.0.1"));

        ServingCertificate first = ServingCertificate.selfSignedKeptIn(dir, names, addresses, Clock.systemUTC());
        ServingCertificate again = ServingCertificate.selfSignedKeptIn(dir, names, addresses, Clock.systemUTC());

        assertThat(again.leaf()).isEqualTo(first.leaf());
        assertThat(Files.readString(dir.resolve("log-api.crt"))).isEqualTo(first.certificatePem());
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(dir.resolve("log-api.key"))))
                .isEqualTo("rw-------");
        // The key read back serves TLS: a client trusting the kept certificate completes a handshake.
        javax.net.ssl.SSLContext server = javax.net.ssl.SSLContext.getInstance("TLS");
        server.init(again.keyManagers().getKeyManagers(), null, null);
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("kept", first.leaf());
        javax.net.ssl.TrustManagerFactory tmf =
                javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext client = javax.net.ssl.SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        try (javax.net.ssl.SSLServerSocket listening = (javax.net.ssl.SSLServerSocket)
                server.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread accept = new Thread(() -> {
                try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) listening.accept()) {
                    s.startHandshake();
                    s.getOutputStream().write(1);
                } catch (java.io.IOException e) {
                    // the client's assertion says what went wrong
                }
            });
            accept.start();
            try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) client.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listening.getLocalPort())) {
                s.startHandshake();
                assertThat(s.getInputStream().read()).isEqualTo(1);
            }
            accept.join(10_000);
        }
    }
}
