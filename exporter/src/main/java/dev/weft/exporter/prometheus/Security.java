package dev.weft.exporter.prometheus;

import com.sun.net.httpserver.BasicAuthenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import javax.net.ssl.SSLContext;

/**
 * How the endpoint protects itself: HTTP basic authentication (every path except
 * {@code /-/healthy}, which reveals nothing and must work for liveness probes) and TLS.
 *
 * @param user     user name for basic authentication, or empty for none
 * @param password its password (compared in constant time)
 * @param tls      the TLS context to serve HTTPS with, or null for plain HTTP
 */
public record Security(String user, String password, SSLContext tls) {

    /** Plain HTTP, no authentication. */
    public static final Security NONE = new Security("", "", null);

    /** Whether basic authentication is on. */
    public boolean authenticates() {
        return user != null && !user.isEmpty();
    }

    @Override
    public String toString() {
        return "Security[user=" + user + ", password=***, tls=" + (tls != null) + "]";
    }

    BasicAuthenticator authenticator() {
        byte[] expectedUser = user.getBytes(StandardCharsets.UTF_8);
        byte[] expectedPassword = (password == null ? "" : password).getBytes(StandardCharsets.UTF_8);
        return new BasicAuthenticator("weft") {
            @Override
            public boolean checkCredentials(String u, String p) {
                // Both compared, always, in constant time: no early exit that times the user name.
                boolean userOk = MessageDigest.isEqual(expectedUser, u == null ? new byte[0] : u.getBytes(StandardCharsets.UTF_8));
                boolean passwordOk = MessageDigest.isEqual(expectedPassword,
                        p == null ? new byte[0] : p.getBytes(StandardCharsets.UTF_8));
                return userOk & passwordOk;
            }
        };
    }
}
