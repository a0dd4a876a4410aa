package dev.weft.agent.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Minimal HTTP client for scraping a child JVM's endpoints. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    static HttpResponse<String> get(String url, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<byte[]> getBytes(String url, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Polls until the URL answers 200, within the deadline; returns the body. */
    static String awaitOk(String url, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        Exception last = null;
        while (System.nanoTime() < end) {
            try {
                HttpResponse<String> r = get(url, "text/plain; version=0.0.4");
                if (r.statusCode() == 200) {
                    return r.body();
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(url + " did not answer 200 within " + deadline, last);
    }

    /** The value of an unlabelled sample in text format, e.g. {@code jvm_threads_current 17.0}. */
    static double sample(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(text);
        if (!m.find()) {
            throw new AssertionError("no sample " + series + " in:\n" + text);
        }
        return Double.parseDouble(m.group(1));
    }
}
