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
}
