package io.fleetlake.connectors.kinesis;

import com.amazonaws.kinesis.agg.AggRecord;
import com.amazonaws.kinesis.agg.RecordAggregator;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Sends user records to a Kinesis stream the way the KPL does, without the KPL's native daemon:
 *
 * <ul>
 *   <li><b>Aggregation</b> (optional) with awslabs' {@code amazon-kinesis-aggregator}, one
 *       aggregate per shard at a time, at most {@link Limits#maxAggregateBytes} (the KPL's default
 *       50 KiB). Every user record of an aggregate gets the aggregate's explicit hash key, so
 *       however the shard map changes (a reshard between listing the shards and the put), all of
 *       them fall in the shard the aggregate lands in: consumers drop de-aggregated user records
 *       whose hash key lies outside the shard they read.
 *   <li><b>Per-shard limits</b>: a token bucket per open shard for Kinesis records (1000/s) and
 *       bytes (1 MiB/s), so the writer waits instead of being throttled.
 *   <li><b>Retries</b>: {@code PutRecords} entries that fail (throttling, internal errors) are sent
 *       again, in order within their shard, with exponential backoff and jitter; a failed request
 *       likewise.
 *   <li><b>Reshards</b>: a put that lands on another shard than predicted triggers a new shard
 *       listing.
 * </ul>
 *
 * Not thread-safe: one producing thread calls {@link #add}, {@link #flushIfDue} and {@link #flush}.
 */
public final class KinesisStreamWriter implements AutoCloseable {

    /**
     * Throughput limits and batching; {@link #DEFAULT} are Kinesis' per-shard quotas and the KPL
     * defaults.
     */
    public static final class Limits {
        public static final Limits DEFAULT = new Limits(1000, 1024 * 1024, 51_200, 100, 30);

        final double recordsPerShardPerSecond;
        final double bytesPerShardPerSecond;
        final int maxAggregateBytes;
        final long lingerMillis;
        final int maxAttempts;

        /**
         * @param recordsPerShardPerSecond Kinesis records (aggregates count once) per shard and
         *     second
         * @param bytesPerShardPerSecond bytes (data + partition key) per shard and second
         * @param maxAggregateBytes size at which an aggregate is closed
         * @param lingerMillis longest a user record waits in a buffer before {@link #flushIfDue}
         *     sends it
         * @param maxAttempts attempts per entry before the writer gives up
         */
        public Limits(
                double recordsPerShardPerSecond,
                double bytesPerShardPerSecond,
                int maxAggregateBytes,
                long lingerMillis,
                int maxAttempts) {
            this.recordsPerShardPerSecond = recordsPerShardPerSecond;
            this.bytesPerShardPerSecond = bytesPerShardPerSecond;
            this.maxAggregateBytes = maxAggregateBytes;
            this.lingerMillis = lingerMillis;
            this.maxAttempts = maxAttempts;
        }
    }

    /** Counts of what was sent. */
    public static final class Stats {
        /** User records accepted and sent. */
        public long userRecords;

        /** Kinesis records written (an aggregate counts once). */
        public long kinesisRecords;

        /** Of those, KPL aggregates of more than one user record. */
        public long aggregates;

        /** Bytes written (data and partition keys). */
        public long bytes;

        /** PutRecords calls. */
        public long putRequests;

        /** Entries sent again after a failure. */
        public long retriedEntries;

        /** Time spent waiting for a shard's quota, milliseconds. */
        public long throttledMillis;

        /** Shards written to, by shard id: Kinesis records. */
        public final Map<String, Long> recordsByShard = new LinkedHashMap<>();
    }

    /** Time, and waiting; replaced in tests. */
    interface Ticker {
        long nanoTime();

        void sleepMillis(long millis) throws InterruptedException;

        Ticker SYSTEM =
                new Ticker() {
                    @Override
                    public long nanoTime() {
                        return System.nanoTime();
                    }

                    @Override
                    public void sleepMillis(long millis) throws InterruptedException {
                        Thread.sleep(millis);
                    }
                };
    }

    private static final int MAX_BATCH_ENTRIES = 500;
    private static final long MAX_BATCH_BYTES = 5L * 1024 * 1024;
    private static final long INITIAL_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final KinesisClient client;
    private final String stream;
    private final boolean aggregate;
    private final Limits limits;
    private final Ticker ticker;
    private final Stats stats = new Stats();

    private List<ShardSlot> shards;
    private boolean shardMapStale = true;
    private long firstBufferedNanos = -1;

    KinesisStreamWriter(KinesisClient client, String stream, boolean aggregate, Limits limits) {
        this(client, stream, aggregate, limits, Ticker.SYSTEM);
    }

    KinesisStreamWriter(
            KinesisClient client, String stream, boolean aggregate, Limits limits, Ticker ticker) {
        this.client = client;
        this.stream = stream;
        this.aggregate = aggregate;
        this.limits = limits;
        this.ticker = ticker;
    }

    /** What was sent so far. */
    public Stats stats() {
        return stats;
    }

    /** The open shards the writer currently routes to (listing them if needed). */
    public int openShards() {
        ensureShardMap();
        return shards.size();
    }

    /** Buffers one user record; it is sent by a later {@link #flushIfDue} or {@link #flush}. */
    public void add(String partitionKey, byte[] data) throws InterruptedException {
        if (partitionKey == null || partitionKey.isEmpty() || partitionKey.length() > 256) {
            throw new IllegalArgumentException("partition key must be 1..256 characters");
        }
        ensureShardMap();
        BigInteger hash = KplAggregation.hashKey(partitionKey);
        ShardSlot shard = shardFor(hash);
        if (firstBufferedNanos < 0) {
            firstBufferedNanos = ticker.nanoTime();
        }
        stats.userRecords++;
        if (!aggregate) {
            shard.pending.add(new Entry(partitionKey, null, data, 1));
            return;
        }
        int userRecordBytes = partitionKey.length() + data.length + 32;
        if (shard.aggregator.getNumUserRecords() > 0
                && shard.aggregator.getSizeBytes() + userRecordBytes > limits.maxAggregateBytes) {
            shard.closeAggregate();
        }
        if (shard.aggregator.getNumUserRecords() == 0) {
            shard.aggregateHashKey = hash.toString();
            shard.firstPartitionKey = partitionKey;
            shard.firstData = data;
        }
        AggRecord full;
        try {
            full = shard.aggregator.addUserRecord(partitionKey, shard.aggregateHashKey, data);
        } catch (Exception e) {
            throw new IllegalArgumentException(
                    "user record cannot be aggregated: " + e.getMessage(), e);
        }
        if (full != null) {
            // The aggregator closed a full aggregate and started a new one with this record.
            shard.pending.add(Entry.of(full));
            shard.firstPartitionKey = partitionKey;
            shard.firstData = data;
        }
    }

    /**
     * Sends everything buffered when the oldest buffered record has waited {@link
     * Limits#lingerMillis}.
     */
    public void flushIfDue() throws InterruptedException {
        if (firstBufferedNanos >= 0
                && (ticker.nanoTime() - firstBufferedNanos) / 1_000_000 >= limits.lingerMillis) {
            flush();
        }
    }

    /** Sends everything buffered; returns when all of it is written. */
    public void flush() throws InterruptedException {
        if (shards == null) {
            return;
        }
        for (ShardSlot s : shards) {
            s.closeAggregate();
        }
        ensureShardMap();
        int failedRounds = 0;
        while (hasPending()) {
            List<Entry> batch = takeBatch();
            if (batch.isEmpty()) {
                long wait = Math.max(1, millisUntilAnyShardCanSend());
                stats.throttledMillis += wait;
                ticker.sleepMillis(wait);
                continue;
            }
            List<Entry> failed = put(batch);
            if (failed.isEmpty()) {
                failedRounds = 0;
                continue;
            }
            stats.retriedEntries += failed.size();
            // Back to the heads of their shards' queues, in their original order.
            for (int i = failed.size() - 1; i >= 0; i--) {
                Entry e = failed.get(i);
                if (++e.attempts >= limits.maxAttempts) {
                    throw new IllegalStateException(
                            "Kinesis stream "
                                    + stream
                                    + ": a record failed "
                                    + e.attempts
                                    + " times, last: "
                                    + e.lastError);
                }
                e.shard.pending.addFirst(e);
            }
            failedRounds++;
            long cap =
                    Math.min(
                            MAX_BACKOFF_MILLIS,
                            INITIAL_BACKOFF_MILLIS << Math.min(failedRounds - 1, 10));
            ticker.sleepMillis(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
        }
        firstBufferedNanos = -1;
    }

    @Override
    public void close() throws InterruptedException {
        flush();
    }

    private boolean hasPending() {
        for (ShardSlot s : shards) {
            if (!s.pending.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Takes what the shards' quotas allow now, round robin over shards, within one PutRecords'
     * limits.
     */
    private List<Entry> takeBatch() {
        List<Entry> batch = new ArrayList<>();
        long batchBytes = 0;
        boolean progress = true;
        while (progress && batch.size() < MAX_BATCH_ENTRIES) {
            progress = false;
            for (ShardSlot s : shards) {
                Entry e = s.pending.peekFirst();
                if (e == null
                        || batch.size() >= MAX_BATCH_ENTRIES
                        || batchBytes + e.size() > MAX_BATCH_BYTES) {
                    continue;
                }
                if (!s.tryAcquire(e.size())) {
                    continue;
                }
                s.pending.removeFirst();
                e.shard = s;
                batch.add(e);
                batchBytes += e.size();
                progress = true;
            }
        }
        return batch;
    }

    private long millisUntilAnyShardCanSend() {
        long best = Long.MAX_VALUE;
        for (ShardSlot s : shards) {
            Entry e = s.pending.peekFirst();
            if (e != null) {
                best = Math.min(best, s.millisUntil(e.size()));
            }
        }
        return best == Long.MAX_VALUE ? 1 : best;
    }

    /** One PutRecords call; returns the entries to send again. */
    private List<Entry> put(List<Entry> batch) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>(batch.size());
        for (Entry e : batch) {
            PutRecordsRequestEntry.Builder b =
                    PutRecordsRequestEntry.builder()
                            .partitionKey(e.partitionKey)
                            .data(SdkBytes.fromByteArray(e.data));
            if (e.explicitHashKey != null) {
                b.explicitHashKey(e.explicitHashKey);
            }
            entries.add(b.build());
        }
        stats.putRequests++;
        PutRecordsResponse response;
        try {
            response =
                    client.putRecords(
                            PutRecordsRequest.builder()
                                    .streamName(stream)
                                    .records(entries)
                                    .build());
        } catch (SdkException ex) {
            // The SDK already retried; back off and try the whole batch again (counted per entry).
            for (Entry e : batch) {
                e.lastError = ex.toString();
            }
            return new ArrayList<>(batch);
        }
        List<Entry> failed = new ArrayList<>();
        List<PutRecordsResultEntry> results = response.records();
        for (int i = 0; i < batch.size(); i++) {
            Entry e = batch.get(i);
            PutRecordsResultEntry r = results.get(i);
            if (r.errorCode() != null) {
                e.lastError = r.errorCode() + ": " + r.errorMessage();
                failed.add(e);
                continue;
            }
            stats.kinesisRecords++;
            stats.bytes += e.size();
            if (e.userRecords > 1) {
                stats.aggregates++;
            }
            stats.recordsByShard.merge(r.shardId(), 1L, Long::sum);
            if (!r.shardId().equals(e.shard.shardId)) {
                // Our shard map is out of date (a reshard): list the shards again before the next
                // batch.
                shardMapStale = true;
            }
        }
        return failed;
    }

    private void ensureShardMap() {
        if (shards != null && !shardMapStale) {
            return;
        }
        List<ShardSlot> open = new ArrayList<>();
        String token = null;
        do {
            ListShardsRequest req =
                    token == null
                            ? ListShardsRequest.builder().streamName(stream).build()
                            : ListShardsRequest.builder().nextToken(token).build();
            ListShardsResponse resp = client.listShards(req);
            for (Shard s : resp.shards()) {
                if (s.sequenceNumberRange() == null
                        || s.sequenceNumberRange().endingSequenceNumber() == null) {
                    open.add(
                            new ShardSlot(
                                    s.shardId(),
                                    new BigInteger(s.hashKeyRange().startingHashKey())));
                }
            }
            token = resp.nextToken();
        } while (token != null);
        if (open.isEmpty()) {
            throw new IllegalStateException("Kinesis stream " + stream + " has no open shard");
        }
        open.sort(Comparator.comparing(s -> s.start));
        if (shards != null) {
            // Keep buffered aggregates of shards that are still open; re-route the others' pending
            // records.
            Map<String, ShardSlot> old = new LinkedHashMap<>();
            for (ShardSlot s : shards) {
                old.put(s.shardId, s);
            }
            List<Entry> carry = new ArrayList<>();
            for (ShardSlot s : shards) {
                s.closeAggregate();
                carry.addAll(s.pending);
            }
            shards = open;
            for (Entry e : carry) {
                shardFor(e.hashKey()).pending.add(e);
            }
        } else {
            shards = open;
        }
        shardMapStale = false;
    }

    private ShardSlot shardFor(BigInteger hash) {
        ShardSlot found = shards.get(0);
        for (ShardSlot s : shards) {
            if (s.start.compareTo(hash) <= 0) {
                found = s;
            } else {
                break;
            }
        }
        return found;
    }

    /** A record to put: one user record, or a KPL aggregate of several. */
    private static final class Entry {
        final String partitionKey;
        final String explicitHashKey;
        final byte[] data;
        final int userRecords;
        ShardSlot shard;
        int attempts;
        String lastError;

        Entry(String partitionKey, String explicitHashKey, byte[] data, int userRecords) {
            this.partitionKey = partitionKey;
            this.explicitHashKey = explicitHashKey;
            this.data = data;
            this.userRecords = userRecords;
        }

        static Entry of(AggRecord agg) {
            return new Entry(
                    agg.getPartitionKey(),
                    agg.getExplicitHashKey(),
                    agg.toRecordBytes(),
                    agg.getNumUserRecords());
        }

        long size() {
            return data.length + partitionKey.length();
        }

        BigInteger hashKey() {
            return explicitHashKey != null
                    ? new BigInteger(explicitHashKey)
                    : KplAggregation.hashKey(partitionKey);
        }
    }

    /**
     * One open shard: its hash range, quota buckets, aggregate in progress and records waiting to
     * be put.
     */
    private final class ShardSlot {
        final String shardId;
        final BigInteger start;
        final Deque<Entry> pending = new ArrayDeque<>();
        final RecordAggregator aggregator = new RecordAggregator();
        String aggregateHashKey;
        String firstPartitionKey;
        byte[] firstData;
        double recordTokens;
        double byteTokens;
        long refilledNanos;

        ShardSlot(String shardId, BigInteger start) {
            this.shardId = shardId;
            this.start = start;
            this.recordTokens = limits.recordsPerShardPerSecond;
            this.byteTokens = limits.bytesPerShardPerSecond;
            this.refilledNanos = ticker.nanoTime();
        }

        void closeAggregate() {
            if (aggregator.getNumUserRecords() == 0) {
                return;
            }
            AggRecord agg = aggregator.clearAndGet();
            if (agg.getNumUserRecords() == 1) {
                // As the KPL does: a lone user record goes out plain (aggregation would only add
                // bytes).
                pending.add(new Entry(firstPartitionKey, null, firstData, 1));
            } else {
                pending.add(Entry.of(agg));
            }
            firstPartitionKey = null;
            firstData = null;
        }

        private void refill() {
            long now = ticker.nanoTime();
            double seconds = (now - refilledNanos) / 1e9;
            refilledNanos = now;
            recordTokens =
                    Math.min(
                            limits.recordsPerShardPerSecond,
                            recordTokens + seconds * limits.recordsPerShardPerSecond);
            byteTokens =
                    Math.min(
                            limits.bytesPerShardPerSecond,
                            byteTokens + seconds * limits.bytesPerShardPerSecond);
        }

        boolean tryAcquire(long bytes) {
            refill();
            // A record larger than a full bucket may go once the bucket is full (Kinesis allows a 1
            // MiB record).
            double needBytes = Math.min(bytes, limits.bytesPerShardPerSecond);
            if (recordTokens >= 1 && byteTokens >= needBytes) {
                recordTokens -= 1;
                byteTokens -= bytes;
                return true;
            }
            return false;
        }

        long millisUntil(long bytes) {
            refill();
            double needBytes = Math.min(bytes, limits.bytesPerShardPerSecond);
            double recordWait =
                    recordTokens >= 1 ? 0 : (1 - recordTokens) / limits.recordsPerShardPerSecond;
            double byteWait =
                    byteTokens >= needBytes
                            ? 0
                            : (needBytes - byteTokens) / limits.bytesPerShardPerSecond;
            return (long) Math.ceil(Math.max(recordWait, byteWait) * 1000);
        }
    }
}
