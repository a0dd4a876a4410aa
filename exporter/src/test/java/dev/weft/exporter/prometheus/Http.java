package dev.weft.exporter.prometheus;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A minimal HTTP client for the server tests, with timeouts (deadlines, not sleeps). */
final class Http {

    static final int TIMEOUT_MILLIS = 20_000;

    private Http() {
    }

    /** A response: status, headers and body. */
    static final class Response {
        final int status;
        final Map<String, List<String>> headers;
        final byte[] body;

        Response(int status, Map<String, List<String>> headers, byte[] body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                    return String.join(",", e.getValue());
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return status + " " + headers + "\n" + text();
        }
    }

    static Response get(int port, String path, String accept) throws IOException {
        return request("GET", port, path, accept);
    }

    static Response request(String method, int port, String path, String accept) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
        try {
            c.setRequestMethod(method);
            c.setConnectTimeout(TIMEOUT_MILLIS);
            c.setReadTimeout(TIMEOUT_MILLIS);
            c.setUseCaches(false);
            if (accept != null) {
                c.setRequestProperty("Accept", accept);
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] body = in == null ? new byte[0] : in.readAllBytes();
            if (in != null) {
                in.close();
            }
            return new Response(status, c.getHeaderFields(), body);
        } finally {
            c.disconnect();
        }
    }
}
