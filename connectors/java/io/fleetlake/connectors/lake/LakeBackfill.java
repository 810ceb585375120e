package io.fleetlake.connectors.lake;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
 * <p>A run writes into a staging folder outside every table's location ({@code
 * <lake>/_backfill/<input-id>/staging/<run>/<table>/<partition>/}), with FileSink's usual
 * exactly-once commits. Only when every table's committer has committed the end of the input
 * ({@link BackfillPublisher}, part of the job, so a detached cluster submission publishes too) does
 * {@link #publish()} move the files into the tables, partition by partition, and right after each
 * partition's move delete the files the previous published run of the same input had put there.
 * Which files those are is recorded in a manifest per published run, so:
 *
 * <ul>
 *   <li>files not written by a backfill of this input (streamed data, other inputs' backfills) are
 *       never touched, even in partitions they share;
 *   <li>a failed or stopped run changes nothing visible (its staging folder is removed by the next
 *       run);
 *   <li>an interrupted publish is finished by the next {@link #recover()} (each step can be
 *       repeated).
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

    private static final String CURRENT = "CURRENT";
    private static final String MANIFEST_SUFFIX = ".manifest";

    /**
     * Folder of a run's staging area where each lake committer subtask leaves a marker once it has
     * committed.
     */
    private static final String COMMITTED_DIR = "_committed";

    private static final Pattern MARKER = Pattern.compile("(.+)-(\\d+)-of-(\\d+)");

    private final String lakeRoot;
    private final String inputId;
    private final String runId;
    private final Path home;

    private LakeBackfill(String lakeRoot, String inputId, String runId) {
        this.lakeRoot = stripSlash(lakeRoot);
        this.inputId = inputId;
        this.runId = runId;
        this.home = new Path(this.lakeRoot + "/" + BACKFILL_DIR + "/" + inputId);
    }

    /** A new run for {@code input} (a file or folder URI) into the lake at {@code lakeRoot}. */
    public static LakeBackfill newRun(String lakeRoot, String input) {
        String run =
                DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT)
                                .withZone(ZoneOffset.UTC)
                                .format(java.time.Instant.now())
                        + String.format(
                                Locale.ROOT, "%04x", ThreadLocalRandom.current().nextInt(0x10000));
        return new LakeBackfill(lakeRoot, inputId(input), run);
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

    /** Where the sinks of this run write (a lake root of its own). */
    public String stagingRoot() {
        return home + "/staging/" + runId;
    }

    /**
     * Data file prefix of this run's files ({@code part-bf-<input>-<run>}): tells where a file came
     * from.
     */
    public String partPrefix() {
        return LakeSinkFactory.FILE_PREFIX + "-bf-" + inputId + "-" + runId;
    }

    public String runId() {
        return runId;
    }

    public String inputId() {
        return inputId;
    }

    /**
     * Finishes an interrupted publish of an earlier run of this input and removes the staging
     * folders of runs that never finished. Call before starting a run.
     */
    public void recover() throws IOException {
        FileSystem fs = home.getFileSystem();
        String current = readCurrent(fs);
        // A manifest other than CURRENT's is a publish that did not finish: finish the latest such
        // (run ids sort by
        // time); publishing it removes every other manifest.
        String interrupted = null;
        for (String manifestRun : manifestRuns(fs)) {
            if (!manifestRun.equals(current)
                    && !manifestRun.equals(runId)
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
        Path staging = new Path(home, "staging");
        if (fs.exists(staging)) {
            for (FileStatus s : fs.listStatus(staging)) {
                String run = s.getPath().getName();
                if (!run.equals(runId)) {
                    fs.delete(s.getPath(), true);
                }
            }
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
     * Moves this (finished) run's files into the lake, replacing the previous run's. Can be
     * repeated: once this run's manifest is written, a repeat (a restarted publisher) finishes the
     * same files; once published, it changes nothing.
     */
    public Published publish() throws IOException {
        FileSystem fs = home.getFileSystem();
        if (isPublished()) {
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
                // files since our
                // listing): its manifest is complete, ours might not be. Files move only after a
                // manifest exists,
                // so a listing made before any manifest existed is complete too, and both are the
                // same.
                files = readManifest(fs, runId);
            } else {
                // The manifest first: from here on, a crash is finished by recover() with exactly
                // these files.
                writeAtomically(fs, manifest, String.join("\n", files) + "\n");
            }
        }
        return publishRun(fs, runId, files);
    }

    /** Whether this run is the published one of its input. */
    public boolean isPublished() throws IOException {
        return runId.equals(readCurrent(home.getFileSystem()));
    }

    /**
     * Records that subtask {@code subtask} of {@code parallelism} of {@code table}'s committer has
     * committed every file of this run (an empty marker file; writing it again is harmless).
     */
    public void markCommitted(String table, int subtask, int parallelism) throws IOException {
        FileSystem fs = home.getFileSystem();
        Path marker =
                new Path(
                        stagingRoot()
                                + "/"
                                + COMMITTED_DIR
                                + "/"
                                + table
                                + "-"
                                + subtask
                                + "-of-"
                                + parallelism);
        fs.mkdirs(marker.getParent());
        try (OutputStream out = fs.create(marker, FileSystem.WriteMode.OVERWRITE)) {
            out.flush();
        }
    }

    /**
     * Whether every subtask of every one of {@code tables}' committers has {@linkplain
     * #markCommitted marked}.
     */
    public boolean allCommitted(List<String> tables) throws IOException {
        FileSystem fs = home.getFileSystem();
        Path dir = new Path(stagingRoot() + "/" + COMMITTED_DIR);
        Map<String, Set<Integer>> seen = new LinkedHashMap<>();
        Map<String, Integer> expected = new LinkedHashMap<>();
        if (fs.exists(dir)) {
            for (FileStatus s : fs.listStatus(dir)) {
                Matcher m = MARKER.matcher(s.getPath().getName());
                if (m.matches()) {
                    seen.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>())
                            .add(Integer.parseInt(m.group(2)));
                    expected.put(m.group(1), Integer.parseInt(m.group(3)));
                }
            }
        }
        for (String table : tables) {
            if (!expected.containsKey(table) || seen.get(table).size() < expected.get(table)) {
                return false;
            }
        }
        return true;
    }

    private Published publishRun(FileSystem fs, String run, List<String> files) throws IOException {
        Path staging = new Path(home + "/staging/" + run);
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
        if (fs.exists(staging)) {
            fs.delete(staging, true);
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

    private String readCurrent(FileSystem fs) throws IOException {
        Path p = new Path(home, CURRENT);
        if (!fs.exists(p)) {
            return null;
        }
        List<String> lines = readLines(fs, p);
        return lines.isEmpty() ? null : lines.get(0).trim();
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
        return "LakeBackfill{input=" + inputId + ", run=" + runId + ", lake=" + lakeRoot + "}";
    }
}
