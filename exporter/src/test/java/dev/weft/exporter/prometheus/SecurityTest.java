package dev.weft.exporter.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic authentication and TLS on the endpoint. */
class SecurityTest {

    @TempDir
    Path tmp;

    private static MetricsServer start(Security security) throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmCollectors.registerDefaults(registry, "test");
        return MetricsServer.start("127.0.0.1", 0, registry, List::of, Map.of(), security);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicAuthenticationGuardsEverythingButHealth() throws Exception {
        try (MetricsServer server = start(new Security("scraper", "s3cret", null))) {
            assertEquals(401, Http.get(server.port(), "/metrics", null).status);
            assertEquals(401, Http.get(server.port(), "/", null).status);
            assertEquals(200, Http.get(server.port(), "/-/healthy", null).status);

            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> wrong = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                    .header("Authorization", basic("scraper", "nope")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, wrong.statusCode());
            HttpResponse<String> right = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                    .header("Authorization", basic("scraper", "s3cret")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, right.statusCode());
            assertTrue(right.body().contains("jvm_threads_current"));
        }
    }

    @Test
    void securityNeverPrintsThePassword() {
        assertFalse(new Security("u", "s3cret", null).toString().contains("s3cret"));
    }

    /** A self-signed key pair for 127.0.0.1 made with the JDK's keytool. */
    static Path keystore(Path dir, String password) throws Exception {
        Path file = dir.resolve("weft.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "weft", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", password, "-keypass", password)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool hung");
        assertEquals(0, p.exitValue(), out);
        return file;
    }

    @Test
    void servesHttpsWithTheKeyStoresCertificate() throws Exception {
        char[] password = "changeit1".toCharArray();
        Path file = keystore(tmp, "changeit1");
        KeyStore store = KeyStore.getInstance(new File(file.toString()), password);
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keys.getKeyManagers(), null, null);

        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trust.getTrustManagers(), null);

        try (MetricsServer s = start(new Security("", "", server))) {
            URI uri = URI.create("https://127.0.0.1:" + s.port() + "/metrics");
            HttpClient trusting = HttpClient.newBuilder().sslContext(client).connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> r = trusting.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains("jvm_threads_current"));
            // A client that does not trust the certificate is refused; plain HTTP gets nothing.
            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            assertThrows(SSLHandshakeException.class,
                    () -> plain.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()));
        }
    }
}
