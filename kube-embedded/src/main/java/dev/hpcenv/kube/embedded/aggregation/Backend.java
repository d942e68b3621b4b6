package dev.hpcenv.kube.embedded.aggregation;

/**
 * Where an aggregated API's requests go.
 *
 * @param address    an endpoint address of the APIService's Service (an IP; loopback allowed)
 * @param serverName {@code <service>.<namespace>.svc}: the name the backend's certificate must carry,
 *                   as the aggregator verifies it
 * @param caBundle   PEM of spec.caBundle ("" when {@code insecureSkipTLSVerify})
 */
public record Backend(String address, int port, String serverName, String caBundle, boolean insecureSkipTlsVerify) {}
