package io.fleetlake.connectors.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.functions.sink.filesystem.PartFileInfo;
import org.junit.jupiter.api.Test;

/**
 * The cap on open part files: FileSink's calls (events per bucket, one inspection calling every
 * open file with the same time, checkpoints) as its writer makes them, for input that touches every
 * hour of its range.
 */
class OpenFilesRollingPolicyTest {

    /** A part file as FileSink describes it to the policy: identity is what counts. */
    static final class Part implements PartFileInfo<String> {
        final String bucket;

        Part(String bucket) {
            this.bucket = bucket;
        }

        @Override
        public String getBucketId() {
            return bucket;
        }

        @Override
        public long getCreationTime() {
            return 0;
        }

        @Override
        public long getSize() {
            return 0;
        }

        @Override
        public long getLastUpdateTime() {
            return 0;
        }
    }

    /** One inspection: the files the policy rolls, as the writer asks it about each. */
    static List<Part> inspect(OpenFilesRollingPolicy<String, String> p, List<Part> open, long now) {
        List<Part> rolled = new ArrayList<>();
        for (Part f : new ArrayList<>(open)) {
            if (p.shouldRollOnProcessingTime(f, now)) {
                rolled.add(f);
                open.remove(f);
            }
        }
        return rolled;
    }

    @Test
    void theLeastRecentlyWrittenFilesBeyondTheCapRollAtTheNextInspection() {
        OpenFilesRollingPolicy<String, String> p = new OpenFilesRollingPolicy<>(4);
        List<Part> open = new ArrayList<>();
        for (int h = 0; h < 10; h++) {
            Part f = new Part("hour=" + h);
            open.add(f);
            // The bucket opened the file for its first record; the second one asks the policy.
            assertThat(p.shouldRollOnEvent(f, "r")).isFalse();
        }
        // Hours 2 and 5 are written again: the most recent with 8 and 9.
        p.shouldRollOnEvent(open.get(2), "r");
        p.shouldRollOnEvent(open.get(5), "r");
        assertThat(p.openFiles()).isEqualTo(10);

        List<Part> rolled = inspect(p, open, 1_000);
        assertThat(rolled)
                .extracting(f -> f.bucket)
                .containsExactly("hour=0", "hour=1", "hour=3", "hour=4", "hour=6", "hour=7");
        assertThat(open)
                .extracting(f -> f.bucket)
                .containsExactly("hour=2", "hour=5", "hour=8", "hour=9");
        assertThat(p.openFiles()).isEqualTo(4);
        // Within the cap nothing more rolls; on checkpoint everything does.
        assertThat(inspect(p, open, 2_000)).isEmpty();
        for (Part f : open) {
            assertThat(p.shouldRollOnCheckpoint(f)).isTrue();
        }
        assertThat(p.openFiles()).isZero();
    }

    @Test
    void aFileWithOneRecordRollsWhenTheCapIsReachedAndCountsOtherwise() {
        OpenFilesRollingPolicy<String, String> p = new OpenFilesRollingPolicy<>(2);
        Part a = new Part("a");
        Part b = new Part("b");
        Part c = new Part("c");
        p.shouldRollOnEvent(a, "r");
        // b and c hold their first record only: the policy first hears of them at the inspection.
        List<Part> open = new ArrayList<>(List.of(a, b, c));
        assertThat(inspect(p, open, 1_000)).containsExactly(c);
        assertThat(open).containsExactly(a, b);
        assertThat(p.openFiles()).isEqualTo(2);
    }

    @Test
    void aRandomOrderOverManyHoursNeverKeepsMoreThanTheCapOpenAfterAnInspection() {
        int cap = 50;
        OpenFilesRollingPolicy<String, String> p = new OpenFilesRollingPolicy<>(cap);
        java.util.Map<String, Part> open = new java.util.LinkedHashMap<>();
        java.util.Random rnd = new java.util.Random(7);
        long now = 0;
        int maxAfterInspection = 0;
        for (int i = 0; i < 200_000; i++) {
            String hour = "hour=" + rnd.nextInt(500);
            Part f = open.get(hour);
            if (f == null) {
                open.put(hour, new Part(hour)); // a new file for the record, policy not asked
            } else {
                assertThat(p.shouldRollOnEvent(f, "r")).isFalse();
            }
            if (i % 1_000 == 999) {
                now += 1_000;
                List<Part> files = new ArrayList<>(open.values());
                for (Part r : inspect(p, files, now)) {
                    open.remove(r.bucket);
                }
                maxAfterInspection = Math.max(maxAfterInspection, open.size());
            }
        }
        assertThat(maxAfterInspection).isEqualTo(cap);
    }

    @Test
    void refusesACapBelowOne() {
        assertThatThrownBy(() -> new OpenFilesRollingPolicy<String, String>(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
