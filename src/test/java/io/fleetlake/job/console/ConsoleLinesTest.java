package io.fleetlake.job.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleLinesTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AtomicLong now = new AtomicLong(1_000);
    private final ConsoleLines lines =
            new ConsoleLines(
                    new PrintStream(bytes, true, StandardCharsets.UTF_8),
                    "alerts",
                    2,
                    5_000,
                    now::get);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsAtMostTheIntervalsLinesAndCountsTheRestInOneSummary() {
        AtomicInteger built = new AtomicInteger();
        for (int i = 1; i <= 5; i++) {
            int n = i;
            lines.println(
                    () -> {
                        built.incrementAndGet();
                        return "line " + n;
                    });
        }
        // Lines left out are never formatted.
        assertThat(built).hasValue(2);
        assertThat(printed()).isEqualTo("line 1\nline 2\n".replace("\n", System.lineSeparator()));

        now.addAndGet(5_000);
        lines.println(() -> "line 6");
        assertThat(printed().split(System.lineSeparator()))
                .containsExactly(
                        "line 1",
                        "line 2",
                        "... 3 more alerts not printed (at most 2 lines per 5 s)",
                        "line 6");
    }

    @Test
    void theEndOfInputSummaryCountsWhatIsLeftAndNothingTwice() {
        for (int i = 0; i < 4; i++) {
            lines.println(() -> "x");
        }
        lines.summary();
        lines.summary();
        assertThat(printed().split(System.lineSeparator()))
                .containsExactly(
                        "x", "x", "... 2 more alerts not printed (at most 2 lines per 5 s)");
    }

    @Test
    void aQuietRunPrintsEveryLineAndNoSummary() {
        for (int i = 0; i < 3; i++) {
            lines.println(() -> "x");
            now.addAndGet(6_000);
        }
        lines.summary();
        assertThat(printed().split(System.lineSeparator())).containsExactly("x", "x", "x");
    }
}
