package dev.hpcenv.kube.embedded.aggregation;

import dev.hpcenv.kube.embedded.tls.CertificateAuthority;

/**
 * The front-proxy CA an API server presents its aggregated APIs' backends with: a CA made at start
 * and one client certificate it signed, CN {@value #CLIENT_NAME}, which the embedded API presents
 * when it proxies a request. Backends trust it through the {@code requestheader-client-ca-file} of
 * ConfigMap kube-system/extension-apiserver-authentication.
 */
public final class FrontProxyCa {

    /** The client certificate's common name, the only name in {@code requestheader-allowed-names}. */
    public static final String CLIENT_NAME = "front-proxy-client";

    private final String caPem;
    private final CertificateAuthority.Issued client;

    private FrontProxyCa(String caPem, CertificateAuthority.Issued client) {
        this.caPem = caPem;
        this.client = client;
    }

    public static FrontProxyCa generate() {
        CertificateAuthority ca = CertificateAuthority.generate("front-proxy-ca");
        return new FrontProxyCa(ca.certificatePem(), ca.issueClient(CLIENT_NAME));
    }

    /** The CA certificate, PEM. */
    public String caPem() {
        return caPem;
    }

    /** The client certificate, PEM. */
    public String clientCertificatePem() {
        return client.certificatePem();
    }

    /** The client certificate's private key, PKCS#8 PEM; never logged nor stored. */
    public String clientKeyPem() {
        return client.privateKeyPem();
    }
}
