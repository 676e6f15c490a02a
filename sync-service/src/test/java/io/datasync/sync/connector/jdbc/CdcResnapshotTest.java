package io.datasync.sync.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which stored offsets mean "the copy did not finish", and from where the stream then goes on. */
class CdcResnapshotTest {

    @Test
    void anUnfinishedFirstCopyStreamsFromItsOwnPosition() {
        assertThat(CdcStreamReader.resnapshotFrom(Map.of("lsn", 120L, "snapshot", true, "last_snapshot_record", false)))
                .isEqualTo(120L);
        assertThat(CdcStreamReader.resnapshotFrom(Map.of("lsn", 120L, "snapshot", "INITIAL")))
                .isEqualTo(120L);
    }

    @Test
    void anUnfinishedSecondCopyKeepsThePositionOfTheFirst() {
        assertThat(CdcStreamReader.resnapshotFrom(
                        Map.of("lsn", 900L, "snapshot", true, CdcStreamReader.STREAM_FROM, 120L)))
                .isEqualTo(120L);
    }

    @Test
    void aFinishedCopyOrAStreamingPositionNeedsNoCopy() {
        assertThat(CdcStreamReader.resnapshotFrom(Map.of("lsn", 120L, "snapshot", true, "last_snapshot_record", true)))
                .isNull();
        assertThat(CdcStreamReader.resnapshotFrom(Map.of("lsn", 500L, "txId", 7L, "lsn_commit", 480L)))
                .isNull();
        assertThat(CdcStreamReader.resnapshotFrom(Map.of("lsn", 500L, "snapshot", false)))
                .isNull();
    }
}
