package io.fleetlake.connectors.lake;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a bounded backfill idempotent: running the same input again replaces the rows the previous
 * run of that input wrote, instead of adding them a second time.
 *
 * <p>A run writes into the input's staging folder outside every table's location ({@code
 * <lake>/_backfill/<input-id>/staging/<table>/<partition>/}), with FileSink's usual exactly-once
 * commits. Only when every table's committer has committed the end of the input ({@link
 * BackfillPublisher}, part of the job, so a detached cluster submission publishes too) does {@link
 * #publish()} move the files into the tables, partition by partition, and right after each
 * partition's move delete the files the previous published run of the same input had put there.
 * Which files those are is recorded in a manifest per published run, so files not written by a
 * backfill of this input (streamed data, other inputs' backfills) are never touched, even in
 * partitions they share.
 *
 * <p><b>Runs and restores.</b> Nothing here is decided by {@code main()}: the graph is the same for
 * every run and every restore of an input (staging folder and file prefix depend only on the
 * input), so a job restored from a savepoint or checkpoint, at any parallelism, keeps writing the
 * files its restored state refers to. Which run owns the staging folder is decided at run time by
 * the source's split enumerator ({@link BackfillRunSource}), which knows whether it starts fresh or
 * restored and keeps the run id in its checkpoints:
 *
 * <ul>
 *   <li>a fresh start ({@link #begin}) finishes an interrupted publish of an earlier run, then
 *       empties the staging folder (an abandoned run's files) and records its new run id in {@code
 *       RUN}; it does all that before the first split is handed out, so before any file is written;
 *   <li>a restore ({@link #resume}) checks that {@code RUN} still names the restored run and keeps
 *       every staged file;
 *   <li>{@code RUN} is a lease: the running enumerator renews it every {@link #LEASE_RENEWAL}. A
 *       fresh start that finds a lease renewed less than {@link #LEASE_TIMEOUT} ago refuses to
 *       start (two concurrent runs of one input would destroy each other's staging); one that finds
 *       an expired lease takes the staging folder over, and the savepoints of that abandoned run
 *       can no longer be resumed (they are refused with a message naming both runs).
 * </ul>
 *
 * The input id is a hash of the input's path, so an input whose content changed also replaces its
 * earlier rows. Readers can see a partition's old and new files together (or neither) only for the
 * moment between the move and the delete of that partition; S3 has no multi-object transaction to
 * close that gap.
 */
public final class LakeBackfill implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LakeBackfill.class);

    /** Folder under the lake root with the backfills' staging areas and manifests (not a table). */
    public static final String BACKFILL_DIR = "_backfill";

    /** How often the running job renews its lease on the input's staging folder. */
    public static final Duration LEASE_RENEWAL = Duration.ofSeconds(10);

    /**
     * How long after its last renewal a lease still counts as held by a running job: a fresh start
     * of the same input is refused within it.
     */
    public static final Duration LEASE_TIMEOUT = Duration.ofSeconds(60);

    private static final String CURRENT = "CURRENT";
    private static final String RUN = "RUN";
    private static final String MANIFEST_SUFFIX = ".manifest";

    /**
     * Folder of the input where each lake committer subtask of a run leaves a marker once it has
     * committed ({@code _committed/<run>/<table>-<subtask>-of-<parallelism>}).
     */
    private static final String COMMITTED_DIR = "_committed";

    private static final Pattern MARKER = Pattern.compile("(.+)-(\\d+)-of-(\\d+)");

    private final String lakeRoot;
    private final String inputId;
    private final Path home;

    private LakeBackfill(String lakeRoot, String inputId) {
        this.lakeRoot = stripSlash(lakeRoot);
        this.inputId = inputId;
        this.home = new Path(this.lakeRoot + "/" + BACKFILL_DIR + "/" + inputId);
    }

    /**
     * The replacing backfill of {@code input} (a file or folder URI) into the lake at {@code
     * lakeRoot}. Depends only on its arguments: every run and restore of the input builds the same
     * one.
     */
    public static LakeBackfill forInput(String lakeRoot, String input) {
        return new LakeBackfill(lakeRoot, inputId(input));
    }

    /** Stable id of an input: the first 16 hex digits of the SHA-256 of its normalized path. */
    public static String inputId(String input) {
        String normalized =
                stripSlash(new Path(input).makeQualified(localIfNoScheme(input)).toString());
        try {
            byte[] d =
                    MessageDigest.getInstance("SHA-256")
                            .digest(normalized.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                sb.append(String.format(Locale.ROOT, "%02x", d[i]));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FileSystem localIfNoScheme(String input) {
        try {
            return new Path(input).getFileSystem();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot resolve " + input, e);
        }
    }

    /** Where the sinks of every run of this input write (a lake root of its own). */
    public String stagingRoot() {
        return home + "/staging";
    }

    /**
     * Data file prefix of this input's backfill files ({@code part-bf-<input>}): tells where a file
     * came from. FileSink makes the rest of the name unique (a random id per writer subtask).
     */
    public String partPrefix() {
        return LakeSinkFactory.FILE_PREFIX + "-bf-" + inputId;
    }

    public String inputId() {
        return inputId;
    }

    /**
     * Starts a new run of this input (the enumerator of a fresh, not restored, job): refuses when
     * another run holds a live lease, finishes an interrupted publish of an earlier run, empties
     * the staging folder and takes the lease.
     *
     * @param previousAttempt the run this same job started before a failover that restored no
     *     checkpoint (its lease is this job's own), or null
     * @return the new run's id
     * @throws IllegalStateException when another run of the input is running
     */
    public String begin(String previousAttempt) throws IOException {
        FileSystem fs = home.getFileSystem();
        String current = readCurrent(fs);
        Path lease = new Path(home, RUN);
        String holder = readRun(fs);
        if (holder != null && !holder.equals(current) && !holder.equals(previousAttempt)) {
            long age = System.currentTimeMillis() - fs.getFileStatus(lease).getModificationTime();
            if (age < LEASE_TIMEOUT.toMillis()) {
                throw new IllegalStateException(
                        "Backfill input "
                                + inputId
                                + " is being written by another run ("
                                + holder
                                + ", lease "
                                + home
                                + "/"
                                + RUN
                                + " renewed "
                                + age / 1000
                                + " s ago): a second run would destroy its staged files. Let it"
                                + " finish, or stop it and resume it from its savepoint; a new run"
                                + " of the input can start "
                                + LEASE_TIMEOUT.getSeconds()
                                + " s after the other one stopped.");
            }
            LOG.warn(
                    "Backfill run {} of input {} stopped without publishing (lease expired {} s"
                            + " ago): a new run replaces it, and its savepoints can no longer be"
                            + " resumed",
                    holder,
                    inputId,
                    (age - LEASE_TIMEOUT.toMillis()) / 1000);
        }
        recoverInterruptedPublish(fs, current);
        Path staging = new Path(stagingRoot());
        if (fs.exists(staging)) {
            fs.delete(staging, true);
        }
        Path committed = new Path(home, COMMITTED_DIR);
        if (fs.exists(committed)) {
            fs.delete(committed, true);
        }
        String run = newRunId();
        writeAtomically(fs, lease, run + "\n");
        LOG.info("Backfill run {} of input {} started; staging {}", run, inputId, staging);
        return run;
    }

    /**
     * Continues {@code run} after a restore (from a savepoint or checkpoint, at any parallelism):
     * its staged files stay, and its lease is renewed.
     *
     * @throws IllegalStateException when the input's staging folder now belongs to another run, or
     *     the run is already published (the savepoint is older than its end)
     */
    public void resume(String run) throws IOException {
        FileSystem fs = home.getFileSystem();
        String holder = readRun(fs);
        if (run.equals(readCurrent(fs))) {
            throw new IllegalStateException(
                    "Backfill run "
                            + run
                            + " of input "
                            + inputId
                            + " is already published: this savepoint or checkpoint is older than"
                            + " the run's end. Start the backfill without it to replace the rows.");
        }
        if (!run.equals(holder)) {
            throw new IllegalStateException(
                    "Backfill run "
                            + run
                            + " of input "
                            + inputId
                            + " cannot be resumed: the input's staging folder now belongs to "
                            + (holder == null ? "no run" : "run " + holder)
                            + " (a later run of the input took it over). Start the backfill"
                            + " without the savepoint.");
        }
        renew(run);
        LOG.info("Backfill run {} of input {} resumed; staged files kept", run, inputId);
    }

    /**
     * Renews {@code run}'s lease.
     *
     * @throws IllegalStateException when the lease is held by another run
     */
    public void renew(String run) throws IOException {
        FileSystem fs = home.getFileSystem();
        String holder = readRun(fs);
        if (holder != null && !holder.equals(run)) {
            throw new IllegalStateException(
                    "Backfill run "
                            + run
                            + " of input "
                            + inputId
                            + " lost its staging folder to run "
                            + holder);
        }
        // Readers (publishers, markers) must never see the lease missing or empty: write aside and
        // rename over it (replaces on a local file system); where a rename does not replace (S3),
        // an overwriting PUT is atomic by itself.
        Path lease = new Path(home, RUN);
        Path tmp = new Path(home, "." + RUN + "." + ThreadLocalRandom.current().nextInt(1 << 30));
        try (OutputStream out = fs.create(tmp, FileSystem.WriteMode.OVERWRITE)) {
            out.write((run + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (!fs.rename(tmp, lease)) {
            fs.delete(tmp, false);
            try (OutputStream out = fs.create(lease, FileSystem.WriteMode.OVERWRITE)) {
                out.write((run + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** The run that holds the input's staging folder, or null. */
    public String currentRun() throws IOException {
        return readRun(home.getFileSystem());
    }

    private static String newRunId() {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT)
                        .withZone(ZoneOffset.UTC)
                        .format(java.time.Instant.now())
                + String.format(Locale.ROOT, "%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }

    /**
     * A manifest other than CURRENT's is a publish that did not finish: finish the latest such (run
     * ids sort by time); publishing it removes every other manifest.
     */
    private void recoverInterruptedPublish(FileSystem fs, String current) throws IOException {
        String interrupted = null;
        for (String manifestRun : manifestRuns(fs)) {
            if (!manifestRun.equals(current)
                    && (interrupted == null || manifestRun.compareTo(interrupted) > 0)) {
                interrupted = manifestRun;
            }
        }
        if (interrupted != null) {
            LOG.info(
                    "Finishing the interrupted publish of backfill run {} of input {}",
                    interrupted,
                    inputId);
            publishRun(fs, interrupted, readManifest(fs, interrupted));
        }
    }

    /** What {@link #publish()} did. */
    public static final class Published {
        public final int files;
        public final int partitions;
        public final int replacedFiles;

        Published(int files, int partitions, int replacedFiles) {
            this.files = files;
            this.partitions = partitions;
            this.replacedFiles = replacedFiles;
        }

        @Override
        public String toString() {
            return files
                    + " files in "
                    + partitions
                    + " partitions published, "
                    + replacedFiles
                    + " files of the previous run of this input removed";
        }
    }

    /**
     * Moves the staged files of the run holding the lease into the lake, replacing the previous
     * run's. Can be repeated: once the run's manifest is written, a repeat (a restarted publisher)
     * finishes the same files; once published (or with no run holding the lease), it changes
     * nothing.
     */
    public Published publish() throws IOException {
        FileSystem fs = home.getFileSystem();
        String runId = readRun(fs);
        if (runId == null || runId.equals(readCurrent(fs))) {
            return new Published(0, 0, 0);
        }
        Path manifest = new Path(home, runId + MANIFEST_SUFFIX);
        List<String> files;
        if (fs.exists(manifest)) {
            // An interrupted publish of this very run: some files are moved already, the manifest
            // has them all.
            files = readManifest(fs, runId);
        } else {
            files = new ArrayList<>();
            Path staging = new Path(stagingRoot());
            if (fs.exists(staging)) {
                listDataFiles(fs, staging, "", files);
            }
            if (fs.exists(manifest)) {
                // Another subtask's publish of this run wrote it meanwhile (and may have moved
                // files since our listing): its manifest is complete, ours might not be. Files move
                // only after a manifest exists, so a listing made before any manifest existed is
                // complete too, and both are the same.
                files = readManifest(fs, runId);
            } else {
                // The manifest first: from here on, a crash is finished by the next begin() with
                // exactly these files.
                writeAtomically(fs, manifest, String.join("\n", files) + "\n");
            }
        }
        return publishRun(fs, runId, files);
    }

    /** Whether no run of this input is waiting to be published (none started, or published). */
    public boolean isPublished() throws IOException {
        FileSystem fs = home.getFileSystem();
        String run = readRun(fs);
        return run == null || run.equals(readCurrent(fs));
    }

    /** The published run of this input (its files are the input's rows in the lake), or null. */
    public String publishedRun() throws IOException {
        return readCurrent(home.getFileSystem());
    }

    /**
     * Records that subtask {@code subtask} of {@code parallelism} of {@code table}'s committer has
     * committed every file of the run holding the lease (an empty marker file; writing it again is
     * harmless). Does nothing once the run is published.
     */
    public void markCommitted(String table, int subtask, int parallelism) throws IOException {
        FileSystem fs = home.getFileSystem();
        String run = readRun(fs);
        if (run == null || run.equals(readCurrent(fs))) {
            return;
        }
        Path marker = new Path(markers(run), table + "-" + subtask + "-of-" + parallelism);
        fs.mkdirs(marker.getParent());
        try (OutputStream out = fs.create(marker, FileSystem.WriteMode.OVERWRITE)) {
            out.flush();
        }
    }

    /**
     * Removes {@code table}'s markers of other parallelisms than {@code parallelism}: called when
     * that table's committer starts (again), after a restore at another parallelism those say
     * nothing about what the restored subtasks have left to commit.
     */
    public void forgetOtherParallelisms(String table, int parallelism) throws IOException {
        FileSystem fs = home.getFileSystem();
        String run = readRun(fs);
        if (run == null) {
            return;
        }
        Path dir = markers(run);
        if (!fs.exists(dir)) {
            return;
        }
        for (FileStatus s : fs.listStatus(dir)) {
            Matcher m = MARKER.matcher(s.getPath().getName());
            if (m.matches()
                    && m.group(1).equals(table)
                    && Integer.parseInt(m.group(3)) != parallelism) {
                fs.delete(s.getPath(), false);
            }
        }
    }

    /**
     * Whether, for each of {@code tables}, every subtask of its committer (at one parallelism) has
     * {@linkplain #markCommitted marked} for the run holding the lease.
     */
    public boolean allCommitted(List<String> tables) throws IOException {
        FileSystem fs = home.getFileSystem();
        String run = readRun(fs);
        if (run == null) {
            return false;
        }
        Path dir = markers(run);
        // table -> parallelism -> subtasks marked
        Map<String, Map<Integer, Set<Integer>>> seen = new LinkedHashMap<>();
        if (fs.exists(dir)) {
            for (FileStatus s : fs.listStatus(dir)) {
                Matcher m = MARKER.matcher(s.getPath().getName());
                if (m.matches()) {
                    seen.computeIfAbsent(m.group(1), k -> new LinkedHashMap<>())
                            .computeIfAbsent(
                                    Integer.parseInt(m.group(3)), k -> new LinkedHashSet<>())
                            .add(Integer.parseInt(m.group(2)));
                }
            }
        }
        for (String table : tables) {
            boolean complete = false;
            for (Map.Entry<Integer, Set<Integer>> e :
                    seen.getOrDefault(table, Map.of()).entrySet()) {
                complete |= e.getValue().size() >= e.getKey();
            }
            if (!complete) {
                return false;
            }
        }
        return true;
    }

    private Path markers(String run) {
        return new Path(home + "/" + COMMITTED_DIR + "/" + run);
    }

    private Published publishRun(FileSystem fs, String run, List<String> files) throws IOException {
        Path staging = new Path(stagingRoot());
        // Files of earlier published runs of this input, by partition folder.
        Map<String, List<String>> old = new LinkedHashMap<>();
        for (String r : manifestRuns(fs)) {
            if (!r.equals(run)) {
                List<String> previous;
                try {
                    previous = readManifest(fs, r);
                } catch (java.io.FileNotFoundException e) {
                    continue; // removed by a concurrent publish of this run that has finished:
                    // nothing left to do
                }
                for (String f : previous) {
                    old.computeIfAbsent(parent(f), k -> new ArrayList<>()).add(f);
                }
            }
        }
        Set<String> newFiles = new LinkedHashSet<>(files);
        Map<String, List<String>> byPartition = new LinkedHashMap<>();
        for (String f : files) {
            byPartition.computeIfAbsent(parent(f), k -> new ArrayList<>()).add(f);
        }
        int replaced = 0;
        for (Map.Entry<String, List<String>> p : byPartition.entrySet()) {
            for (String f : p.getValue()) {
                Path target = new Path(lakeRoot + "/" + f);
                Path source = new Path(staging, f);
                if (fs.exists(target)) {
                    continue;
                }
                if (!fs.exists(source)) {
                    if (!fs.exists(target)) {
                        LOG.warn(
                                "Backfill file {} is neither staged nor published; skipping it", f);
                    }
                    continue;
                }
                fs.mkdirs(target.getParent());
                // A concurrent publish of the same run (two subtasks completing the set at once)
                // may move it first.
                if (!fs.rename(source, target) && !fs.exists(target)) {
                    throw new IOException("could not move " + source + " to " + target);
                }
            }
            replaced += deleteOld(fs, old.remove(p.getKey()), newFiles);
        }
        // Partitions the previous run had and this one has not.
        for (List<String> rest : old.values()) {
            replaced += deleteOld(fs, rest, newFiles);
        }
        writeAtomically(fs, new Path(home, CURRENT), run + "\n");
        for (String r : manifestRuns(fs)) {
            if (!r.equals(run)) {
                fs.delete(new Path(home, r + MANIFEST_SUFFIX), false);
            }
        }
        if (run.equals(readRun(fs))) {
            // Only the run holding the lease owns the staging folder: an interrupted publish of an
            // earlier run (finished by begin()) leaves it to begin().
            if (fs.exists(staging)) {
                fs.delete(staging, true);
            }
            Path committed = new Path(home, COMMITTED_DIR);
            if (fs.exists(committed)) {
                fs.delete(committed, true);
            }
            fs.delete(new Path(home, RUN), false);
        }
        Published result = new Published(files.size(), byPartition.size(), replaced);
        LOG.info("Backfill run {} of input {}: {}", run, inputId, result);
        return result;
    }

    private int deleteOld(FileSystem fs, List<String> oldFiles, Set<String> keep)
            throws IOException {
        int n = 0;
        if (oldFiles == null) {
            return 0;
        }
        for (String f : oldFiles) {
            if (!keep.contains(f) && fs.delete(new Path(lakeRoot + "/" + f), false)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Committed data files under a staging root, as paths relative to it ({@code
     * table/partition/file}).
     */
    private static void listDataFiles(FileSystem fs, Path dir, String rel, List<String> out)
            throws IOException {
        FileStatus[] entries = fs.listStatus(dir);
        if (entries == null) {
            return;
        }
        for (FileStatus s : entries) {
            String name = s.getPath().getName();
            if (name.startsWith(".") || name.startsWith("_")) {
                continue; // in-progress or not-yet-compacted files: not part of the committed
                // result
            }
            String childRel = rel.isEmpty() ? name : rel + "/" + name;
            if (s.isDir()) {
                listDataFiles(fs, s.getPath(), childRel, out);
            } else if (name.endsWith(LakeSinkFactory.FILE_SUFFIX)) {
                out.add(childRel);
            }
        }
    }

    private List<String> manifestRuns(FileSystem fs) throws IOException {
        List<String> runs = new ArrayList<>();
        if (!fs.exists(home)) {
            return runs;
        }
        for (FileStatus s : fs.listStatus(home)) {
            String name = s.getPath().getName();
            if (!s.isDir() && name.endsWith(MANIFEST_SUFFIX)) {
                runs.add(name.substring(0, name.length() - MANIFEST_SUFFIX.length()));
            }
        }
        return runs;
    }

    private List<String> readManifest(FileSystem fs, String run) throws IOException {
        List<String> files = new ArrayList<>();
        for (String line : readLines(fs, new Path(home, run + MANIFEST_SUFFIX))) {
            if (!line.isBlank()) {
                files.add(line.trim());
            }
        }
        return files;
    }

    private String readRun(FileSystem fs) throws IOException {
        return readFirstLine(fs, new Path(home, RUN));
    }

    private String readCurrent(FileSystem fs) throws IOException {
        return readFirstLine(fs, new Path(home, CURRENT));
    }

    private static String readFirstLine(FileSystem fs, Path p) throws IOException {
        if (!fs.exists(p)) {
            return null;
        }
        List<String> lines;
        try {
            lines = readLines(fs, p);
        } catch (java.io.FileNotFoundException e) {
            return null; // removed between the check and the read
        }
        return lines.isEmpty() || lines.get(0).isBlank() ? null : lines.get(0).trim();
    }

    private static List<String> readLines(FileSystem fs, Path p) throws IOException {
        List<String> lines = new ArrayList<>();
        try (FSDataInputStream in = fs.open(p);
                BufferedReader r =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static void writeAtomically(FileSystem fs, Path p, String content) throws IOException {
        // Write aside, then rename: a reader (or a crash) never sees half a manifest.
        Path tmp =
                new Path(
                        p.getParent(),
                        "."
                                + p.getName()
                                + "."
                                + ThreadLocalRandom.current().nextInt(1 << 30)
                                + ".tmp");
        fs.mkdirs(p.getParent());
        try (OutputStream out = fs.create(tmp, FileSystem.WriteMode.OVERWRITE)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        if (fs.exists(p)) {
            fs.delete(p, false);
        }
        if (!fs.rename(tmp, p)) {
            // A concurrent publish of the same run wrote the same content first.
            fs.delete(tmp, false);
            if (!fs.exists(p)) {
                throw new IOException("could not write " + p);
            }
        }
    }

    private static String parent(String rel) {
        int i = rel.lastIndexOf('/');
        return i < 0 ? "" : rel.substring(0, i);
    }

    private static String stripSlash(String s) {
        String t = s.trim();
        while (t.length() > 1 && t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    @Override
    public String toString() {
        return "LakeBackfill{input=" + inputId + ", lake=" + lakeRoot + "}";
    }
}
