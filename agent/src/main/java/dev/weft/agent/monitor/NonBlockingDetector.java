package dev.weft.agent.monitor;

import dev.weft.exporter.threads.Escape;
import dev.weft.instrumentation.ledger.Findings;
import dev.weft.instrumentation.ledger.NonBlockingCalls;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Blocking on a non-blocking thread: a blocking socket or file call on a platform thread whose name
 * matches {@code nonblocking.threads} (an event loop). The I/O hooks sample such calls with their stack
 * ({@link NonBlockingCalls}); this detector reports one finding per thread group and call site, keeps it
 * while calls keep coming, and clears it once the site has been quiet for {@code nonblocking.quiet}.
 * Reported, never thrown: the application's call goes on as it would without the agent.
 */
final class NonBlockingDetector extends ScheduledDetector {

    static final String KIND = "blocking_on_nonblocking_thread";
    static final int STACK_LINES = 24;

    private final NonBlockingCalls calls;
    private final long quietMillis;
    private final String patterns;

    NonBlockingDetector(NonBlockingCalls calls, String patterns, long quietMillis, long intervalMillis) {
        super(KIND, intervalMillis);
        this.calls = calls;
        this.patterns = patterns;
        this.quietMillis = quietMillis;
    }

    @Override
    public List<Findings.Observation> observe(long nowMillis) {
        List<Findings.Observation> out = new ArrayList<>();
        for (NonBlockingCalls.Site s : calls.snapshot(nowMillis, quietMillis)) {
            String thread = Escape.quoted(s.thread());
            String summary = thread + " (group " + Escape.quoted(s.group()) + ") made a blocking " + s.kind()
                    + " call at " + Escape.line(s.location()) + " on a thread declared non-blocking (nonblocking.threads="
                    + Escape.line(patterns) + ")";
            List<String> details = new ArrayList<>();
            details.add("call site " + Escape.line(s.site()) + ", first seen " + Instant.ofEpochMilli(s.firstSeenMillis())
                    + ", last seen " + Instant.ofEpochMilli(s.lastSeenMillis()));
            details.add("stack of the last sampled call:");
            for (int i = 0; i < Math.min(STACK_LINES, s.stack().size()); i++) {
                details.add("  at " + Escape.line(s.stack().get(i)));
            }
            out.add(new Findings.Observation(s.key(), summary, s.location(), details));
        }
        return out;
    }
}
