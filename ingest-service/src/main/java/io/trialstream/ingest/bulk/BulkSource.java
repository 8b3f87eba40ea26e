package io.trialstream.ingest.bulk;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The documents of one bulk import: the regular files under a directory, or the file entries of a zip archive,
 * listed in a stable (sorted) order so that a resumed import sees the same list. Hidden files and macOS resource
 * forks are skipped; symbolic links are not followed (they could point outside the allowed roots).
 */
abstract sealed class BulkSource implements Closeable {

    /** An entry larger than the per-document limit (also what a zip bomb's entry runs into). */
    static final class TooLargeException extends IOException {
        TooLargeException(String message) {
            super(message);
        }
    }

    abstract List<String> entries() throws IOException;

    /** The entry's bytes; at most {@code maxBytes}, else {@link TooLargeException}. Safe from several threads. */
    abstract byte[] read(String entry, int maxBytes) throws IOException;

    /** Where a document came from, for the record's provenance. */
    abstract String sourceUri(String entry);

    static BulkSource open(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            return new DirectorySource(path);
        }
        try {
            return new ZipSource(path);
        } catch (ZipException e) {
            throw new IOException("not a directory and not a readable zip archive", e);
        }
    }

    /** The Content-Type a document is read with, from its file extension; other names are recognised by content. */
    static String contentType(String entry) {
        String name = entry.toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return "application/json";
        }
        if (name.endsWith(".xml")) {
            return "application/xml";
        }
        if (name.endsWith(".html") || name.endsWith(".htm") || name.endsWith(".xhtml")) {
            return "text/html";
        }
        if (name.endsWith(".txt")) {
            return "text/plain";
        }
        return null;
    }

    static boolean skipped(String entry) {
        for (String part : entry.split("/")) {
            if (part.startsWith(".") || part.equals("__MACOSX")) {
                return true;
            }
        }
        return false;
    }

    static byte[] readBounded(InputStream in, int maxBytes, String entry) throws IOException {
        byte[] bytes = in.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw new TooLargeException(entry + " is larger than " + maxBytes + " bytes");
        }
        return bytes;
    }

    private static final class DirectorySource extends BulkSource {
        private final Path root;

        DirectorySource(Path root) {
            this.root = root;
        }

        @Override
        List<String> entries() throws IOException {
            List<String> names = new ArrayList<>();
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                        .map(p -> root.relativize(p).toString().replace(java.io.File.separatorChar, '/'))
                        .filter(name -> !skipped(name))
                        .forEach(names::add);
            }
            Collections.sort(names);
            return names;
        }

        @Override
        byte[] read(String entry, int maxBytes) throws IOException {
            Path file = root.resolve(entry).normalize();
            if (!file.startsWith(root)) {
                throw new IOException("entry outside the import directory");
            }
            if (Files.size(file) > maxBytes) {
                throw new TooLargeException(entry + " is larger than " + maxBytes + " bytes");
            }
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                return readBounded(in, maxBytes, entry);
            }
        }

        @Override
        String sourceUri(String entry) {
            return root.resolve(entry).toUri().toString();
        }

        @Override
        public void close() {
        }
    }

    private static final class ZipSource extends BulkSource {
        private final Path path;
        private final ZipFile zip;

        ZipSource(Path path) throws IOException {
            this.path = path;
            this.zip = new ZipFile(path.toFile());
        }

        @Override
        List<String> entries() {
            List<String> names = new ArrayList<>();
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                if (!e.isDirectory() && !skipped(e.getName())) {
                    names.add(e.getName());
                }
            }
            Collections.sort(names);
            return names;
        }

        @Override
        byte[] read(String entry, int maxBytes) throws IOException {
            ZipEntry e = zip.getEntry(entry);
            if (e == null) {
                throw new IOException("entry no longer in the archive");
            }
            if (e.getSize() > maxBytes) {
                throw new TooLargeException(entry + " is larger than " + maxBytes + " bytes");
            }
            // the declared size can lie: the bounded read is what stops a zip bomb
            try (InputStream in = zip.getInputStream(e)) {
                return readBounded(in, maxBytes, entry);
            }
        }

        @Override
        String sourceUri(String entry) {
            return "jar:" + path.toUri() + "!/" + entry;
        }

        @Override
        public void close() throws IOException {
            zip.close();
        }
    }
}
