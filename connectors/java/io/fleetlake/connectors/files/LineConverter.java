package io.fleetlake.connectors.files;

import java.io.Serializable;

/**
 * Turns one line of a text file into a record. Given the file, the 1-based line number and, for
 * files whose first line is a header (CSV), that header; the converter decides what the record is,
 * so the file source stays generic.
 *
 * @param <T> the record type
 */
@FunctionalInterface
public interface LineConverter<T> extends Serializable {
    /**
     * @param file the file path as a string
     * @param lineNumber 1-based line number in the file
     * @param line the line's bytes as in the file, without its terminator (not decoded: the
     *     converter sees bytes that are not UTF-8 as they are)
     * @param header the file's header line when the file has one, else null
     * @param readTime when the line was read, epoch milliseconds
     */
    T convert(String file, long lineNumber, byte[] line, String header, long readTime);
}
