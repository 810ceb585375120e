package io.fleetlake.connectors.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;

/** Splits come out in natural path order, whatever order they are added or given back in. */
class PathOrderSplitAssignerTest {

    private static FileSourceSplit split(String path) {
        return new FileSourceSplit(path, new Path(path), 0, 100, 0, 100);
    }

    private static List<String> drain(PathOrderSplitAssigner a) {
        List<String> out = new ArrayList<>();
        for (Optional<FileSourceSplit> s = a.getNext(null); s.isPresent(); s = a.getNext("h")) {
            out.add(s.get().path().getName());
        }
        return out;
    }

    @Test
    void naturalPathOrder() {
        PathOrderSplitAssigner a =
                new PathOrderSplitAssigner(
                        List.of(
                                split("/in/part-10.jsonl"),
                                split("/in/part-2.jsonl"),
                                split("/in/part-1.jsonl"),
                                split("/in/2026-01-03.jsonl"),
                                split("/in/2026-01-02.jsonl")));
        assertThat(drain(a))
                .containsExactly(
                        "2026-01-02.jsonl",
                        "2026-01-03.jsonl",
                        "part-1.jsonl",
                        "part-2.jsonl",
                        "part-10.jsonl");
    }

    @Test
    void addedAndReturnedSplitsTakeTheirPlaceAndRemainingIsOrdered() {
        PathOrderSplitAssigner a =
                new PathOrderSplitAssigner(List.of(split("/in/b-3"), split("/in/b-1")));
        FileSourceSplit first = a.getNext(null).orElseThrow();
        assertThat(first.path().getName()).isEqualTo("b-1");
        // A failed reader gives its split back; the monitor finds a new file.
        a.addSplits(List.of(split("/in/b-2"), first));
        assertThat(a.remainingSplits())
                .extracting(s -> s.path().getName())
                .containsExactly("b-1", "b-2", "b-3");
        assertThat(drain(a)).containsExactly("b-1", "b-2", "b-3");
    }

    @Test
    void naturalComparison() {
        assertThat(PathOrderSplitAssigner.compareNatural("a9", "a10")).isNegative();
        assertThat(PathOrderSplitAssigner.compareNatural("a010", "a9")).isPositive();
        assertThat(PathOrderSplitAssigner.compareNatural("a01", "a1")).isNotZero();
        assertThat(PathOrderSplitAssigner.compareNatural("a", "a1")).isNegative();
        assertThat(PathOrderSplitAssigner.compareNatural("x/y", "x/y")).isZero();
    }
}
