package io.fleetlake.job.alerts;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Keyed state of the event-time evaluation: one device's inputs that wait for the watermark, in
 * event-time order (equal times in arrival order), kept as columns of primitive arrays.
 *
 * <p>Why columns and not a list of {@link AlertInput}s: the heap state backend copies a state value
 * on its first access after a checkpoint began (copy-on-write) and serializes every value on each
 * checkpoint. When one file reader is hours of event time ahead of the other (a backfill of
 * time-sliced files at parallelism 2), hundreds of thousands of inputs wait, and a list of POJOs
 * with two maps each was copied object by object and written field by field every checkpoint; here
 * the same copy is a few array copies. Only what the rules read is kept: the position, the speed,
 * the measures named by temperature rules and the registry attributes named by threshold rules
 * ({@link #measureNames}, {@link #attributeNames}, stored with the values so a restore with other
 * rules still reads them).
 *
 * <p>A POJO with public fields (its type is declared by {@link PendingInputsTypeInfoFactory}):
 * entries are {@code [head, size)} of the arrays; the rest is spare capacity.
 */
@TypeInfo(PendingInputsTypeInfoFactory.class)
public class PendingInputs {
    static final int SPEED = 1;
    static final int POSITION = 2;
    static final int FIRST_MEASURE_BIT = 2;

    /** At most this many distinct measures fit the presence bits of {@link #flags}. */
    static final int MAX_MEASURES = 30;

    private static final int INITIAL_CAPACITY = 4;

    public String[] measureNames;
    public String[] attributeNames;
    public int head;
    public int size;
    public long[] times;

    /** Bit 0 speed present, bit 1 position present, bit 2 + m measure m present. */
    public int[] flags;

    public double[] speed;
    public double[] lat;
    public double[] lon;
    public String[] thingNames;

    /** {@code [measure][entry]}. */
    public double[][] measures;

    /** {@code [attribute][entry]}, null where the input had none. */
    public String[][] attributes;

    /**
     * The event time of the timer registered for the earliest entry and not yet fired; {@code
     * Long.MIN_VALUE}: none.
     */
    public long timer = Long.MIN_VALUE;

    public PendingInputs() {}

    /** An empty buffer keeping the measures and attributes named. */
    static PendingInputs create(String[] measureNames, String[] attributeNames) {
        if (measureNames.length > MAX_MEASURES) {
            throw new IllegalArgumentException(
                    "alert rules name "
                            + measureNames.length
                            + " measures; at most "
                            + MAX_MEASURES);
        }
        PendingInputs p = new PendingInputs();
        p.measureNames = measureNames;
        p.attributeNames = attributeNames;
        p.allocate(INITIAL_CAPACITY);
        return p;
    }

    /** True when it keeps exactly these measures and attributes. */
    boolean keeps(String[] measureNames, String[] attributeNames) {
        return Arrays.equals(this.measureNames, measureNames)
                && Arrays.equals(this.attributeNames, attributeNames);
    }

    boolean isEmpty() {
        return head == size;
    }

    int count() {
        return size - head;
    }

    /** Event time of the earliest entry; only when not empty. */
    long headTime() {
        return times[head];
    }

    /** Adds an input after every entry at or before its time. */
    void add(AlertInput in) {
        if (size == times.length) {
            makeRoom();
        }
        int at = size;
        while (at > head && times[at - 1] > in.eventTime) {
            at--;
        }
        if (at < size) {
            shift(at);
        }
        size++;
        times[at] = in.eventTime;
        int f = 0;
        if (in.speed != null) {
            f |= SPEED;
            speed[at] = in.speed;
        }
        if (in.lat != null && in.lon != null) {
            f |= POSITION;
            lat[at] = in.lat;
            lon[at] = in.lon;
        }
        for (int m = 0; m < measureNames.length; m++) {
            Double v = in.measures == null ? null : in.measures.get(measureNames[m]);
            if (v != null) {
                f |= 1 << (FIRST_MEASURE_BIT + m);
                measures[m][at] = v;
            }
        }
        for (int a = 0; a < attributeNames.length; a++) {
            attributes[a][at] = in.attributes == null ? null : in.attributes.get(attributeNames[a]);
        }
        flags[at] = f;
        thingNames[at] = in.thingName;
    }

    /** Removes the earliest entry and returns it as an input of device {@code deviceId}. */
    AlertInput poll(String deviceId) {
        int i = head;
        AlertInput in = new AlertInput();
        in.deviceId = deviceId;
        in.eventTime = times[i];
        in.thingName = thingNames[i];
        int f = flags[i];
        if ((f & SPEED) != 0) {
            in.speed = speed[i];
        }
        if ((f & POSITION) != 0) {
            in.lat = lat[i];
            in.lon = lon[i];
        }
        Map<String, Double> ms = new HashMap<>(4);
        for (int m = 0; m < measureNames.length; m++) {
            if ((f & (1 << (FIRST_MEASURE_BIT + m))) != 0) {
                ms.put(measureNames[m], measures[m][i]);
            }
        }
        in.measures = ms;
        Map<String, String> as = new HashMap<>(4);
        for (int a = 0; a < attributeNames.length; a++) {
            if (attributes[a][i] != null) {
                as.put(attributeNames[a], attributes[a][i]);
                attributes[a][i] = null;
            }
        }
        in.attributes = as;
        thingNames[i] = null;
        head++;
        if (head == size) {
            head = 0;
            size = 0;
            if (times.length > INITIAL_CAPACITY) {
                // Drained: give the memory back (and keep checkpoints of idle devices small).
                allocate(INITIAL_CAPACITY);
            }
        }
        return in;
    }

    private void allocate(int capacity) {
        times = new long[capacity];
        flags = new int[capacity];
        speed = new double[capacity];
        lat = new double[capacity];
        lon = new double[capacity];
        thingNames = new String[capacity];
        measures = new double[measureNames.length][capacity];
        attributes = new String[attributeNames.length][capacity];
    }

    /** Moves the entries to the front, growing the arrays when more than half are in use. */
    private void makeRoom() {
        int n = count();
        int capacity =
                n * 2 > times.length ? Math.max(INITIAL_CAPACITY, times.length * 2) : times.length;
        times = moved(times, n, capacity);
        flags = moved(flags, n, capacity);
        speed = moved(speed, n, capacity);
        lat = moved(lat, n, capacity);
        lon = moved(lon, n, capacity);
        thingNames = moved(thingNames, n, capacity);
        for (int m = 0; m < measures.length; m++) {
            measures[m] = moved(measures[m], n, capacity);
        }
        for (int a = 0; a < attributes.length; a++) {
            attributes[a] = moved(attributes[a], n, capacity);
        }
        head = 0;
        size = n;
    }

    /** Opens a slot at {@code at} (size < capacity). */
    private void shift(int at) {
        int n = size - at;
        System.arraycopy(times, at, times, at + 1, n);
        System.arraycopy(flags, at, flags, at + 1, n);
        System.arraycopy(speed, at, speed, at + 1, n);
        System.arraycopy(lat, at, lat, at + 1, n);
        System.arraycopy(lon, at, lon, at + 1, n);
        System.arraycopy(thingNames, at, thingNames, at + 1, n);
        for (double[] m : measures) {
            System.arraycopy(m, at, m, at + 1, n);
        }
        for (String[] a : attributes) {
            System.arraycopy(a, at, a, at + 1, n);
        }
    }

    private long[] moved(long[] a, int n, int capacity) {
        long[] b = capacity == a.length && head == 0 ? a : new long[capacity];
        System.arraycopy(a, head, b, 0, n);
        return b;
    }

    private int[] moved(int[] a, int n, int capacity) {
        int[] b = capacity == a.length && head == 0 ? a : new int[capacity];
        System.arraycopy(a, head, b, 0, n);
        return b;
    }

    private double[] moved(double[] a, int n, int capacity) {
        double[] b = capacity == a.length && head == 0 ? a : new double[capacity];
        System.arraycopy(a, head, b, 0, n);
        return b;
    }

    private String[] moved(String[] a, int n, int capacity) {
        String[] b = new String[capacity];
        System.arraycopy(a, head, b, 0, n);
        return b;
    }
}
