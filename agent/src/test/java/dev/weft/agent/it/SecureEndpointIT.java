package dev.weft.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The endpoint over HTTPS with basic authentication, configured by agent keys (password from the environment). */
class SecureEndpointIT {

    @ParameterizedTest
    @MethodSource("dev.weft.agent.it.Jdk#all")
    void httpsWithBasicAuthentication(Jdk jdk) throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("weft.test.scratch", "target/it-scratch"))
                .resolve("tls-" + jdk.feature()));
        Path store = dir.resolve("weft.p12");
        Files.deleteIfExists(store);
        Process keytool = new ProcessBuilder(jdk.require().home().resolve("bin/keytool").toString(), "-genkeypair",
                "-alias", "weft", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "storepw1", "-keypass", "storepw1").redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, keytool.exitValue());

        int port = ChildJvm.freePort();
        try (ChildJvm app = ChildJvm.of(jdk, "dev.weft.testapps.ThreadCountApp")
                .agent("port=" + port + ",auth.user=scraper,tls.keystore=" + store + ",tls.keystore.password=storepw1")
                .jvmArg("-Dweft.auth.password=pa55word").start()) {
            app.awaitOut(l -> l.startsWith("ready"));
            String startup = app.awaitErr(l -> l.startsWith("weft "));
            assertTrue(startup.contains("metrics at https://127.0.0.1:" + port + "/metrics"), startup);

            KeyStore ks = KeyStore.getInstance(new File(store.toString()), "storepw1".toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(ks);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
            URI metrics = URI.create("https://127.0.0.1:" + port + "/metrics");

            assertEquals(401, client.send(HttpRequest.newBuilder(metrics).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            String auth = "Basic " + Base64.getEncoder().encodeToString("scraper:pa55word".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> ok = client.send(HttpRequest.newBuilder(metrics).header("Authorization", auth).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode());
            assertTrue(ok.body().contains("jvm_threads_current"));
            assertEquals(200, client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/-/healthy"))
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            app.send("exit 0");
            assertEquals(0, app.waitFor());
            assertEquals(List.of(startup), app.weftLines(), "no password or other noise on stderr");
        }
    }
}
