package io.fleetlake.connectors.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.kinesis.shaded.com.amazonaws.services.kinesis.clientlibrary.types.UserRecord;
import org.apache.flink.kinesis.shaded.com.amazonaws.services.kinesis.model.Record;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.HashKeyRange;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.SequenceNumberRange;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The writer against an in-memory stream: aggregates survive de-aggregation by the consumer's own
 * code (which drops user records outside the reading shard's hash range), per-shard quotas pace the
 * puts, failed entries are retried in order, and a reshard is noticed.
 */
class KinesisStreamWriterTest {
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    @Test
    void aggregatesDeaggregateCompletelyInTheShardTheyLandIn() throws Exception {
        FakeStream stream = new FakeStream(4);
        FakeTicker ticker = new FakeTicker();
        KinesisStreamWriter w =
                new KinesisStreamWriter(
                        stream, "s", true, KinesisStreamWriter.Limits.DEFAULT, ticker);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String payload = "{\"device\":\"d" + (i % 37) + "\",\"i\":" + i + "}";
            w.add("device-" + (i % 37), payload.getBytes(StandardCharsets.UTF_8));
            sent.add(payload);
        }
        w.flush();

        List<String> received = new ArrayList<>();
        for (Map.Entry<Integer, List<PutRecordsRequestEntry>> shard : stream.byShard.entrySet()) {
            for (PutRecordsRequestEntry e : shard.getValue()) {
                Record r =
                        new Record()
                                .withData(e.data().asByteBuffer())
                                .withPartitionKey(e.partitionKey())
                                .withSequenceNumber("1")
                                .withApproximateArrivalTimestamp(new Date());
                // The consumer's de-aggregation, limited to the hash range of the shard the record
                // landed in.
                for (UserRecord u :
                        UserRecord.deaggregate(
                                Collections.singletonList(r),
                                stream.start(shard.getKey()),
                                stream.end(shard.getKey()))) {
                    ByteBuffer d = u.getData();
                    byte[] bytes = new byte[d.remaining()];
                    d.get(bytes);
                    received.add(new String(bytes, StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
        KinesisStreamWriter.Stats s = w.stats();
        assertThat(s.userRecords).isEqualTo(400);
        assertThat(s.aggregates).isPositive();
        assertThat(s.kinesisRecords).isLessThan(40);
        assertThat(stream.byShard).hasSize(4);
    }

    @Test
    void withoutASharedHashKeyTheConsumerDropsAnAggregatesForeignUserRecords() throws Exception {
        // Why the writer gives every user record its aggregate's hash key: the plain awslabs
        // aggregator keeps
        // each record's own partition key hash, and the consumer drops those outside the shard
        // read.
        com.amazonaws.kinesis.agg.RecordAggregator agg =
                new com.amazonaws.kinesis.agg.RecordAggregator();
        for (int i = 0; i < 40; i++) {
            agg.addUserRecord("device-" + i, new byte[] {(byte) i});
        }
        com.amazonaws.kinesis.agg.AggRecord record = agg.clearAndGet();
        FakeStream stream = new FakeStream(4);
        int shard =
                new BigInteger(record.getExplicitHashKey())
                        .multiply(BigInteger.valueOf(4))
                        .divide(MAX.add(BigInteger.ONE))
                        .intValue();
        Record r =
                new Record()
                        .withData(ByteBuffer.wrap(record.toRecordBytes()))
                        .withPartitionKey(record.getPartitionKey())
                        .withSequenceNumber("1")
                        .withApproximateArrivalTimestamp(new Date());
        assertThat(
                        UserRecord.deaggregate(
                                Collections.singletonList(r),
                                stream.start(shard),
                                stream.end(shard)))
                .hasSizeLessThan(40);
    }

    @Test
    void perShardQuotasPaceThePuts() throws Exception {
        FakeStream stream = new FakeStream(2);
        FakeTicker ticker = new FakeTicker();
        stream.ticker = ticker;
        // 10 records/s and 1000 bytes/s per shard.
        KinesisStreamWriter w =
                new KinesisStreamWriter(
                        stream,
                        "s",
                        false,
                        new KinesisStreamWriter.Limits(10, 1000, 51_200, 100, 5),
                        ticker);
        byte[] data = new byte[40];
        for (int i = 0; i < 60; i++) {
            w.add("same-key", data);
        }
        w.flush();
        assertThat(stream.putTimesNanos).hasSize(60);
        // One shard: 10 at once (a full bucket), then 10 per second: the last leaves after about 5
        // s.
        assertThat(ticker.nanos / 1e9).isBetween(4.9, 6.0);
        for (int i = 0; i < stream.putTimesNanos.size(); i++) {
            // Token bucket of 10 refilled at 10/s: the i-th put cannot leave before (i - 9) / 10 s.
            assertThat(stream.putTimesNanos.get(i) / 1e9)
                    .as("put %d", i)
                    .isGreaterThanOrEqualTo((i - 9) / 10.0 - 1e-6);
        }
        assertThat(w.stats().throttledMillis).isGreaterThanOrEqualTo(4900);
    }

    @Test
    void failedEntriesAreRetriedInOrderWithBackoff() throws Exception {
        FakeStream stream = new FakeStream(1);
        FakeTicker ticker = new FakeTicker();
        // Every other entry fails on its first two attempts.
        Map<String, Integer> attempts = new LinkedHashMap<>();
        stream.failure =
                e -> {
                    String key = e.data().asUtf8String();
                    int n = attempts.merge(key, 1, Integer::sum);
                    return Integer.parseInt(key) % 2 == 0 && n <= 2
                            ? "ProvisionedThroughputExceededException"
                            : null;
                };
        KinesisStreamWriter w =
                new KinesisStreamWriter(
                        stream, "s", false, KinesisStreamWriter.Limits.DEFAULT, ticker);
        for (int i = 0; i < 20; i++) {
            w.add("k", Integer.toString(i).getBytes(StandardCharsets.UTF_8));
        }
        w.flush();
        List<String> delivered = new ArrayList<>();
        stream.byShard.get(0).forEach(e -> delivered.add(e.data().asUtf8String()));
        assertThat(delivered).hasSize(20).doesNotHaveDuplicates();
        assertThat(w.stats().retriedEntries).isEqualTo(20);
        assertThat(ticker.slept).isPositive();
    }

    @Test
    void givesUpOnAnEntryThatAlwaysFails() {
        FakeStream stream = new FakeStream(1);
        stream.failure = e -> "InternalFailure";
        KinesisStreamWriter w =
                new KinesisStreamWriter(
                        stream,
                        "s",
                        false,
                        new KinesisStreamWriter.Limits(1000, 1 << 20, 51_200, 100, 3),
                        new FakeTicker());
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> {
                            w.add("k", new byte[] {1});
                            w.flush();
                        })
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("failed 3 times")
                .hasMessageContaining("InternalFailure");
    }

    @Test
    void aPutLandingOnAnotherShardTriggersANewListing() throws Exception {
        FakeStream stream = new FakeStream(1);
        KinesisStreamWriter w =
                new KinesisStreamWriter(
                        stream, "s", true, KinesisStreamWriter.Limits.DEFAULT, new FakeTicker());
        w.add("a", new byte[] {1});
        w.flush();
        assertThat(stream.listings).isEqualTo(1);
        stream.reshard(2);
        w.add("b", new byte[] {2});
        w.flush();
        w.add("c", new byte[] {3});
        w.flush();
        assertThat(stream.listings).isEqualTo(2);
        assertThat(w.openShards()).isEqualTo(2);
    }

    /** Time that passes only when the writer sleeps. */
    static final class FakeTicker implements KinesisStreamWriter.Ticker {
        long nanos;
        long slept;

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public void sleepMillis(long millis) {
            nanos += millis * 1_000_000;
            slept += millis;
        }
    }

    /**
     * A stream of evenly split shards that records every successful entry by the shard it hashes
     * to.
     */
    static final class FakeStream implements KinesisClient {
        int shards;
        int generation;
        int listings;
        FakeTicker ticker;
        Function<PutRecordsRequestEntry, String> failure = e -> null;
        final Map<Integer, List<PutRecordsRequestEntry>> byShard = new LinkedHashMap<>();
        final List<Long> putTimesNanos = new ArrayList<>();

        FakeStream(int shards) {
            this.shards = shards;
        }

        void reshard(int n) {
            shards = n;
            generation++;
        }

        BigInteger start(int i) {
            return MAX.add(BigInteger.ONE)
                    .multiply(BigInteger.valueOf(i))
                    .divide(BigInteger.valueOf(shards));
        }

        BigInteger end(int i) {
            return start(i + 1).subtract(BigInteger.ONE);
        }

        String id(int i) {
            return String.format("shardId-%d%011d", generation, i);
        }

        @Override
        public ListShardsResponse listShards(ListShardsRequest request) {
            listings++;
            List<Shard> list = new ArrayList<>();
            for (int i = 0; i < shards; i++) {
                list.add(
                        Shard.builder()
                                .shardId(id(i))
                                .hashKeyRange(
                                        HashKeyRange.builder()
                                                .startingHashKey(start(i).toString())
                                                .endingHashKey(end(i).toString())
                                                .build())
                                .sequenceNumberRange(
                                        SequenceNumberRange.builder()
                                                .startingSequenceNumber("0")
                                                .build())
                                .build());
            }
            return ListShardsResponse.builder().shards(list).build();
        }

        @Override
        public PutRecordsResponse putRecords(PutRecordsRequest request) {
            List<PutRecordsResultEntry> results = new ArrayList<>();
            int failed = 0;
            for (PutRecordsRequestEntry e : request.records()) {
                String error = failure.apply(e);
                if (error != null) {
                    failed++;
                    results.add(
                            PutRecordsResultEntry.builder()
                                    .errorCode(error)
                                    .errorMessage("test")
                                    .build());
                    continue;
                }
                BigInteger hash =
                        e.explicitHashKey() != null
                                ? new BigInteger(e.explicitHashKey())
                                : KplAggregation.hashKey(e.partitionKey());
                int shard =
                        hash.multiply(BigInteger.valueOf(shards))
                                .divide(MAX.add(BigInteger.ONE))
                                .intValue();
                byShard.computeIfAbsent(shard, k -> new ArrayList<>()).add(e);
                if (ticker != null) {
                    putTimesNanos.add(ticker.nanos);
                }
                results.add(
                        PutRecordsResultEntry.builder()
                                .shardId(id(shard))
                                .sequenceNumber("1")
                                .build());
            }
            return PutRecordsResponse.builder().records(results).failedRecordCount(failed).build();
        }

        @Override
        public String serviceName() {
            return "kinesis";
        }

        @Override
        public void close() {}
    }
}
