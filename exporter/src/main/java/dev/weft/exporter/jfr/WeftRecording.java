package dev.weft.exporter.jfr;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * The continuous recording the agent can start itself ({@code jfr.record=true}): JFR's
 * {@code default} settings overlaid with {@code weft.jfc}, kept on disk within a maximum age and
 * size, and dumped to a file when the JVM exits.
 */
public final class WeftRecording {

    /** The settings file, a resource next to this class (also shipped for users, see the README). */
    public static final String JFC = "weft.jfc";

    private WeftRecording() {
    }

    /** The text of {@code weft.jfc}. */
    public static String jfcText() throws IOException {
        try (InputStream in = WeftRecording.class.getResourceAsStream(JFC)) {
            if (in == null) {
                throw new IOException(JFC + " is missing from the agent");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** JFR's {@code default} settings with Weft's on top (later settings win, as on the command line). */
    public static Map<String, String> settings() throws IOException, ParseException {
        Map<String, String> settings = new HashMap<>(Configuration.getConfiguration("default").getSettings());
        try (Reader r = new InputStreamReader(WeftRecording.class.getResourceAsStream(JFC), StandardCharsets.UTF_8)) {
            settings.putAll(Configuration.create(r).getSettings());
        }
        return settings;
    }

    /**
     * Starts the recording.
     *
     * @param file    where it is written when the JVM exits
     * @param maxAge  how much history it keeps
     * @param maxSize how many bytes it keeps at most
     * @return the running recording
     * @throws IOException with a one-line message when the file cannot be written or JFR refuses
     */
    public static Recording start(Path file, Duration maxAge, long maxSize) throws IOException {
        Recording recording;
        try {
            recording = new Recording(settings());
        } catch (ParseException e) {
            throw new IOException("weft.jfc is not valid: " + e.getMessage(), e);
        }
        try {
            recording.setName("weft");
            recording.setToDisk(true);
            recording.setMaxAge(maxAge);
            recording.setMaxSize(maxSize);
            recording.setDumpOnExit(true);
            recording.setDestination(file);
            recording.start();
            return recording;
        } catch (IOException | RuntimeException e) {
            recording.close();
            throw new IOException("cannot record to " + file + ": " + e.getMessage(), e);
        }
    }
}
