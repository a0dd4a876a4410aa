package dev.weft.testapps;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.util.concurrent.Callable;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;
import org.HdrHistogram.Histogram;

/**
 * An application that bundles its own, different versions of the libraries the agent uses
 * (Byte Buddy 1.14, Prometheus client_java 1.3, HdrHistogram 2.1): it generates a class with its
 * Byte Buddy, records into its HdrHistogram, and serves its own metric on its own port
 * ({@code args[0]}, 0 for any) from the default registry. Prints
 * {@code ready app-port=<port> bytebuddy=<version> generated=<value> p50=<value>}.
 */
public final class BundledLibsApp {

    private BundledLibsApp() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Class<?> generated = new ByteBuddy()
                .subclass(Callable.class)
                .method(ElementMatchers.named("call")).intercept(FixedValue.value("from-app-bytebuddy"))
                .make()
                .load(BundledLibsApp.class.getClassLoader())
                .getLoaded();
        Object value = ((Callable<Object>) generated.getDeclaredConstructor().newInstance()).call();

        Histogram h = new Histogram(3_600_000_000L, 3);
        for (int i = 1; i <= 100; i++) {
            h.recordValue(i);
        }

        Counter requests = Counter.builder().name("app_requests_total").help("Requests the app served.").register();
        requests.inc(7);
        HTTPServer server = HTTPServer.builder().port(port).buildAndStart();

        System.out.println("ready app-port=" + server.getPort() + " bytebuddy="
                + mavenVersion("net.bytebuddy", "byte-buddy") + " generated=" + value
                + " p50=" + h.getValueAtPercentile(50));
        System.out.flush();
        Control.serve(null);
    }

    private static String mavenVersion(String group, String artifact) throws java.io.IOException {
        java.util.Properties p = new java.util.Properties();
        try (var in = BundledLibsApp.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/" + group + "/" + artifact + "/pom.properties")) {
            if (in == null) {
                return "unknown";
            }
            p.load(in);
        }
        return p.getProperty("version", "unknown");
    }
}
