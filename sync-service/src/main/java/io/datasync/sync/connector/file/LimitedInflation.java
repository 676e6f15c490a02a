package io.datasync.sync.connector.file;

import io.datasync.sync.connector.spi.ReadLimits;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts what a compressed file gives and stops a decompression bomb: past {@link ReadLimits#decompressedBytes()} of
 * output, or past {@link ReadLimits#RATIO_GRACE_BYTES} at a ratio of output to input above
 * {@link ReadLimits#decompressionRatio()}, reading fails with {@link Bomb}.
 */
final class LimitedInflation {

    private LimitedInflation() {}

    /** A compressed file that decompresses past a limit. */
    static final class Bomb extends IOException {
        Bomb(String message) {
            super(message);
        }
    }

    /** Counts the bytes read through it. */
    static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    /**
     * @param compressed counts the compressed bytes read from the file
     * @param inflated the decompressing stream over {@code compressed}
     */
    static InputStream limit(Counting compressed, InputStream inflated, ReadLimits limits) {
        return new FilterInputStream(inflated) {
            private long out;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    check(1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    check(n);
                }
                return n;
            }

            private void check(int n) throws IOException {
                out += n;
                if (out > limits.decompressedBytes()) {
                    throw new Bomb("it decompresses to more than " + limits.decompressedBytes() + " bytes ("
                            + ReadLimits.PREFIX + "decompressed-bytes)");
                }
                if (out > ReadLimits.RATIO_GRACE_BYTES
                        && out / Math.max(1, compressed.count) > limits.decompressionRatio()) {
                    throw new Bomb("it decompresses " + out / Math.max(1, compressed.count) + " times its size, like a"
                            + " decompression bomb (" + ReadLimits.PREFIX + "decompression-ratio is "
                            + limits.decompressionRatio() + ")");
                }
            }
        };
    }
}
