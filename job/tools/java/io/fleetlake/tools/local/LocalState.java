package io.fleetlake.tools.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Where {@code ./fleetlake} keeps what it needs to resume: the run's retained checkpoints and its
 * stop-savepoint, beside the lake in {@code <lake>/_state/} (not a table, so Athena, Glue and the
 * lake readers never see it; like {@code _backfill/}), or in the folder given by {@code --state}.
 * Any Flink file system ({@code s3://} too).
 *
 * <pre>
 * _state/checkpoints/&lt;job-id&gt;/chk-N/_metadata   retained on cancellation and failure (kill, crash)
 * _state/savepoints/savepoint-…/_metadata        written by the stop on Ctrl-C
 * _state/run.properties                          the sources of the run, and the simulator's start time
 * </pre>
 *
 * The next run resumes from the newest of them (by the time its {@code _metadata} was written).
 */
final class LocalState {
    /**
     * Folder under the lake root (an underscore: skipped by Athena, Glue and Hive-style readers).
     */
    static final String DIR_NAME = "_state";

    private static final String CHECKPOINTS = "checkpoints";
    private static final String SAVEPOINTS = "savepoints";
    private static final String METADATA = "_metadata";
    private static final String RUN_FILE = "run.properties";

    private final Path root;

    private LocalState(Path root) {
        this.root = root;
    }

    /** The state folder for a lake: {@code stateDir} when given, else {@code <lakeRoot>/_state}. */
    static LocalState of(String lakeRoot, String stateDir) {
        String dir = stateDir != null ? stateDir : stripSlash(lakeRoot) + "/" + DIR_NAME;
        return new LocalState(new Path(dir).makeQualified(localFileSystem()));
    }

    private static FileSystem localFileSystem() {
        return FileSystem.getLocalFileSystem();
    }

    String uri() {
        return root.toUri().toString();
    }

    /** Flink's checkpoint directory of the run. */
    String checkpointsDir() {
        return new Path(root, CHECKPOINTS).toUri().toString();
    }

    /** Where the stop-savepoint goes. */
    String savepointsDir() {
        return new Path(root, SAVEPOINTS).toUri().toString();
    }

    /** The newest retained checkpoint or savepoint (its folder), if any. */
    Optional<String> newestSnapshot() throws IOException {
        FileSystem fs = root.getFileSystem();
        FileStatus newest = null;
        for (FileStatus metadata : snapshotMetadata(fs)) {
            if (newest == null || metadata.getModificationTime() > newest.getModificationTime()) {
                newest = metadata;
            }
        }
        return newest == null
                ? Optional.empty()
                : Optional.of(newest.getPath().getParent().toUri().toString());
    }

    private List<FileStatus> snapshotMetadata(FileSystem fs) throws IOException {
        List<FileStatus> found = new ArrayList<>();
        // checkpoints/<job-id>/chk-N/_metadata
        for (FileStatus job : list(fs, new Path(root, CHECKPOINTS))) {
            for (FileStatus chk : list(fs, job.getPath())) {
                if (chk.isDir() && chk.getPath().getName().startsWith("chk-")) {
                    addMetadata(fs, chk.getPath(), found);
                }
            }
        }
        // savepoints/savepoint-…/_metadata
        for (FileStatus savepoint : list(fs, new Path(root, SAVEPOINTS))) {
            if (savepoint.isDir()) {
                addMetadata(fs, savepoint.getPath(), found);
            }
        }
        return found;
    }

    private static void addMetadata(FileSystem fs, Path dir, List<FileStatus> found)
            throws IOException {
        Path metadata = new Path(dir, METADATA);
        if (fs.exists(metadata)) {
            found.add(fs.getFileStatus(metadata));
        }
    }

    private static List<FileStatus> list(FileSystem fs, Path dir) throws IOException {
        List<FileStatus> out = new ArrayList<>();
        if (!fs.exists(dir)) {
            return out;
        }
        FileStatus[] entries = fs.listStatus(dir);
        if (entries != null) {
            for (FileStatus s : entries) {
                if (s.isDir()) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /**
     * Removes every checkpoint and savepoint except the one in {@code keep} (a snapshot folder
     * URI).
     */
    void pruneExcept(String keep) throws IOException {
        FileSystem fs = root.getFileSystem();
        Path kept = new Path(keep);
        for (FileStatus job : list(fs, new Path(root, CHECKPOINTS))) {
            if (!isAncestor(job.getPath(), kept)) {
                fs.delete(job.getPath(), true);
            }
        }
        for (FileStatus savepoint : list(fs, new Path(root, SAVEPOINTS))) {
            if (!savepoint.getPath().toUri().getPath().equals(kept.toUri().getPath())) {
                fs.delete(savepoint.getPath(), true);
            }
        }
    }

    private static boolean isAncestor(Path ancestor, Path p) {
        String a = ancestor.toUri().getPath();
        String child = p.toUri().getPath();
        return child.equals(a) || child.startsWith(a.endsWith("/") ? a : a + "/");
    }

    /** Forgets everything ({@code --fresh}). */
    void wipe() throws IOException {
        FileSystem fs = root.getFileSystem();
        if (fs.exists(root)) {
            fs.delete(root, true);
        }
    }

    /** What the last run recorded ({@code run.properties}); empty when there is none. */
    Properties readRun() throws IOException {
        Properties p = new Properties();
        Path file = new Path(root, RUN_FILE);
        FileSystem fs = root.getFileSystem();
        if (fs.exists(file)) {
            try (InputStream in = fs.open(file)) {
                p.load(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        return p;
    }

    void writeRun(Properties p) throws IOException {
        FileSystem fs = root.getFileSystem();
        fs.mkdirs(root);
        StringWriter text = new StringWriter();
        p.store(text, "./fleetlake: the run whose checkpoints are here");
        try (OutputStream out =
                fs.create(new Path(root, RUN_FILE), FileSystem.WriteMode.OVERWRITE)) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
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
        return uri();
    }
}
