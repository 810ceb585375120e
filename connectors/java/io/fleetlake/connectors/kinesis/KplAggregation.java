package io.fleetlake.connectors.kinesis;

import com.amazonaws.services.kinesis.clientlibrary.types.Messages;
import com.google.protobuf.InvalidProtocolBufferException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Facts about the KPL aggregation format (magic {@code F3 89 9A C2}, a protobuf {@code
 * AggregatedRecord}, then the MD5 of that protobuf) that the source and the writer share.
 *
 * <p>Kinesis consumers (KCL, Flink's) pass a record whose magic matches but whose checksum or
 * protobuf does not through as one plain record: {@link #describe} explains what is wrong with such
 * bytes.
 */
public final class KplAggregation {
    /** The four bytes every KPL-aggregated record starts with. */
    private static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};

    private static final int DIGEST_BYTES = 16;

    private KplAggregation() {}

    /** True when the bytes start with the KPL aggregation magic. */
    public static boolean hasMagic(byte[] data) {
        if (data == null || data.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (data[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Why bytes that start with the KPL magic were not (or could not be) de-aggregated.
     *
     * @return null when the bytes do not start with the magic, else a one-line description
     */
    public static String describe(byte[] data) {
        if (!hasMagic(data)) {
            return null;
        }
        if (data.length < MAGIC.length + DIGEST_BYTES) {
            return "truncated KPL aggregate: "
                    + data.length
                    + " bytes, shorter than magic and checksum";
        }
        byte[] body = Arrays.copyOfRange(data, MAGIC.length, data.length - DIGEST_BYTES);
        byte[] digest = Arrays.copyOfRange(data, data.length - DIGEST_BYTES, data.length);
        if (!Arrays.equals(md5(body), digest)) {
            return "KPL aggregate checksum mismatch ("
                    + data.length
                    + " bytes): truncated or damaged";
        }
        try {
            Messages.AggregatedRecord agg = Messages.AggregatedRecord.parseFrom(body);
            return "intact KPL aggregate of "
                    + agg.getRecordsCount()
                    + " user records that was not de-aggregated";
        } catch (InvalidProtocolBufferException e) {
            return "KPL aggregate with a valid checksum but an unreadable body: " + e.getMessage();
        }
    }

    /** The Kinesis hash key of a partition key: MD5 as an unsigned 128-bit integer. */
    public static BigInteger hashKey(String partitionKey) {
        return new BigInteger(1, md5(partitionKey.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] md5(byte[] bytes) {
        try {
            return MessageDigest.getInstance("MD5").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no MD5", e);
        }
    }
}
