package io.datasync.sync.run;

import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Schema;
import java.util.List;

/** The transforms of a job as the engine sees them: a chunk in, a chunk and the rows it refused out. */
public interface ChunkTransformer {

    /** The identity, for jobs without transforms. */
    ChunkTransformer NONE = new ChunkTransformer() {
        @Override
        public Schema outputSchema(Schema input) {
            return input;
        }

        @Override
        public Transformed apply(Chunk chunk) {
            return new Transformed(chunk, List.of());
        }
    };

    Schema outputSchema(Schema input);

    Transformed apply(Chunk chunk);

    /** A row a transform refused, with the key of the source row when it has one. */
    record RejectedRow(String key, String transform, String reason) {}

    record Transformed(Chunk chunk, List<RejectedRow> rejected) {}
}
