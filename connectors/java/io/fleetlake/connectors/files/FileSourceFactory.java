package io.fleetlake.connectors.files;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.core.fs.Path;

/**
 * Builds the file backfill source: Flink's {@link FileSource} over a file or a directory
 * (recursively), local or {@code s3://}, reading line-oriented files ({@code *.jsonl}, {@code
 * *.json}, {@code *.csv}, optionally {@code .gz}). Other files in the directory are skipped.
 * Bounded by default; with a monitor interval it keeps watching the directory for new files. Files
 * are read in the natural order of their paths ({@link PathOrderSplitAssigner}).
 */
public final class FileSourceFactory {

    /** File name endings the source reads. */
    public static final List<String> SUPPORTED_SUFFIXES =
            Arrays.asList(
                    ".jsonl",
                    ".json",
                    ".ndjson",
                    ".csv",
                    ".jsonl.gz",
                    ".json.gz",
                    ".ndjson.gz",
                    ".csv.gz");

    private FileSourceFactory() {}

    /**
     * @param path a file or directory
     * @param converter builds a record from each line
     * @param type the record type
     * @param monitorInterval null for a bounded read, else how often to look for new files
     */
    public static <T> FileSource<T> create(
            String path,
            LineConverter<T> converter,
            TypeInformation<T> type,
            Duration monitorInterval) {
        LineFileFormat<T> format = new LineFileFormat<>(converter, FileSourceFactory::isCsv, type);
        FileSource.FileSourceBuilder<T> builder =
                FileSource.forBulkFileFormat(format, new Path(path))
                        .setFileEnumerator(supportedFilesEnumerator())
                        // Files in path order, not listing order: see PathOrderSplitAssigner.
                        .setSplitAssigner(PathOrderSplitAssigner::new);
        if (monitorInterval != null) {
            builder.monitorContinuously(monitorInterval);
        }
        return builder.build();
    }

    /** True when the file is CSV (its first line is a header). */
    public static boolean isCsv(String file) {
        String f = file.toLowerCase(Locale.ROOT);
        return f.endsWith(".csv") || f.endsWith(".csv.gz");
    }

    /** True for a file this source reads. */
    public static boolean isSupported(String file) {
        String f = file.toLowerCase(Locale.ROOT);
        for (String s : SUPPORTED_SUFFIXES) {
            if (f.endsWith(s)) {
                return true;
            }
        }
        return false;
    }

    private static FileEnumerator.Provider supportedFilesEnumerator() {
        // Hidden files ('.' or '_' prefixed, e.g. Flink's in-progress files) are already skipped by
        // the default filter.
        return () ->
                new NonSplittingRecursiveEnumerator(
                        p ->
                                !p.getName().startsWith(".")
                                        && !p.getName().startsWith("_")
                                        && (isSupported(p.getName()) || isDirectory(p)));
    }

    private static boolean isDirectory(Path p) {
        // The enumerator applies the filter to directories too, so they must pass it to be
        // descended into. Asked
        // only for names without a supported suffix, so a listing of data files costs no extra
        // status call.
        try {
            return p.getFileSystem().getFileStatus(p).isDir();
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
