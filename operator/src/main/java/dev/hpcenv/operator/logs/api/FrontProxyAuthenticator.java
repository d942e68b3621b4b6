package dev.hpcenv.operator.logs.api;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;

/**
 * Authenticates a request as the API server's front proxy made it: the TLS client certificate must
 * chain to a front-proxy CA, be meant for client authentication and, when the allowed names are set,
 * carry one of them as its common name. Only then are the user and group headers read; a request
 * without such a certificate is refused whatever its headers say, since anyone can write headers.
 */
final class FrontProxyAuthenticator {

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_USAGE = "2.5.29.37.0";

    private FrontProxyAuthenticator() {}

    /** The outcome: the user, or why the request is not authenticated (a 401's message). */
    sealed interface Result {
        record Authenticated(RemoteUser user) implements Result {}

        /** @param untrustedCertificate a certificate that a rotated CA might sign: worth reading the CA again */
        record Refused(String why, boolean untrustedCertificate) implements Result {
            Refused(String why) {
                this(why, false);
            }
        }
    }

    /**
     * @param chain   the client's certificates as TLS gave them, leaf first; null or empty when it sent none
     * @param headers every value of a request header, by name (case-insensitive), empty when absent
     */
    static Result authenticate(
            FrontProxyConfig config, X509Certificate[] chain, Function<String, List<String>> headers, Date now) {
        if (!config.configured()) {
            return new Result.Refused("the API server's front proxy is not configured (no "
                    + FrontProxyConfig.CLIENT_CA + " in " + FrontProxyConfig.NAMESPACE + "/" + FrontProxyConfig.NAME
                    + "): this API is served only through the kube-apiserver's aggregation layer");
        }
        if (chain == null || chain.length == 0) {
            return new Result.Refused("no client certificate: this API is served only through the kube-apiserver's"
                    + " aggregation layer");
        }
        X509Certificate leaf = chain[0];
        if (!chainsToCa(config.clientCas(), chain, now)) {
            return new Result.Refused("the client certificate is not signed by the front-proxy client CA", true);
        }
        if (!meantForClients(leaf)) {
            return new Result.Refused("the client certificate is not meant for client authentication");
        }
        String commonName = commonName(leaf.getSubjectX500Principal());
        if (!config.allowedNames().isEmpty() && !config.allowedNames().contains(commonName)) {
            return new Result.Refused("the client certificate's common name '" + KubeNames.printable(commonName)
                    + "' is not one of the front proxy's allowed names");
        }
        String user = config.usernameHeaders().stream()
                .flatMap(h -> headers.apply(h).stream())
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .findFirst()
                .orElse(null);
        if (user == null) {
            return new Result.Refused("no user in the front proxy's headers " + config.usernameHeaders());
        }
        List<String> groups = new ArrayList<>();
        for (String header : config.groupHeaders()) {
            for (String value : headers.apply(header)) {
                if (!value.isBlank()) {
                    groups.add(value.trim());
                }
            }
        }
        return new Result.Authenticated(new RemoteUser(user, groups));
    }

    private static boolean chainsToCa(List<X509Certificate> cas, X509Certificate[] chain, Date now) {
        try {
            Set<TrustAnchor> anchors =
                    cas.stream().map(ca -> new TrustAnchor(ca, null)).collect(Collectors.toSet());
            // The path holds the leaf and intermediates; a CA certificate the client also sent is no part of it.
            List<X509Certificate> path =
                    Arrays.stream(chain).filter(c -> !cas.contains(c)).toList();
            if (path.isEmpty()) {
                return false;
            }
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(anchors);
            // The front proxy's certificates have no revocation information, as for the API server itself.
            parameters.setRevocationEnabled(false);
            parameters.setDate(now);
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean meantForClients(X509Certificate leaf) {
        try {
            List<String> usages = leaf.getExtendedKeyUsage();
            return usages == null || usages.contains(CLIENT_AUTH) || usages.contains(ANY_USAGE);
        } catch (java.security.cert.CertificateParsingException e) {
            return false;
        }
    }

    static String commonName(X500Principal principal) {
        try {
            javax.naming.ldap.LdapName name = new javax.naming.ldap.LdapName(principal.getName(X500Principal.RFC2253));
            String cn = "";
            for (javax.naming.ldap.Rdn rdn : name.getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    cn = rdn.getValue().toString();
                }
            }
            return cn;
        } catch (javax.naming.InvalidNameException e) {
            return "";
        }
    }
}
